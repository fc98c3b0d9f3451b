/**
 * The app shell in Chromium against the H5 build and a seeded local cloud, as a new visitor:
 * the app sends them to the dev sign-in, which lists the demo users by role; they act as a parent
 * and see the home page with their child and class, then 我的 with both children; switching to a
 * new parent shows the way to consent and to binding a child.
 */
import type { Page } from 'playwright-core';
import { startApp, type App } from './helpers/app';

jest.setTimeout(90_000);

describe('app shell (H5 in Chromium)', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await startApp({ testFile: __filename });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sends a visitor to the dev sign-in, which lists demo users by role', async () => {
    page = await app.open();
    await page.waitForURL(/#\/pages\/dev-login\/index/, { timeout: 20000 });
    await page.locator('[data-testid="role-group-家长"]').waitFor({ timeout: 20000 });
    const groups = await page.locator('[data-testid^="role-group-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('role-group-', '')));
    expect(groups[0]).toBe('家长');
    expect(groups).toEqual(expect.arrayContaining(['家长', '班主任', '任课教师', '年级主任', '校长', '学校管理员']));
    await app.screenshot(page, '01-dev-sign-in');
  });

  it('signs in as a parent and sees the home page with the current child and class', async () => {
    await app.signInAs(page, 'demo-parent-001');
    const child = page.locator('[data-testid="current-child"]');
    await child.waitFor({ timeout: 20000 });
    const text = await child.textContent();
    expect(text).toMatch(/三年级1班|七年级1班/);
    expect(text).toContain('滨江');
    await expect(page.locator('.home').textContent()).resolves.toContain('下一步');
    await app.screenshot(page, '02-home-parent');
  });

  it('shows both children and the demo account on 我的', async () => {
    await page.locator('.taro-tabbar__tabbar').getByText('我的').click();
    await page.waitForURL(/#\/pages\/me\/index/);
    await page.locator('[data-testid="current-user"]').waitFor({ timeout: 20000 });
    const me = (await page.locator('.me').textContent()) ?? '';
    expect(me).toContain('三年级1班');
    expect(me).toContain('七年级1班');
    await app.screenshot(page, '03-me');
  });

  it('switches to a new parent from 我的, who is guided to consent and to bind a child', async () => {
    await page.locator('.me .nut-button', { hasText: '切换演示账号' }).click();
    await page.waitForURL(/#\/pages\/dev-login\/index/);
    await app.signInAs(page, 'demo-parent-new');
    await page.locator('[data-testid="step-consent"]').waitFor({ timeout: 20000 });
    const home = (await page.locator('.home').textContent()) ?? '';
    expect(home).toContain('还没有加入任何学校或班级');
    expect(home).toContain('阅读并同意隐私保护指引');
    expect(home).toContain('绑定孩子');
    await app.screenshot(page, '04-home-new-parent');
    await page.locator('[data-testid="step-consent"] .nut-cell').click();
    await page.waitForURL(/#\/packages\/school\/pages\/consent\/index/, { timeout: 20000 });
    expect(app.problems).toEqual([]);
  });
});
