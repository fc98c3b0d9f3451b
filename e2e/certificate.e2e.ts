/**
 * 结业证书 in Chromium against the H5 build and a seeded local cloud, as its users would: a parent
 * confirms the name printed on the certificate; the school admin issues to 三年级1班; the parent
 * opens the certificate and downloads the image; an unsigned visitor scans its QR (decoded from
 * the downloaded PNG) and sees it valid; the admin revokes it; verification by number and code
 * then says revoked.
 */
import { readFileSync } from 'fs';
import type { Page } from 'playwright-core';
import jsQR from 'jsqr';
import type { App } from './helpers/app';
import { input, shot, useAppPage } from './helpers/page';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { data: Buffer; width: number; height: number } } } };

jest.setTimeout(240_000);

const ADMIN = 'demo-admin-001';
const PARENT = 'demo-parent-001';
const CLASS = '三年级1班';

async function confirmModal(page: Page, text: string) {
  const btn = page.locator('.taro__modal .taro-model__confirm', { hasText: text });
  await btn.waitFor({ state: 'visible', timeout: 30000 });
  await btn.click();
  await btn.waitFor({ state: 'hidden', timeout: 10000 }).catch(() => undefined);
}

describe('结业证书 (H5 in Chromium)', () => {
  let app: App;
  let page: Page;
  let scene = '';
  let number = '';
  let code = '';

  useAppPage(__filename, (started) => ({ app, page } = started));

  it('the parent confirms the real name for the certificate, the purpose stated', async () => {
    await app.signInAs(page, PARENT);
    await app.goto(page, '/packages/certificate/pages/mine/index');
    await page.locator('[data-testid="certificate-name"]', { hasText: '不会向其他家庭展示' }).waitFor({ timeout: 30000 });
    await shot(app, page, '01-parent-asked-for-name');
    await input(page, 'real-name').fill('王建国');
    await page.locator('[data-testid="confirm-name"]').click();
    await page.locator('[data-testid="certificate-name"]', { hasText: '证书姓名：王建国' }).waitFor({ timeout: 20000 });
    await page.locator('.ce-tag', { hasText: '已达到结业要求' }).first().waitFor({ timeout: 20000 });
    await shot(app, page, '02-parent-qualified-waiting');
  });

  it('the admin finds the certificate rule beside the star settings', async () => {
    await app.signInAs(page, ADMIN);
    await app.goto(page, '/packages/credit/pages/settings/index');
    await page.locator('[data-testid="certificate-settings-link"] .nut-button').click({ timeout: 30000 });
    await page.locator('[data-testid="certificate-settings"]').waitFor({ timeout: 30000 });
    await page.waitForFunction(() => (document.querySelector('[data-testid="rule-principal"] input, input[data-testid="rule-principal"]') as HTMLInputElement | null)?.value === '陈建华', undefined, { timeout: 20000 });
    await page.locator('[data-testid="certificate-settings"]', { hasText: '本学年累计不少于 4 课时' }).waitFor({ timeout: 10000 });
    await shot(app, page, '03a-admin-certificate-settings');
  });

  it('the admin sees the class and issues to it', async () => {
    await app.goto(page, '/packages/certificate/pages/admin/index');
    await page.locator('.ps-chip', { hasText: CLASS }).click({ timeout: 30000 });
    await page.locator('[data-testid="certificate-summary"]', { hasText: CLASS }).waitFor({ timeout: 30000 });
    await page.locator('.ce-tag', { hasText: '可发放' }).first().waitFor({ timeout: 20000 });
    await shot(app, page, '03-admin-class-eligibility');
    await page.locator('[data-testid="issue-class"]').click();
    await confirmModal(page, '发放');
    await page.locator('[data-testid="issue-result"]', { hasText: '本班发放完成：新发放' }).waitFor({ timeout: 30000 });
    await page.locator('.ce-tag', { hasText: '已发放' }).first().waitFor({ timeout: 20000 });
    await shot(app, page, '04-admin-issued');
  });

  it('the parent opens the certificate and downloads the image', async () => {
    await app.signInAs(page, PARENT);
    await app.goto(page, '/packages/certificate/pages/mine/index');
    const card = page.locator('[data-testid^="certificate-"]', { hasText: '已获得结业证书' }).first();
    await card.waitFor({ timeout: 30000 });
    const text = await card.innerText();
    number = /证书编号：(\S+)/.exec(text)![1];
    code = /验证码：\s*([0-9A-Z-]+)/.exec(text)![1];
    await card.locator('[data-testid="open-certificate"]').click();
    const img = page.locator('[data-testid="certificate-image"] img, img[data-testid="certificate-image"]').first();
    await img.waitFor({ timeout: 60000 });
    await page.waitForFunction(() => {
      const i = document.querySelector('[data-testid="certificate-image"] img, img[data-testid="certificate-image"]') as HTMLImageElement | null;
      return !!i && i.complete && i.naturalWidth > 0;
    }, undefined, { timeout: 30000 });
    await shot(app, page, '06-parent-certificate');
    const download = page.waitForEvent('download', { timeout: 30000 });
    await card.locator('[data-testid="save-certificate"]').click();
    const file = await (await download).path();
    expect((await download).suggestedFilename()).toBe(`结业证书-${number}.png`);
    const png = PNG.sync.read(readFileSync(file!));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr).not.toBeNull();
    scene = decodeURIComponent(/scene=([^&]+)/.exec(qr!.data)![1]);
    expect(scene).toBe(`${number}.${code.replace(/-/g, '')}`);
  });

  it('an unsigned visitor scans the QR and sees the certificate valid, the name masked', async () => {
    await page.evaluate(() => window.localStorage.clear());
    await app.goto(page, `/packages/certificate/pages/verify/index?scene=${encodeURIComponent(scene)}`);
    const result = page.locator('[data-testid="verify-result"]');
    await result.waitFor({ timeout: 30000 });
    const text = await result.innerText();
    expect(text).toContain('证书有效');
    expect(text).toContain('王*国');
    expect(text).not.toContain('王建国');
    expect(page.url()).not.toContain('dev-login');
    await shot(app, page, '07-visitor-valid');
  });

  it('the admin revokes it with a reason', async () => {
    await app.signInAs(page, ADMIN);
    await app.goto(page, '/packages/certificate/pages/admin/index');
    await page.locator('.ps-chip', { hasText: CLASS }).click({ timeout: 30000 });
    const row = page.locator('.ce-item', { hasText: number });
    await row.waitFor({ timeout: 30000 });
    await row.locator('.nut-button', { hasText: '撤销' }).click();
    await input(page, 'reason-input').fill('家长信息登记有误，核实后补发');
    await shot(app, page, '08-admin-revoke-reason');
    await page.locator('[data-testid="reason-confirm"]').click();
    await page.locator('.ce-item', { hasText: number }).locator('.ce-tag', { hasText: '已撤销' }).waitFor({ timeout: 20000 });
    await shot(app, page, '09-admin-revoked');
  });

  it('verification by number and code now says revoked', async () => {
    await page.evaluate(() => window.localStorage.clear());
    await app.goto(page, '/packages/certificate/pages/verify/index');
    await input(page, 'verify-number').fill(number);
    await input(page, 'verify-code').fill(code);
    await page.locator('[data-testid="verify-submit"]').click();
    const result = page.locator('[data-testid="verify-result"]');
    await result.waitFor({ timeout: 30000 });
    expect(await result.innerText()).toContain('证书已撤销');
    await shot(app, page, '10-visitor-revoked');
    // a forged code is refused in Chinese
    await input(page, 'verify-code').fill('D222-2222-2222');
    await page.locator('[data-testid="verify-submit"]').click();
    await page.locator('[data-testid="verify-error"]', { hasText: '证书编号或验证码不正确' }).waitFor({ timeout: 20000 });
    await shot(app, page, '11-visitor-forged');
  });

  it('no page logged an error or failed a request along the way', () => {
    expect(app.problems).toEqual([]);
  });
});
