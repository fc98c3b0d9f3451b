/**
 * The page toolkit as users meet it (issue 15, item 10), in Chromium at 390×844: the pages moved
 * onto waitFor / usePageData / useAction / Chips / Tag open as their users do, in normal mode and
 * in 长辈模式, with a screenshot each (test-output/e2e/page-toolkit/); one not-signed-in redirect,
 * one failed load in Chinese with 重试, and no English on any page.
 */
import type { Page } from 'playwright-core';
import type { App } from './helpers/app';
import { shot, useAppPage } from './helpers/page';

jest.setTimeout(600_000);

const PARENT = 'demo-parent-001';
const ADMIN = 'demo-admin-001';
const HEAD_TEACHER = 'demo-teacher-001';

const PAGES: Record<string, [string, string][]> = {
  [PARENT]: [
    ['inbox', '/packages/notice/pages/inbox/index'],
    ['my-courses', '/packages/course/pages/mine/index'],
    ['summary', '/packages/credit/pages/summary/index'],
    ['certificate', '/packages/certificate/pages/mine/index'],
    ['contact-card', '/packages/contact/pages/card/index'],
    ['me', '/pages/me/index'],
  ],
  [ADMIN]: [
    ['course-manage', '/packages/course/pages/manage/index'],
    ['course-edit', '/packages/course/pages/edit/index?schoolId=school-bjsx'],
    ['certificate-admin', '/packages/certificate/pages/admin/index'],
    ['credit-settings', '/packages/credit/pages/settings/index'],
    ['notice-compose', '/packages/notice/pages/compose/index'],
    ['notice-sent', '/packages/notice/pages/sent/index'],
  ],
  [HEAD_TEACHER]: [
    ['roster', '/packages/school/pages/roster/index'],
    ['visits', '/packages/contact/pages/visits/index'],
    ['class-stats', '/packages/credit/pages/class-stats/index'],
    ['sessions', '/packages/credit/pages/sessions/index'],
  ],
};

/** The visible page's text (not the tab bar). */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const root = Array.from(document.querySelectorAll('.ps-page')).find((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
    return root ? root.innerText : '';
  })()`) as Promise<string>;
}

/** Opens each page, waits for it to settle, screenshots it; returns what looks wrong. */
async function visit(app: App, page: Page, who: string, mode: 'normal' | 'elder'): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, route] of PAGES[who]) {
    await page.goto(app.url(route));
    await page.locator('.ps-page:visible').first().waitFor({ timeout: 30000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.locator('.ps-loading:visible').first().waitFor({ state: 'hidden', timeout: 20000 }).catch(() => problems.push(`${name}: still loading`));
    await shot(app, page, `${mode}-${name}`, 400);
    const text = await pageText(page);
    if (!text.trim()) problems.push(`${name}: empty`);
    if (text.includes('加载失败')) problems.push(`${name}: failed to load: ${text.slice(0, 120)}`);
    // UI text is Chinese: a run of Latin letters is a leaked English message (codes like K7Q2 are short)
    const english = text.match(/[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}/g);
    if (english) problems.push(`${name}: English text ${english.join(' | ')}`);
  }
  return problems;
}

async function setElder(app: App, page: Page, on: boolean) {
  await page.goto(app.url('/pages/me/index'));
  const isOn = await page.evaluate(() => document.documentElement.classList.contains('ps-elder'));
  if (isOn !== on) await page.locator('[data-testid="elder-mode"] .nut-switch').click();
  await page.waitForFunction((want) => document.documentElement.classList.contains('ps-elder') === want, on);
}

describe('the page toolkit, as users meet it', () => {
  let app: App;
  let page: Page;
  useAppPage(__filename, (started) => ({ app, page } = started));

  it('a deep page sends a visitor who is not signed in to the sign-in page', async () => {
    await page.goto(app.url('/packages/course/pages/mine/index'));
    await page.waitForURL(/dev-login/, { timeout: 20000 });
    await page.locator('[data-openid]').first().waitFor();
  });

  it('a failed load says why in Chinese and offers 重试', async () => {
    await app.signInAs(page, PARENT);
    await page.goto(app.url('/packages/course/pages/detail/index?id=ffffffffffffffffffffffffffffffff'));
    const alert = page.locator('.ps-state--error:visible');
    await alert.waitFor({ timeout: 20000 });
    await expect(alert.textContent()).resolves.toMatch(/加载失败/);
    await expect(alert.locator('.nut-button', { hasText: '重试' }).count()).resolves.toBe(1);
    await shot(app, page, 'failed-load');
  });

  for (const who of [PARENT, ADMIN, HEAD_TEACHER]) {
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
