/**
 * 家长接待日 in Chromium against the H5 build and a seeded local cloud, as its users would:
 * the school admin publishes a reception day with the 心理健康教师 → a parent books a slot with a
 * topic → the receptionist records the outcome with a follow-up → the parent rates 不满意 → the
 * principal sees the case reopened on the leaders' list and closes it; then a parent signs up for
 * a 开放周 activity and the admin sees the family on its list; the admin sets the reception rules
 * (a bad value is named; open days count 1.5 课时); on the activity's day staff show the rotating
 * QR, the parent checks in with the typed code and the 1.5 课时 appear in 学习档案.
 */
import type { Page } from 'playwright-core';
import type { App } from './helpers/app';
import { input, shot, useAppPage } from './helpers/page';
import cloudSdk from 'wx-server-sdk';
import { launchChromium } from './helpers/browser';
import { formatDate, shanghai } from '../types/common/time';

jest.setTimeout(240_000);

const ADMIN = 'demo-admin-001';
const PARENT = 'demo-parent-002';
const RECEPTIONIST = 'demo-teacher-004'; // 心理健康教师 of 滨江实验小学
const PRINCIPAL = 'demo-principal-001';
const TITLE = '家长接待日（心理专场）';
const WORRY = '孩子最近晚上睡不好，早上不愿意上学，想请老师帮忙看看';

async function textarea(page: Page, testId: string) {
  return page.locator(`textarea[data-testid="${testId}"], [data-testid="${testId}"] textarea`).first();
}

describe('reception days (H5 in Chromium)', () => {
  let app: App;
  let page: Page;

  useAppPage(__filename, (started) => ({ app, page } = started));

  it('the school admin publishes a reception day with the 心理健康教师', async () => {
    await app.signInAs(page, ADMIN);
    await app.goto(page, '/packages/reception/pages/staff/index');
    await page.locator('[data-testid="go-publish"]').click();
    await input(page, 'title').waitFor({ timeout: 20000 });
    await input(page, 'title').fill(TITLE);
    await input(page, 'room').fill('心理辅导室');
    const chip = page.locator('[data-testid="receptionists"] .ps-chip', { hasText: '心理健康教师' }).first();
    await chip.waitFor({ timeout: 20000 });
    await chip.click();
    await shot(app, page, '01-publish-form');
    await page.locator('[data-testid="publish"]').click();
    await page.getByText('已发布', { exact: true }).waitFor({ timeout: 20000 });
    await shot(app, page, '02-published');
    await page.getByText('确定', { exact: true }).last().click();
    await page.locator('[data-testid="staff-day"]', { hasText: TITLE }).waitFor({ timeout: 20000 });
    await shot(app, page, '03-staff-days');
  });

  it('a parent books a slot with a topic', async () => {
    await app.signInAs(page, PARENT);
    await app.goto(page, '/pages/home/index');
    await page.locator('[data-testid="step-reception"]').click();
    const card = page.locator('[data-testid="reception-day"]', { hasText: TITLE });
    await card.waitFor({ timeout: 20000 });
    await shot(app, page, '04-parent-days');
    await card.click();
    await page.locator('[data-testid="slot"] .ps-chip').first().waitFor({ timeout: 20000 });
    await page.locator('[data-testid="slot"] .ps-chip:not(.ps-chip--off)').first().click();
    await page.locator('[data-testid="topic"] [data-value="心理与情绪"]').click();
    await (await textarea(page, 'description')).fill(WORRY);
    await shot(app, page, '05-booking-form');
    await page.locator('[data-testid="book"]').click();
    await page.locator('[data-testid="my-booking"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="my-booking"]').textContent()).resolves.toContain('心理与情绪');
    await shot(app, page, '06-booked');
  });

  it('the receptionist sees the topic and records the outcome with a follow-up', async () => {
    await app.signInAs(page, RECEPTIONIST);
    await app.goto(page, '/packages/reception/pages/staff/index');
    await page.locator('[data-testid="staff-day"]', { hasText: TITLE }).click();
    const booking = page.locator('[data-testid="day-booking"]', { hasText: WORRY });
    await booking.waitFor({ timeout: 20000 });
    await shot(app, page, '07-day-list');
    await booking.locator('[data-testid="record-outcome"]').click();
    await page.locator('[data-testid="outcome-form"]').waitFor({ timeout: 20000 });
    await (await textarea(page, 'outcome-discussed')).fill('与家长沟通了孩子的作息和近期压力来源');
    await (await textarea(page, 'outcome-actions')).fill('心理老师每周约谈孩子一次；家长调整晚间作息');
    await page.locator('[data-testid="followup-switch"]').click();
    await page.locator('[data-testid="due-picker"]').waitFor({ timeout: 10000 });
    await shot(app, page, '08-outcome-form');
    await page.locator('[data-testid="save-outcome"]').click();
    await page.locator('[data-testid="case-outcome"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="case-outcome"]').textContent()).resolves.toContain('后续跟进');
    await shot(app, page, '09-outcome-saved');
  });

  it('the parent reads the outcome and rates 不满意', async () => {
    await app.signInAs(page, PARENT);
    await app.goto(page, '/packages/reception/pages/mine/index');
    const card = page.locator('[data-testid="case-card"]', { hasText: WORRY });
    await card.waitFor({ timeout: 20000 });
    await shot(app, page, '10-parent-mine');
    await card.click();
    await page.locator('[data-testid="rate-form"]').waitFor({ timeout: 20000 });
    await page.locator('[data-testid="rating"] [data-value="unsatisfied"]').click();
    await input(page, 'rating-comment').fill('希望学校能更快安排心理老师');
    await shot(app, page, '11-rate');
    await page.locator('[data-testid="submit-rating"]').click();
    await page.locator('[data-testid="case-status"]', { hasText: '已转学校领导处理' }).waitFor({ timeout: 20000 });
    await shot(app, page, '12-rated-reopened');
  });

  it('the principal sees it reopened and closes it with a reason', async () => {
    await app.signInAs(page, PRINCIPAL);
    await app.goto(page, '/packages/reception/pages/cases/index');
    await page.locator('[data-testid="case-filter"] [data-value="reopened"]').click();
    const card = page.locator('[data-testid="case-card"][data-status="reopened"]', { hasText: WORRY });
    await card.waitFor({ timeout: 20000 });
    await expect(card.textContent()).resolves.toContain('家长不满意');
    await shot(app, page, '13-principal-reopened');
    await card.click();
    await input(page, 'close-reason').fill('校长已约家长面谈，安排心理老师本周跟进');
    await page.locator('[data-testid="close-case"]').click();
    await page.locator('[data-testid="case-status"]', { hasText: '已办结' }).waitFor({ timeout: 20000 });
    await shot(app, page, '14-closed');
  });

  it('开放周: the parent signs up for an activity; the admin sees the family on its list', async () => {
    await app.signInAs(page, PARENT);
    await app.goto(page, '/packages/reception/pages/days/index');
    await page.locator('[data-testid="go-open-days"]').click();
    const act = page.locator('[data-testid="open-activity"]', { hasText: '家校共育交流会' });
    await act.waitFor({ timeout: 20000 });
    await shot(app, page, '15-open-days');
    await act.locator('[data-testid="open-signup"]').click();
    await act.getByText('已报名').waitFor({ timeout: 20000 });
    await shot(app, page, '16-signed-up');
    await app.signInAs(page, ADMIN);
    await app.goto(page, '/packages/reception/pages/open-days/index');
    const staffAct = page.locator('[data-testid="open-activity"]', { hasText: '家校共育交流会' });
    await staffAct.waitFor({ timeout: 20000 });
    await expect(staffAct.textContent()).resolves.toContain('已报名 2/60');
    await staffAct.locator('taro-button-core', { hasText: '报名名单' }).click();
    await page.getByText('共2个家庭').waitFor({ timeout: 20000 });
    await shot(app, page, '17-signup-list');
    expect(app.problems).toEqual([]);
  });

  it('the admin sets the reception rules: a bad value is named; open days count 1.5 课时', async () => {
    await app.signInAs(page, ADMIN);
    await app.goto(page, '/packages/reception/pages/staff/index');
    await page.locator('[data-testid="go-reception-settings"]').click();
    await input(page, 'set-suggestionAnswerDays').waitFor({ timeout: 20000 });
    await input(page, 'set-suggestionAnswerDays').fill('0');
    await page.locator('[data-testid="settings-save"]').click();
    await page.getByText('意见建议答复期限不能小于 1').first().waitFor({ timeout: 20000 });
    await shot(app, page, '18-settings-invalid');
    await input(page, 'set-suggestionAnswerDays').fill('5');
    await page.locator('[data-testid="set-credit-mode"] [data-value="fixed"]').click();
    await input(page, 'set-credit-hours').fill('1.5');
    await page.locator('[data-testid="credit-preview"]', { hasText: '每项计 1.5 课时' }).waitFor({ timeout: 10000 });
    await page.locator('[data-testid="settings-save"]').click();
    await page.getByText('已保存').first().waitFor({ timeout: 20000 });
    await shot(app, page, '19-settings-saved');
  });

  it('on the day: staff show the rotating QR, the parent checks in with the typed code, 1.5 课时 in 学习档案', async () => {
    // The activity the parent signed up for starts in 10 minutes (check-in opens 30 minutes before).
    const sdk = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({ env: app.cloud.envId, serviceUrl: app.cloud.adminUrl });
    const db = sdk.database();
    const found = (await db.collection('open_activities').where({ title: '家校共育交流会' }).limit(1).get()) as { data: { _id: string }[] };
    const act = found.data[0];
    const startAt = new Date(Date.now() + 10 * 60_000);
    const endAt = new Date(startAt.getTime() + 90 * 60_000);
    await db.collection('open_activities').doc(act._id).update({ data: { startAt, endAt, date: formatDate(startAt), start: shanghai(startAt).format('HH:mm'), end: shanghai(endAt).format('HH:mm') } });

    await app.signInAs(page, ADMIN);
    await app.goto(page, '/packages/reception/pages/open-days/index');
    const staffAct = page.locator('[data-testid="open-activity"]', { hasText: '家校共育交流会' });
    await staffAct.waitFor({ timeout: 20000 });
    await staffAct.locator('[data-testid="open-show-qr"]').click();
    await page.locator('[data-testid="checkin-qr"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="open-checked-in"]').textContent()).resolves.toContain('已签到 0 / 2');
    await shot(app, page, '20-staff-qr');

    // The parent on their own phone (a second browser: its own session) while the staff page keeps polling.
    const phone = await launchChromium();
    try {
      const parent = await phone.context.newPage();
      parent.setDefaultTimeout(30000);
      await app.signInAs(parent, PARENT);
      await app.goto(parent, '/packages/reception/pages/open-days/index');
      const mine = parent.locator('[data-testid="open-activity"]', { hasText: '家校共育交流会' });
      await mine.locator('[data-testid="open-checkin-box"]').waitFor({ timeout: 20000 });
      await shot(app, parent, '21-parent-checkin-box');
      // Wrong code first: a clear Chinese sentence.
      await input(parent, 'open-checkin-code').fill('ZZZZ 000000');
      await mine.locator('[data-testid="open-checkin-submit"]').click();
      await parent.getByText('签到码无效').first().waitFor({ timeout: 20000 });
      await shot(app, parent, '22-parent-wrong-code');
      const typed = ((await page.locator('[data-testid="typed-code"]').textContent()) ?? '').trim();
      await input(parent, 'open-checkin-code').fill(typed);
      await mine.locator('[data-testid="open-checkin-submit"]').click();
      await parent.getByText('签到成功，计入 1.5 课时').first().waitFor({ timeout: 20000 });
      await mine.locator('[data-testid="open-attended"]', { hasText: '计入 1.5 课时' }).waitFor({ timeout: 20000 });
      await shot(app, parent, '23-parent-checked-in');
      await page.locator('[data-testid="open-checked-in"]', { hasText: '已签到 1 / 2' }).waitFor({ timeout: 20000 });
      await shot(app, page, '24-staff-count');

      await app.goto(parent, '/packages/credit/pages/summary/index');
      await parent.locator('[data-testid="ledger"]', { hasText: '家校共育交流会' }).waitFor({ timeout: 20000 });
      await shot(app, parent, '25-archive-credit');
    } finally {
      await phone.close();
    }
    expect(app.problems).toEqual([]);
  });
});
