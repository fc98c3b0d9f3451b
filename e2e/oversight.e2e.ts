/**
 * 家校工作看板 in Chromium (390×844) against the H5 build and a seeded local cloud, as its users
 * would: the principal opens the dashboard from 首页, sees figures against the school's policy and
 * the month trend (drawn by F2 on a canvas), drills from the school into a grade and a class with
 * families below the goal, opens that list, and downloads the attendance register (read back with
 * exceljs); the principal's 教联体 view shows the member schools side by side; the grade director
 * sees only the grade; the head teacher sees the class; a parent is not offered the dashboard and
 * the server refuses it. Everything again in 长辈模式: nothing clipped. Screenshots:
 * test-output/e2e/oversight/.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { SCHOOL_SEED } from '../server/school/school.seed';
import type { App } from './helpers/app';
import { shot, useAppPage } from './helpers/page';

jest.setTimeout(300_000);

const PRINCIPAL = 'demo-principal-001';
const DIRECTOR = 'demo-director-001';
const HEAD_TEACHER = 'demo-teacher-001';
const PARENT = 'demo-parent-001';
const DASHBOARD = '/packages/oversight/pages/dashboard/index';

const dashboard = (page: Page, kind?: string) => page.locator(`[data-testid="oversight-dashboard"]${kind ? `[data-scope="${kind}"]` : ''}:visible`).first();
const visible = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]:visible`);

/** The figures have loaded (the head card shows the scope's name). */
async function loaded(page: Page, kind: string) {
  await dashboard(page, kind).waitFor({ timeout: 30000 });
  await visible(page, 'scope-label').first().waitFor({ timeout: 30000 });
}

/** Non-transparent pixels on the visible trend canvas (F2 has drawn something). */
async function trendPixels(page: Page): Promise<number> {
  await visible(page, 'trend').first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(800);
  return page.evaluate(`(() => {
    const c = Array.from(document.querySelectorAll('[data-testid="trend"] canvas')).find((e) => e.getBoundingClientRect().height > 0);
    if (!c) return -1;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  })()`) as Promise<number>;
}

/** Texts of the visible page clipped by their box, or drawn over one another (the 长辈模式 check). */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const root = Array.from(document.querySelectorAll('.ps-page')).find((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e.closest('.taro_page') || e).display !== 'none'; });
    if (!root) return ['no page'];
    const boxes = [];
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = (n.textContent || '').trim();
      const el = n.parentElement;
      if (!t || !el) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden') continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) continue;
      if ((cs.overflow !== 'visible' || cs.textOverflow === 'ellipsis') && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2)) out.push('clipped: ' + t.slice(0, 20));
      const right = Math.max(...rects.map((r) => r.right));
      if (right > window.innerWidth + 1) out.push('off screen: ' + t.slice(0, 20));
      boxes.push({ t, rects });
    }
    const hit = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (boxes[i].rects.some((a) => boxes[j].rects.some((b) => hit(a, b)))) out.push('overlap: ' + boxes[i].t.slice(0, 12) + ' / ' + boxes[j].t.slice(0, 12));
    return out;
  })()`) as Promise<string[]>;
}

/** The first unit row (grade / class) that has families below the goal: "a / b 户" with a < b. */
async function rowBelowGoal(page: Page) {
  const rows = page.locator('[data-testid="units"]:visible [data-testid="unit-row"]');
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    const m = /(\d+) \/ (\d+) 户/.exec((await rows.nth(i).textContent()) ?? '');
    if (m && Number(m[1]) < Number(m[2])) return rows.nth(i);
  }
  throw new Error('no row with families below the goal');
}

/** Open a route as a fresh document (the H5 router keeps earlier pages of the same path alive). */
async function openRoute(app: App, page: Page, route: string) {
  await app.goto(page, route);
  await page.reload();
}

async function back(page: Page) {
  const bar = page.locator('#taro-navigation-bar');
  await expect(bar.locator('.taro-navigation-bar-back').isVisible()).resolves.toBe(true);
  await bar.locator('.taro-navigation-bar-back').click();
}

async function setElder(app: App, page: Page, on: boolean) {
  await openRoute(app, page, '/pages/me/index');
  const sw = page.locator('[data-testid="elder-mode"]:visible .nut-switch');
  await sw.waitFor({ timeout: 30000 });
  const isOn = await page.evaluate(() => document.documentElement.classList.contains('ps-elder'));
  if (isOn !== on) await sw.click();
  await page.waitForFunction((want) => document.documentElement.classList.contains('ps-elder') === want, on);
}

describe('oversight: the dashboard of a school, a grade, a class and the 教联体 (H5 in Chromium)', () => {
  let app: App;
  let page: Page;
  useAppPage(__filename, (started) => ({ app, page } = started));

  it('the principal opens 家校工作看板 from 首页: figures against the policy, stars, the month trend', async () => {
    await app.signInAs(page, PRINCIPAL);
    const step = page.locator('[data-testid="step-oversight"] .nut-cell');
    await step.waitFor({ timeout: 20000 });
    await expect(step.textContent()).resolves.toContain('家校工作看板');
    await step.click();
    await loaded(page, 'school');
    await expect(visible(page, 'scope-label').textContent()).resolves.toContain('滨江实验小学');
    const goal = visible(page, 'figure-familiesMeetingGoal');
    await expect(goal.textContent()).resolves.toMatch(/\d+ \/ \d+ 户/);
    await expect(page.locator('[data-testid^="figure-"]:visible').count()).resolves.toBeGreaterThanOrEqual(8);
    await expect(visible(page, 'star-bars').count()).resolves.toBe(1);
    expect(await trendPixels(page)).toBeGreaterThan(500);
    await expect(page.locator('[data-testid="units"]:visible [data-testid="unit-row"]').count()).resolves.toBeGreaterThan(1);
    await shot(app, page, '01-principal-school');
    await visible(page, 'trend').first().scrollIntoViewIfNeeded();
    await shot(app, page, '01b-principal-stars-trend');
    await visible(page, 'units').first().scrollIntoViewIfNeeded();
    await shot(app, page, '01c-principal-grades');
  });

  it('drills from the school into a grade, a class with families below the goal, and that list', async () => {
    await (await rowBelowGoal(page)).click();
    await loaded(page, 'grade');
    await shot(app, page, '02-principal-grade');
    await (await rowBelowGoal(page)).click();
    await loaded(page, 'class');
    const goal = visible(page, 'figure-familiesMeetingGoal');
    await expect(goal.getAttribute('data-status')).resolves.not.toBe('met');
    await shot(app, page, '03-principal-class');
    await goal.locator('[data-testid="drill-familiesMeetingGoal"]').click();
    const list = page.locator('[data-testid="drill-list"][data-list="familiesBelowGoal"]:visible');
    await list.waitFor({ timeout: 30000 });
    await expect(list.locator('[data-testid="drill-row"]').count()).resolves.toBeGreaterThan(0);
    await expect(list.textContent()).resolves.toContain('家庭');
    await expect(visible(page, 'invite').count()).resolves.toBe(1);
    await shot(app, page, '04-principal-families-below-goal');
    await back(page);
    await loaded(page, 'class');
  });

  it('downloads the attendance register of the school: an xlsx with a row per attendance', async () => {
    await openRoute(app, page, `${DASHBOARD}?kind=school&schoolId=${SCHOOL_SEED.schoolA}`);
    await loaded(page, 'school');
    const exportCard = page.locator('[data-testid="export-attendance"]:visible');
    await exportCard.scrollIntoViewIfNeeded();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), exportCard.locator('.nut-button').click()]);
    await visible(page, 'export-done').first().waitFor({ timeout: 30000 });
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0];
    expect(sheet).toBeDefined();
    const texts: string[] = [];
    sheet.eachRow((row) => texts.push(row.values ? JSON.stringify(row.values) : ''));
    expect(texts.join('\n')).toContain('考勤');
    // title, contents/period lines, a header, and at least one attendance row
    expect(sheet.actualRowCount).toBeGreaterThan(4);
    await shot(app, page, '05-principal-export-done');
  });

  it('the 教联体 view shows the member schools side by side, aggregates only', async () => {
    const chips = visible(page, 'scope-chips');
    await chips.locator('.ps-chip', { hasText: '教联体' }).click();
    const view = page.locator('[data-testid="oversight-alliance"]:visible');
    await view.waitFor({ timeout: 30000 });
    await view.locator('[data-testid="member-schools"] [data-testid="unit-row"]').first().waitFor({ timeout: 30000 });
    await expect(view.locator('[data-testid="member-schools"] [data-testid="unit-row"]').count()).resolves.toBe(2);
    await expect(view.textContent()).resolves.toContain('滨江第二中学');
    await expect(view.textContent()).resolves.toContain('不含家庭个人信息');
    await expect(view.locator('[data-testid="drill-list"], [data-testid^="drill-"]').count()).resolves.toBe(0);
    await shot(app, page, '06-principal-alliance');
    await back(page);
  });

  it('长辈模式: the school, class, list and 教联体 views are not clipped', async () => {
    await setElder(app, page, true);
    const views: [string, string, string][] = [
      ['school', `${DASHBOARD}?kind=school&schoolId=${SCHOOL_SEED.schoolA}`, '[data-testid="scope-label"]'],
      ['class', `${DASHBOARD}?kind=class&schoolId=${SCHOOL_SEED.schoolA}&classId=${SCHOOL_SEED.classA31}`, '[data-testid="scope-label"]'],
      ['list', `/packages/oversight/pages/list/index?kind=class&schoolId=${SCHOOL_SEED.schoolA}&classId=${SCHOOL_SEED.classA31}&list=familiesBelowGoal`, '[data-testid="drill-list"]'],
      ['alliance', `/packages/oversight/pages/alliance/index?schoolId=${SCHOOL_SEED.schoolA}`, '[data-testid="member-schools"]'],
    ];
    const problems: string[] = [];
    for (const [name, route, ready] of views) {
      await openRoute(app, page, route);
      await page.locator(`${ready}:visible`).first().waitFor({ timeout: 30000 });
      await page.waitForTimeout(1200);
      await shot(app, page, `07-elder-${name}`, 200);
      for (const p of await layoutProblems(page)) problems.push(`${name}: ${p}`);
    }
    await setElder(app, page, false);
    expect(problems).toEqual([]);
  });

  it('the grade director sees only the grade: its classes, no school or 教联体 scope, and the school view is refused', async () => {
    await app.signInAs(page, DIRECTOR);
    await page.locator('[data-testid="step-oversight"] .nut-cell').click();
    await loaded(page, 'grade');
    await expect(visible(page, 'scope-label').textContent()).resolves.toContain('三年级');
    const scopes = await visible(page, 'scope-chips').locator('.ps-chip').allTextContents();
    expect(scopes.length).toBeGreaterThan(1);
    for (const label of scopes) expect(label).toContain('三年级');
    expect(scopes.join()).not.toMatch(/全校|教联体/);
    const rows = page.locator('[data-testid="units"]:visible [data-testid="unit-row"]');
    await rows.first().waitFor({ timeout: 20000 });
    await expect(rows.count()).resolves.toBe(scopes.length - 1);
    await shot(app, page, '08-director-grade');
    await openRoute(app, page, `${DASHBOARD}?kind=school&schoolId=${SCHOOL_SEED.schoolA}`);
    await visible(page, 'oversight-forbidden').waitFor({ timeout: 30000 });
    await expect(visible(page, 'scope-label').count()).resolves.toBe(0);
    await expect(visible(page, 'oversight-forbidden').textContent()).resolves.toContain('您没有权限查看这个范围');
    await shot(app, page, '09-director-school-refused');
  });

  it('the head teacher sees the class view with the families to invite', async () => {
    await app.signInAs(page, HEAD_TEACHER);
    await page.locator('[data-testid="step-oversight"] .nut-cell').click();
    await loaded(page, 'class');
    await expect(visible(page, 'scope-label').textContent()).resolves.toMatch(/三年级.*1班/);
    await expect(visible(page, 'scope-chips').count()).resolves.toBe(0);
    await expect(visible(page, 'figure-familiesMeetingGoal').count()).resolves.toBe(1);
    await shot(app, page, '10-head-teacher-class');
  });

  it('a parent is not offered the dashboard, and the server refuses it', async () => {
    await app.signInAs(page, PARENT);
    await page.locator('[data-testid="step-courses"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="step-oversight"]').count()).resolves.toBe(0);
    await openRoute(app, page, DASHBOARD);
    await page.locator('.ps-state:visible').first().waitFor({ timeout: 30000 });
    await expect(page.locator('.ps-page:visible, .ps-state:visible').first().textContent()).resolves.toContain('仅学校教职工可查看');
    await openRoute(app, page, `${DASHBOARD}?kind=school&schoolId=${SCHOOL_SEED.schoolA}`);
    await page.locator('.ps-state:visible').first().waitFor({ timeout: 30000 });
    await page.waitForTimeout(800);
    await expect(visible(page, 'scope-label').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid^="figure-"]:visible').count()).resolves.toBe(0);
    await shot(app, page, '11-parent-refused');
  });
});
