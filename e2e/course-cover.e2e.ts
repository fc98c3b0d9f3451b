/**
 * The school's class-hour rule and course covers in Chromium against the H5 build and a seeded
 * local cloud, as new users would: the school admin sets 60 minutes = 1 课时 (whole 课时) on the
 * settings page; a teacher's new-course form shows the class hours by that rule, picks a cover
 * image (Taro.chooseImage → <input type=file>), uploads it and publishes; the detail page and a
 * parent's course list show the cover through a temp URL.
 */
import type { Page } from 'playwright-core';
import type { App } from './helpers/app';
import { input, shot, useAppPage } from './helpers/page';

jest.setTimeout(180_000);

const ADMIN = 'demo-admin-001';
const TEACHER = 'demo-teacher-005';
const PARENT = 'demo-parent-001';
const SCHOOL = 'school-bjsx';
const TITLE = '封面与课时规则小课';
// 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('class-hour rule and course cover (H5 in Chromium)', () => {
  let app: App;
  let page: Page;
  let courseId = '';

  useAppPage(__filename, (started) => ({ app, page } = started));

  it('the school admin sets 60 minutes = 1 课时, whole 课时', async () => {
    await app.signInAs(page, ADMIN);
    await app.goto(page, '/packages/credit/pages/settings/index');
    await input(page, 'minutes-per-class-hour').waitFor({ timeout: 20000 });
    await input(page, 'minutes-per-class-hour').fill('60');
    await page.locator('[data-testid="class-hour-rule-settings"] .ps-chip', { hasText: '按整课时计' }).click();
    await page.locator('[data-testid="class-hour-rule-settings"]', { hasText: '90分钟的课计1课时' }).waitFor({ timeout: 10000 });
    await shot(app, page, '01-settings-rule');
    await page.locator('.nut-button', { hasText: '保存设置' }).click();
    await page.locator('.nut-button--loading').waitFor({ state: 'detached', timeout: 20000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    await page.reload();
    await input(page, 'minutes-per-class-hour').waitFor({ timeout: 20000 });
    await page.waitForFunction(() => (document.querySelector('[data-testid="minutes-per-class-hour"] input, input[data-testid="minutes-per-class-hour"]') as HTMLInputElement | null)?.value === '60', undefined, { timeout: 20000 });
  });

  it('a teacher sees the class hours by that rule, picks a cover and publishes', async () => {
    await app.signInAs(page, TEACHER);
    await app.goto(page, `/packages/course/pages/edit/index?schoolId=${SCHOOL}`);
    await input(page, 'course-title-input').waitFor({ timeout: 20000 });
    // default session 19:00–20:30 = 90 minutes → 1 课时 at 60 minutes, whole 课时
    await page.locator('[data-testid="class-hour-rule"]', { hasText: '60分钟 = 1课时，按整课时计' }).waitFor({ timeout: 20000 });
    await page.locator('.course-field__label', { hasText: '上课时间（共1课时）' }).waitFor({ timeout: 5000 });
    await input(page, 'course-title-input').fill(TITLE);
    await input(page, 'speaker-name').fill('王老师');

    const chooser = page.waitForEvent('filechooser', { timeout: 15000 });
    await page.locator('[data-testid="cover-pick"]').click();
    await (await chooser).setFiles({ name: 'cover.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('[data-testid="cover-preview"]').waitFor({ timeout: 20000 });
    await page.locator('[data-testid="cover-pick"]', { hasText: '更换封面' }).waitFor({ timeout: 20000 });
    await shot(app, page, '02-form-with-cover');

    await page.locator('[data-testid="save-publish"]').click();
    await page.waitForURL(/packages\/course\/pages\/detail\/index\?id=/, { timeout: 20000 });
    courseId = /id=([0-9a-f]+)/.exec(page.url())![1];
    const cover = page.locator('[data-testid="course-cover"] img, img[data-testid="course-cover"]').first();
    await cover.waitFor({ timeout: 20000 });
    expect(await cover.getAttribute('src')).toContain(`/__cos/course-covers/${SCHOOL}/`);
    // the browser really loaded the image
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="course-cover"] img, img[data-testid="course-cover"]') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    }, undefined, { timeout: 20000 });
    await shot(app, page, '03-detail-with-cover');
  });

  it("a parent's course list shows the cover", async () => {
    await app.signInAs(page, PARENT);
    await app.goto(page, '/packages/course/pages/list/index');
    await input(page, 'course-search').waitFor({ timeout: 20000 });
    await input(page, 'course-search').fill('封面与课时');
    await input(page, 'course-search').press('Enter');
    const card = page.locator(`[data-testid="course-card"][data-course-id="${courseId}"]`);
    await card.waitFor({ timeout: 20000 });
    await expect(card.textContent()).resolves.toContain('1课时');
    const img = card.locator('[data-testid="course-card-cover"] img, img[data-testid="course-card-cover"]').first();
    await img.waitFor({ timeout: 20000 });
    expect(await img.getAttribute('src')).toContain(`/__cos/course-covers/${SCHOOL}/`);
    await shot(app, page, '04-list-with-cover');
    expect(app.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
