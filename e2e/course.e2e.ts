/**
 * Courses in Chromium against the H5 build and a seeded local cloud, as new users would:
 * a teacher (家庭教育指导教师) publishes a one-seat course; parent A enrols, parent B lands on the
 * waitlist; A cancels; B is promoted automatically and sees it in 我的课程.
 */
import type { Page } from 'playwright-core';
import type { App } from './helpers/app';
import { input, shot, useAppPage } from './helpers/page';

jest.setTimeout(180_000);

const TEACHER = 'demo-teacher-005';
const PARENT_A = 'demo-parent-001';
const PARENT_B = 'demo-parent-002';
const TITLE = '一个名额的亲子沟通小课';

async function openDetail(app: App, page: Page, courseId: string) {
  await app.goto(page, `/packages/course/pages/detail/index?id=${courseId}`);
  await page.locator('[data-testid="course-title"]').waitFor({ timeout: 20000 });
}

async function enrollButtonText(page: Page) {
  const b = page.locator('[data-testid="enroll-button"]');
  await b.waitFor({ timeout: 20000 });
  return (await b.textContent())?.trim();
}

describe('courses (H5 in Chromium)', () => {
  let app: App;
  let page: Page;
  let courseId = '';

  useAppPage(__filename, (started) => ({ app, page } = started));

  it('a teacher creates and publishes a one-seat course', async () => {
    await app.signInAs(page, TEACHER);
    await app.goto(page, '/pages/courses/index');
    // the 课程 tab offers staff the way in to 课程管理
    await page.locator('[data-testid="courses-tab-manage"]:visible').first().waitFor({ timeout: 20000 });
    await app.goto(page, '/packages/course/pages/manage/index');
    await page.locator('[data-testid="new-course"]').waitFor({ timeout: 20000 });
    await shot(app, page, '01-manage');
    await page.locator('[data-testid="new-course"]').click();
    await input(page, 'course-title-input').waitFor({ timeout: 20000 });
    await input(page, 'course-title-input').fill(TITLE);
    await input(page, 'speaker-name').fill('王老师');
    await input(page, 'capacity-input').fill('1');
    await page.locator('[data-testid="form-chips"] [data-value="家长课堂"]').click();
    await shot(app, page, '02-new-course-form');
    await page.locator('[data-testid="save-publish"]').click();
    await page.waitForURL(/packages\/course\/pages\/detail\/index\?id=/, { timeout: 20000 });
    courseId = new URL(page.url().replace('#', '')).searchParams.get('id') ?? /id=([0-9a-f]+)/.exec(page.url())![1];
    await page.locator('[data-testid="course-status"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="course-status"]').textContent()).resolves.toBe('报名中');
    await expect(page.locator('[data-testid="course-capacity"]').textContent()).resolves.toContain('1个');
    // each session links to its check-in projector and attendance roster (credit subpackage)
    await expect(page.locator('[data-testid="session-projector"]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-testid="session-roster"]').count()).resolves.toBeGreaterThan(0);
    await shot(app, page, '03-published');
  });

  it('parent A finds it by search and takes the only seat', async () => {
    await app.signInAs(page, PARENT_A);
    await app.goto(page, '/packages/course/pages/list/index');
    await input(page, 'course-search').waitFor({ timeout: 20000 });
    await input(page, 'course-search').fill('亲子沟通小课');
    await input(page, 'course-search').press('Enter');
    const card = page.locator(`[data-testid="course-card"][data-course-id="${courseId}"]`);
    await card.waitFor({ timeout: 20000 });
    // the search leaves only the matching course
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="course-card"]').length === 1, undefined, { timeout: 20000 });
    await shot(app, page, '04-list-search');
    await card.click();
    await page.locator('[data-testid="course-title"]').waitFor({ timeout: 20000 });
    await expect(enrollButtonText(page)).resolves.toBe('立即报名');
    await page.locator('[data-testid="enroll-button"]').click();
    await page.locator('[data-testid="my-enrollment"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="my-enrollment"]').textContent()).resolves.toContain('已报名');
    await expect(enrollButtonText(page)).resolves.toBe('取消报名');
    await shot(app, page, '05-parent-a-enrolled');
  });

  it('parent B finds the seat gone and joins the waitlist', async () => {
    await app.signInAs(page, PARENT_B);
    await openDetail(app, page, courseId);
    await expect(page.locator('[data-testid="course-seats"]').textContent()).resolves.toContain('名额已满');
    await expect(enrollButtonText(page)).resolves.toBe('加入候补');
    await page.locator('[data-testid="enroll-button"]').click();
    await page.locator('[data-testid="my-enrollment"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="my-enrollment"]').textContent()).resolves.toContain('候补第1位');
    await expect(enrollButtonText(page)).resolves.toBe('退出候补');
    await shot(app, page, '06-parent-b-waitlisted');
  });

  it('parent A cancels; the seat goes to parent B automatically', async () => {
    await app.signInAs(page, PARENT_A);
    await openDetail(app, page, courseId);
    await expect(enrollButtonText(page)).resolves.toBe('取消报名');
    await page.locator('[data-testid="enroll-button"]').click();
    await page.getByText('确定', { exact: true }).last().click();
    await page.locator('[data-testid="my-enrollment"]').waitFor({ state: 'detached', timeout: 20000 });
    // B took the seat at once, so A would now queue behind nobody: the seat is taken again.
    await expect(enrollButtonText(page)).resolves.toBe('加入候补');
    await shot(app, page, '07-parent-a-cancelled');

    await app.signInAs(page, PARENT_B);
    await openDetail(app, page, courseId);
    await expect(page.locator('[data-testid="my-enrollment"]').textContent()).resolves.toContain('已报名');
    await shot(app, page, '08-parent-b-promoted');
    await app.goto(page, '/packages/course/pages/mine/index');
    const upcoming = page.locator('[data-testid="mine-upcoming"]');
    await upcoming.waitFor({ timeout: 20000 });
    await expect(upcoming.textContent()).resolves.toContain(TITLE);
    await shot(app, page, '09-parent-b-my-courses');

    const notices = app.cloud.db.readAll('notice_inbox', 1000).filter((n) => n.courseId === courseId);
    expect(notices.map((n) => n.kind)).toEqual(['course.promoted']);
  });

  it('the teacher sees the enrolment list with the class breakdown', async () => {
    await app.signInAs(page, TEACHER);
    await app.goto(page, `/packages/course/pages/enrollments/index?id=${courseId}`);
    await page.locator('[data-testid="by-class"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="enrolled-list"] [data-testid="enrollment-row"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid="by-class"]').textContent()).resolves.toContain('三年级1班');
    await shot(app, page, '10-enrolment-list');
    expect(app.problems).toEqual([]);
  });
});
