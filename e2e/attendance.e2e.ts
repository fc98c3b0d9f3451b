/**
 * Attendance in Chromium against the H5 build and a seeded local cloud, as new users would:
 * the teacher (家庭教育指导教师) opens check-in on the projector page of a session happening now;
 * a parent types the code shown under the rotating QR code and is checked in; their 学习档案 shows
 * the hours and the star level change. Screenshots under test-output/e2e/attendance/.
 */
import type { Page } from 'playwright-core';
import jsQR from 'jsqr';
import cloudSdk from 'wx-server-sdk';
import { startApp, type App } from './helpers/app';
import { launchChromium, type Browser } from './helpers/browser';
import { userIdFor } from '../server/access/actor';
import { putCourse } from '../server/attendance/test-fixtures';
import type { Database } from '../server/core/cloud';
import { termOf } from '../types/credit/credit.rules';

// pngjs ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { data: Buffer; width: number; height: number } } } };

jest.setTimeout(240_000);

const TEACHER = 'demo-teacher-005';
const PARENT = 'demo-parent-001';
const SCHOOL_A = 'school-bjsx';
const COURSE = 'e2e-attendance-course';
const SESSION = `${COURSE}-s1`;

async function shot(app: App, page: Page, name: string) {
  await page.waitForTimeout(800);
  await app.screenshot(page, name);
}

async function text(page: Page, testId: string): Promise<string> {
  const l = page.locator(`[data-testid="${testId}"]`).first();
  await l.waitFor({ timeout: 30000 });
  return ((await l.textContent()) ?? '').trim();
}

async function openArchive(app: App, page: Page): Promise<{ hours: number; level: number }> {
  await app.goto(page, '/packages/credit/pages/summary/index');
  const hours = Number(await text(page, 'year-hours'));
  const level = Number(await page.locator('[data-testid="star-level"]').first().getAttribute('data-level'));
  return { hours, level };
}

describe('attendance (H5 in Chromium)', () => {
  let app: App;
  let projector: Browser;
  let db: Database;
  let parentPage: Page;
  let teacherPage: Page;
  let before = { hours: 0, level: 0 };
  let childId = '';

  beforeAll(async () => {
    app = await startApp({ testFile: __filename });
    const sdk = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({ env: app.cloud.envId, serviceUrl: app.cloud.adminUrl });
    db = sdk.database() as unknown as Database;
    // A session happening now, with demo-parent-001's child (school A) enrolled.
    await putCourse(db, { courseId: COURSE, schoolId: SCHOOL_A, startAt: new Date(Date.now() - 5 * 60_000), minutes: 90, title: '家长课堂：陪伴孩子度过青春期' });
    const parent = (await db.collection('users').doc(userIdFor(PARENT)).get()).data as { children: { childId: string; schoolId: string; classId: string; gradeId: string; childName: string }[] };
    const child = parent.children.find((c) => c.schoolId === SCHOOL_A)!;
    childId = child.childId;
    await db.collection('enrollments').doc(`${COURSE}_${child.childId}`).set({
      data: { courseId: COURSE, schoolId: SCHOOL_A, semester: termOf(new Date()).term, familyId: child.childId, childSchoolId: SCHOOL_A, gradeId: child.gradeId, classId: child.classId, childName: child.childName, userId: userIdFor(PARENT), openid: PARENT, seats: 1, status: 'enrolled', seq: 1, enrolledAt: new Date(), createdAt: new Date(), updatedAt: new Date() },
    });
    parentPage = await app.open();
    projector = await launchChromium({ viewport: { width: 1280, height: 900 } });
    teacherPage = await projector.context.newPage();
  });
  afterAll(async () => {
    await projector?.close();
    await app?.close();
  });

  it('the parent sees their 学习档案 before', async () => {
    await app.signInAs(parentPage, PARENT);
    before = await openArchive(app, parentPage);
    // Thresholds such that this check-in (2 课时) earns the next star: ★ at current + 2.
    const year = termOf(new Date()).schoolYear;
    const v = before.hours;
    await db.collection('credit_settings').doc(`${SCHOOL_A}_${year}`).set({
      data: { schoolId: SCHOOL_A, schoolYear: year, thresholds: { basis: 'hours', levels: [v + 2, v + 6, v + 10, v + 14, v + 18] }, profileId: 'guangzhou', customRequirements: [], updatedAt: new Date(), updatedBy: userIdFor('demo-admin-001') },
    });
    before = await openArchive(app, parentPage);
    expect(before.level).toBe(0);
    expect(await text(parentPage, 'star-hint')).toContain('2 课时');
    await shot(app, parentPage, '01-archive-before');
  });

  it('the teacher opens check-in on the projector page', async () => {
    await app.goto(teacherPage, '/pages/dev-login/index');
    await app.signInAs(teacherPage, TEACHER);
    await app.goto(teacherPage, '/packages/credit/pages/sessions/index');
    await teacherPage.locator(`[data-testid="session-${SESSION}"]`).waitFor({ timeout: 30000 });
    await shot(app, teacherPage, '02-teacher-sessions');
    await teacherPage.locator(`[data-testid="session-${SESSION}"] [data-testid="open-projector"]`).click();
    await teacherPage.locator('[data-testid="checkin-qr"]').waitFor({ timeout: 30000 });
    expect(await text(teacherPage, 'typed-code')).toMatch(/^[2-9A-Z]{4} \d{6}$/);
    expect(await text(teacherPage, 'checked-in-count')).toContain('已签到 0 / 1');
    // The QR code on screen decodes to the signed token for this session (what WeChat's scanner reads).
    const png = PNG.sync.read(await teacherPage.locator('[data-testid="checkin-qr"]').screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toMatch(new RegExp(`^PSA1\\.${SESSION}\\.\\d+\\.[A-Za-z0-9_-]{22}$`));
    await shot(app, teacherPage, '03-projector');
  });

  it('a wrong code is refused with a clear message', async () => {
    await app.goto(parentPage, '/packages/credit/pages/checkin/index');
    const input = parentPage.locator('[data-testid="checkin-code"] input, input[data-testid="checkin-code"]').first();
    await input.waitFor({ timeout: 30000 });
    await input.fill('ZZZZ 000000');
    await parentPage.locator('[data-testid="checkin-submit"]').click();
    expect(await text(parentPage, 'checkin-error')).toContain('签到码无效');
  });

  it('the parent types the code on screen and is checked in', async () => {
    const code = await text(teacherPage, 'typed-code');
    const input = parentPage.locator('[data-testid="checkin-code"] input, input[data-testid="checkin-code"]').first();
    await input.fill(code);
    await parentPage.locator('[data-testid="checkin-submit"]').click();
    expect(await text(parentPage, 'checkin-result')).toContain('签到成功');
    await shot(app, parentPage, '04-checked-in');
    // The projector's count follows (it polls every 2 s).
    await teacherPage.locator('[data-testid="checked-in-count"]', { hasText: '已签到 1 / 1' }).waitFor({ timeout: 15000 });
    await shot(app, teacherPage, '05-projector-after');
  });

  it("the parent's hours and star level change", async () => {
    await parentPage.locator('[data-testid="go-archive"]').click();
    await parentPage.locator('[data-testid="archive"]').waitFor({ timeout: 30000 });
    const after = await openArchive(app, parentPage);
    expect(after.hours).toBe(before.hours + 2);
    expect(after.level).toBe(1);
    await shot(app, parentPage, '06-archive-after');
  });

  it('the teacher sees the family on the roster as present', async () => {
    await teacherPage.locator('.nut-button:visible', { hasText: '考勤名册' }).first().click();
    const row = teacherPage.locator(`[data-testid="roster-row-${childId}"]`);
    await row.waitFor({ timeout: 30000 });
    expect(await row.textContent()).toContain('出席');
    await shot(app, teacherPage, '07-roster');
  });

  it('the teacher corrects the record to 早退 with a reason; the history says who and when', async () => {
    const row = teacherPage.locator(`[data-testid="roster-row-${childId}"]`);
    await row.locator('.cr-row').click();
    await row.locator('input').fill('孩子发烧提前离开');
    await row.locator('.nut-button', { hasText: '改为早退' }).click();
    await teacherPage.locator(`[data-testid="roster-row-${childId}"] .cr-tag`, { hasText: '早退' }).waitFor({ timeout: 15000 });
    await row.locator('.cr-row').click();
    const history = row.locator('.cr-line', { hasText: '出席 → 早退' });
    await history.waitFor({ timeout: 15000 });
    expect(await history.textContent()).toContain('孩子发烧提前离开');
    expect(await history.textContent()).toContain('家庭教育指导教师');
    await shot(app, teacherPage, '08-roster-corrected');
    // A correction is a new ledger entry (−1 课时), never an edit of the check-in entry.
    const entries = (await db.collection('credit_ledger').where({ familyId: childId, sourceId: SESSION }).get()).data;
    expect(entries.map((e) => e.hours).sort()).toEqual([-1, 2]);
    expect(app.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });

  it('the parent reads a 30-second article lesson; completion is accepted only after 90 % of it', async () => {
    await db.collection('online_lessons').doc('e2e-lesson-article').set({
      data: { schoolId: SCHOOL_A, title: '图文：三十秒读懂倾听', kind: 'article', durationSeconds: 30, creditHours: 0.5, summary: '', mediaUrl: null, body: '先听完，再回应：孩子说话时放下手机，看着孩子的眼睛。\n复述孩子的话，让他知道你听懂了；不急着讲道理，先说出他的感受，再一起想办法。', published: true, createdAt: new Date(), createdBy: userIdFor(TEACHER) },
    });
    await app.goto(parentPage, '/packages/credit/pages/lesson/index?lessonId=e2e-lesson-article');
    const button = parentPage.locator('.nut-button:visible', { hasText: '完成学习' }).first();
    await button.waitFor({ timeout: 30000 });
    expect(await button.getAttribute('class')).toContain('disabled');
    await shot(app, parentPage, '09-lesson-reading');
    // 90 % of 30 s = 27 s after the server recorded the start.
    await parentPage.locator('.cr-line:visible', { hasText: '已学习足够时长' }).waitFor({ timeout: 40000 });
    await button.click();
    await parentPage.locator('.cr-success:visible', { hasText: '计入 0.5 课时' }).waitFor({ timeout: 15000 });
    await shot(app, parentPage, '10-lesson-done');
    const entries = (await db.collection('credit_ledger').where({ sourceId: 'e2e-lesson-article' }).get()).data;
    expect(entries).toHaveLength(1);
  });
});
