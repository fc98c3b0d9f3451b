/**
 * Notices in Chromium against the H5 build and a seeded local cloud: a head teacher sends a 家长会
 * notice with a 参加 / 不参加 receipt to 三年级1班 → a parent sees the unread badge on the 首页 tab,
 * opens it and replies 参加 → the teacher sees 1 of N read and reminds the unread.
 */
import type { Page } from 'playwright-core';
import type { App } from './helpers/app';
import { input, shot, useAppPage } from './helpers/page';

jest.setTimeout(240_000);

const HEAD = 'demo-teacher-001';
const PARENT = 'demo-parent-001';
const CLASS = 'school-bjsx-g3-c1';
const TITLE = '期中家长会：请回执是否参加';

describe('notices (H5 in Chromium)', () => {
  let app: App;
  let page: Page;
  let noticeId = '';
  let recipients = 0;

  useAppPage(__filename, (started) => ({ app, page } = started));

  it('a head teacher composes a notice to their class with 需回执 and sends it', async () => {
    await app.signInAs(page, HEAD);
    await app.goto(page, '/pages/home/index');
    await page.locator('[data-testid="home-compose"]').waitFor({ timeout: 30000 });
    await shot(app, page, '01-teacher-home');
    await page.locator('[data-testid="home-compose"] .nut-cell').click();
    await page.locator(`[data-testid="audience-class:${CLASS}"]`).waitFor({ timeout: 30000 });
    // Only the classes this teacher may address are offered.
    await expect(page.locator('[data-testid="audience-school"]').count()).resolves.toBe(0);
    await page.locator(`[data-testid="audience-class:${CLASS}"]`).click();
    await input(page, 'notice-title-input').fill(TITLE);
    await page.locator('[data-testid="notice-body-input"] textarea, textarea[data-testid="notice-body-input"]').first().fill('本周五 18:30 在三年级1班教室召开期中家长会。\n请在下方回执是否参加。<b>谢谢</b>');
    await page.locator('[data-testid="receipt-kind-attend"]').click();
    await shot(app, page, '02-compose');
    await page.locator('[data-testid="notice-send"]').click();
    await page.waitForURL(/packages\/notice\/pages\/stats\/index\?id=/, { timeout: 30000 });
    noticeId = decodeURIComponent(/id=([^&#]+)/.exec(page.url())![1]);
    await page.locator('[data-testid="stats-read"]').waitFor({ timeout: 30000 });
    recipients = app.cloud.db.readAll('notice_inbox', 5000).filter((d) => d.noticeId === noticeId).length;
    expect(recipients).toBeGreaterThan(1);
    await expect(page.locator('[data-testid="stats-read"]').textContent()).resolves.toBe(`0/${recipients}`);
    await shot(app, page, '03-sent-stats');
  });

  it('a parent sees the badge, opens the notice and replies 参加', async () => {
    await app.signInAs(page, PARENT);
    await app.goto(page, '/pages/home/index');
    await page.locator('[data-testid="home-notices"]').waitFor({ timeout: 30000 });
    // The unread badge on the 首页 tab (Taro.setTabBarBadge) and the count on the entry.
    const badge = page.locator('.weui-badge:visible').first();
    await badge.waitFor({ timeout: 30000 });
    const unread = Number((await badge.textContent())?.trim());
    expect(unread).toBeGreaterThan(0);
    await expect(page.locator('[data-testid="home-notices"]').textContent()).resolves.toContain(`${unread} 条未读`);
    await shot(app, page, '04-parent-home-badge');
    await page.locator('[data-testid="home-notices"] .nut-cell').click();
    const item = page.locator(`[data-testid="inbox-item-${noticeId}"]`);
    await item.waitFor({ timeout: 30000 });
    await expect(item.locator('[data-testid="unread-dot"]').count()).resolves.toBe(1);
    await shot(app, page, '05-inbox');
    await item.click();
    await page.locator('[data-testid="notice-title"]').waitFor({ timeout: 30000 });
    await expect(page.locator('[data-testid="notice-title"]').textContent()).resolves.toBe(TITLE);
    // Markup in the text is shown as text.
    await expect(page.locator('[data-testid="notice-body"]').textContent()).resolves.toContain('<b>谢谢</b>');
    await expect(page.locator('[data-testid="notice-body"] b').count()).resolves.toBe(0);
    await page.locator('[data-testid="receipt-option-参加"]').click();
    await page.locator('[data-testid="receipt-submit"]').click();
    await page.locator('[data-testid="my-receipt"]').waitFor({ timeout: 30000 });
    await expect(page.locator('[data-testid="my-receipt"]').textContent()).resolves.toContain('参加');
    await shot(app, page, '06-replied');
    // Back in the inbox (it reloads on show) the notice is read and replied.
    await page.goBack();
    const shown = page.locator(`[data-testid="inbox-item-${noticeId}"]:visible`);
    await shown.getByText('已回执').waitFor({ timeout: 30000 });
    await expect(shown.locator('[data-testid="unread-dot"]').count()).resolves.toBe(0);
    await shot(app, page, '07-inbox-after');
  });

  it('the teacher sees 1 of N read and reminds the unread', async () => {
    await app.signInAs(page, HEAD);
    await app.goto(page, '/pages/home/index');
    await page.locator('[data-testid="home-sent"]').waitFor({ timeout: 30000 });
    await page.locator('[data-testid="home-sent"] .nut-cell').click();
    const card = page.locator(`[data-testid="sent-${noticeId}"]`);
    await card.waitFor({ timeout: 30000 });
    await expect(card.locator('[data-testid="sent-read"]').textContent()).resolves.toContain(`已读 1/${recipients} · 回执 1`);
    await shot(app, page, '08-sent-list');
    await card.click();
    await page.locator('[data-testid="stats-read"]').waitFor({ timeout: 30000 });
    await expect(page.locator('[data-testid="stats-read"]').textContent()).resolves.toBe(`1/${recipients}`);
    await expect(page.locator('[data-testid="stats-choices"]').textContent()).resolves.toContain('参加 1 人');
    await expect(page.locator(`[data-testid="stats-class-${CLASS}"]`).textContent()).resolves.toContain('参加');
    await page.locator('[data-testid="remind-unread"]').click();
    // At once, or queued to 07:00 when run between 21:00 and 07:00 Asia/Shanghai.
    await page.locator('[data-testid="remind-status"]').waitFor({ timeout: 30000 });
    const status = (await page.locator('[data-testid="remind-status"]').textContent()) ?? '';
    expect(status).toMatch(/提醒已安排|后可再次提醒/);
    await expect(page.locator('[data-testid="remind-unread"]').first().getAttribute('class')).resolves.toContain('disabled');
    await shot(app, page, '09-reminded');
    const notice = app.cloud.db.readAll('notices', 5000).find((d) => d._id === noticeId) as { remind: { status: string } };
    expect(['queued', 'done']).toContain(notice.remind.status);
  });
});
