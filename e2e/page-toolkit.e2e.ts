/**
 * The page toolkit as users meet it (issue 15, item 10), in Chromium at 390×844: the pages moved
 * onto waitFor / usePageData / useAction / Chips / Tag open as their users do, in normal mode and
 * in 长辈模式, with a screenshot each (test-output/e2e/page-toolkit/); one not-signed-in redirect,
 * one failed load in Chinese with 重试, and no English on any page.
 */
import type { Page } from 'playwright-core';
import cloudSdk from 'wx-server-sdk';
import type { App } from './helpers/app';
import { shot, useAppPage } from './helpers/page';

jest.setTimeout(600_000);

const PARENT = 'demo-parent-001';
const ADMIN = 'demo-admin-001';
const HEAD_TEACHER = 'demo-teacher-001';
const PRINCIPAL = 'demo-principal-001';

/** The seeded reception records the deep reception pages open (server/reception/reception.seed.ts). */
interface ReceptionIds {
  day: string;
  parentCase: string;
  reopenedCase: string;
  activity: string;
}
type Route = string | ((ids: ReceptionIds) => string);

async function receptionIds(app: App): Promise<ReceptionIds> {
  const sdk = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({ env: app.cloud.envId, serviceUrl: app.cloud.adminUrl });
  const db = sdk.database();
  const _ = db.command;
  const first = async (coll: string, where: Record<string, unknown>, order?: string) => {
    let q = db.collection(coll).where(where);
    if (order) q = q.orderBy(order, 'desc');
    const r = (await q.limit(1).get()) as { data: { _id: string; activityId?: string }[] };
    if (!r.data[0]) throw new Error(`no seeded ${coll} for ${JSON.stringify(where)}`);
    return r.data[0];
  };
  const day = await first('reception_days', { schoolId: 'school-bjsx', status: 'published', date: _.gt('2000') }, 'date');
  const parentCase = await first('reception_cases', { openid: PARENT });
  const reopenedCase = await first('reception_cases', { schoolId: 'school-bjsx', status: 'reopened' });
  const signup = await first('open_signups', { schoolId: 'school-bjsx', status: 'signed' });
  return { day: day._id, parentCase: parentCase._id, reopenedCase: reopenedCase._id, activity: signup.activityId! };
}

const PAGES: Record<string, [string, Route][]> = {
  [PARENT]: [
    ['inbox', '/packages/notice/pages/inbox/index'],
    ['my-courses', '/packages/course/pages/mine/index'],
    ['summary', '/packages/credit/pages/summary/index'],
    ['certificate', '/packages/certificate/pages/mine/index'],
    ['contact-card', '/packages/contact/pages/card/index'],
    ['me', '/pages/me/index'],
    ['reception-days', '/packages/reception/pages/days/index'],
    ['reception-day', (ids) => `/packages/reception/pages/day/index?id=${ids.day}`],
    ['reception-mine', '/packages/reception/pages/mine/index'],
    ['reception-case', (ids) => `/packages/reception/pages/case/index?id=${ids.parentCase}`],
    ['reception-suggest', '/packages/reception/pages/suggest/index'],
    ['open-days', '/packages/reception/pages/open-days/index'],
  ],
  [ADMIN]: [
    ['course-manage', '/packages/course/pages/manage/index'],
    ['course-edit', '/packages/course/pages/edit/index?schoolId=school-bjsx'],
    ['certificate-admin', '/packages/certificate/pages/admin/index'],
    ['credit-settings', '/packages/credit/pages/settings/index'],
    ['notice-compose', '/packages/notice/pages/compose/index'],
    ['notice-sent', '/packages/notice/pages/sent/index'],
    ['reception-staff', '/packages/reception/pages/staff/index'],
    ['reception-publish', '/packages/reception/pages/publish/index'],
    ['open-publish', '/packages/reception/pages/open-publish/index'],
    ['open-days-staff', '/packages/reception/pages/open-days/index'],
    ['open-signups', (ids) => `/packages/reception/pages/open-signups/index?id=${ids.activity}&title=${encodeURIComponent('家校共育交流会')}`],
    ['reception-settings', '/packages/reception/pages/settings/index'],
  ],
  [HEAD_TEACHER]: [
    ['roster', '/packages/school/pages/roster/index'],
    ['visits', '/packages/contact/pages/visits/index'],
    ['class-stats', '/packages/credit/pages/class-stats/index'],
    ['sessions', '/packages/credit/pages/sessions/index'],
    ['reception-staff', '/packages/reception/pages/staff/index'],
    ['reception-day-list', (ids) => `/packages/reception/pages/day-list/index?id=${ids.day}`],
  ],
  [PRINCIPAL]: [
    ['reception-cases', '/packages/reception/pages/cases/index'],
    ['reception-case', (ids) => `/packages/reception/pages/case/index?id=${ids.reopenedCase}`],
    ['reception-staff', '/packages/reception/pages/staff/index'],
  ],
};

/** The visible page's text (not the tab bar). */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const root = Array.from(document.querySelectorAll('.ps-page')).find((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
    return root ? root.innerText : '';
  })()`) as Promise<string>;
}

/** Texts of the visible page cut by their own box, or running past the right edge of the 390 px screen (outside a sideways-scrolling row). */
async function clippedTexts(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const root = Array.from(document.querySelectorAll('.ps-page')).find((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
    const cut = [];
    for (const el of root ? root.querySelectorAll('*') : []) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.closest('input,textarea,svg')) continue;
      const cs = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (cs.display === 'none' || cs.visibility === 'hidden' || box.width === 0) continue;
      const hides = cs.overflow !== 'visible' || cs.textOverflow === 'ellipsis';
      const over = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2;
      // a row that scrolls sideways (chips) may run past the edge: it is scrolled, not cut
      let scrolls = false;
      for (let e = el.parentElement; e && e !== root && !scrolls; e = e.parentElement) scrolls = /auto|scroll/.test(getComputedStyle(e).overflowX);
      if ((hides && over && cs.whiteSpace !== 'nowrap') || (box.right > window.innerWidth + 1 && !scrolls)) cut.push(el.textContent.trim().slice(0, 30));
    }
    return cut;
  })()`) as Promise<string[]>;
}

/** Opens each page, waits for it to settle, screenshots it; returns what looks wrong. */
let ids: ReceptionIds | null = null;
async function visit(app: App, page: Page, who: string, mode: 'normal' | 'elder'): Promise<string[]> {
  const problems: string[] = [];
  ids ??= await receptionIds(app);
  for (const [name, route] of PAGES[who]) {
    await app.goto(page, typeof route === 'string' ? route : route(ids));
    await page.locator('.ps-page:visible').first().waitFor({ timeout: 30000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.locator('.ps-loading:visible').first().waitFor({ state: 'hidden', timeout: 20000 }).catch(() => problems.push(`${name}: still loading`));
    await shot(app, page, `${mode}-${who}-${name}`, 400);
    const text = await pageText(page);
    if (!text.trim()) problems.push(`${name}: empty`);
    if (text.includes('加载失败')) problems.push(`${name}: failed to load: ${text.slice(0, 120)}`);
    // UI text is Chinese: a run of Latin letters is a leaked English message (codes like K7Q2 are short)
    const english = text.match(/[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}/g);
    if (english) problems.push(`${name}: English text ${english.join(' | ')}`);
    for (const t of await clippedTexts(page)) problems.push(`${name} (${mode}): clipped "${t}"`);
  }
  return problems;
}

async function setElder(app: App, page: Page, on: boolean) {
  await app.goto(page, '/pages/me/index');
  const isOn = await page.evaluate(() => document.documentElement.classList.contains('ps-elder'));
  if (isOn !== on) await page.locator('[data-testid="elder-mode"] .nut-switch').click();
  await page.waitForFunction((want) => document.documentElement.classList.contains('ps-elder') === want, on);
}

describe('the page toolkit, as users meet it', () => {
  let app: App;
  let page: Page;
  useAppPage(__filename, (started) => ({ app, page } = started));

  it('a deep page sends a visitor who is not signed in to the sign-in page', async () => {
    await app.goto(page, '/packages/course/pages/mine/index');
    await page.waitForURL(/dev-login/, { timeout: 20000 });
    await page.locator('[data-openid]').first().waitFor();
  });

  it('a failed load says why in Chinese and offers 重试 (a course, a reception case, an open-day list)', async () => {
    await app.signInAs(page, PARENT);
    const missing = 'ffffffffffffffffffffffffffffffff';
    const routes: [string, string][] = [
      ['failed-load', `/packages/course/pages/detail/index?id=${missing}`],
      ['failed-load-case', `/packages/reception/pages/case/index?id=${missing}`],
      ['failed-load-signups', `/packages/reception/pages/open-signups/index?id=${missing}`],
    ];
    for (const [name, route] of routes) {
      await app.goto(page, route);
      const alert = page.locator('.ps-state--error:visible');
      await alert.waitFor({ timeout: 20000 });
      await expect(alert.textContent()).resolves.toMatch(/加载失败/);
      // waitFor, not count(): the page reloads once when shown, and for that moment its error
      // state gives way to the loading state.
      await alert.locator('.nut-button', { hasText: '重试' }).waitFor({ timeout: 20000 });
      await expect(alert.locator('.nut-button', { hasText: '重试' }).count()).resolves.toBe(1);
      await shot(app, page, name);
    }
  });

  for (const who of [PARENT, ADMIN, HEAD_TEACHER, PRINCIPAL]) {
    it(`${who}: every page loads, in normal mode and 长辈模式, in Chinese`, async () => {
      await app.signInAs(page, who);
      await setElder(app, page, false);
      const problems = await visit(app, page, who, 'normal');
      await setElder(app, page, true);
      problems.push(...(await visit(app, page, who, 'elder')));
      await setElder(app, page, false);
      expect(problems).toEqual([]);
    });
  }

  it('no unexpected errors in the browser', () => {
    // the failed load above is a reply carrying NOT_FOUND, not a broken request
    expect(app.problems).toEqual([]);
  });
});
