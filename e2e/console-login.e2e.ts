/**
 * The admin console's sign-in as a school's IT person and an admin would use it: a desktop
 * browser (1280×800) opens the sign-in page and shows a mini-program code; the admin, signed in on
 * the phone (390×844), opens the page the code leads to, checks the computer and confirms; the
 * desktop lands in the app as the admin. On the phone, 我的 → 已登录的电脑 signs the computer out,
 * and the desktop's next call sends it back to sign in.
 */
import type { Page } from 'playwright-core';
import jsQR from 'jsqr';
import { join } from 'path';
import { OUTPUT_DIR, startApp, type App } from './helpers/app';
import { launchChromium, type Browser } from './helpers/browser';
import { shot } from './helpers/page';

// pngjs ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { data: Buffer; width: number; height: number } } } };

jest.setTimeout(240_000);

let app: App;
let desktopBrowser: Browser;
let desktop: Page;
let phone: Page;

beforeAll(async () => {
  app = await startApp({ testFile: __filename });
  desktopBrowser = await launchChromium({ viewport: { width: 1280, height: 800 } });
  desktop = await desktopBrowser.context.newPage();
  desktop.setDefaultTimeout(30000);
  desktop.on('pageerror', (e) => app.problems.push(`desktop pageerror: ${e.message}`));
  desktop.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) app.problems.push(`desktop console: ${m.text()}`);
  });
  phone = await app.open();
  phone.setDefaultTimeout(30000);
});

const desktopShot = (name: string) => desktop.screenshot({ path: join(OUTPUT_DIR, 'console-login', `${name}.png`) });

afterAll(async () => {
  await desktopBrowser?.close();
  await app?.close();
});

test('scan on the phone, confirm, and the desktop is signed in as that admin; signing out from the phone ends it', async () => {
  // Desktop: the sign-in page with its code.
  // From the sign-in page of this (dev) build; a console build (TARO_APP_SIGN_IN=console) opens the
  // scan page itself as its sign-in page.
  await app.goto(desktop, '/pages/dev-login/index');
  await desktop.getByText('学校教职工：用微信扫码登录电脑端管理后台').click();
  await desktop.getByText('请用微信扫描二维码').waitFor({ timeout: 60000 });
  const qrImg = desktop.locator('[data-testid="login-qr"]').first();
  await qrImg.waitFor({ state: 'attached' });
  const box = await qrImg.boundingBox();
  expect(box && box.width > 150 && Math.abs(box.width - box.height) < 2).toBe(true);
  await desktopShot('1-desktop-code');
  const src = await qrImg.getAttribute('data-src');
  expect(src).toMatch(/^data:image\/png;base64,/);
  const png = PNG.sync.read(Buffer.from(src!.split(',')[1], 'base64'));
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded?.data).toMatch(/^packages\/auth\/pages\/confirm-login\/index\?scene=/);
  const scene = new URL(`https://wx/${decoded!.data}`).searchParams.get('scene')!;

  // Phone: the admin, signed in to the mini-program, "scans" — WeChat opens the page with the scene.
  await app.signInAs(phone, 'demo-admin-001');
  await app.goto(phone, `/packages/auth/pages/confirm-login/index?scene=${encodeURIComponent(scene)}`);
  await phone.getByText('在电脑上登录家长学校管理后台？').waitFor();
  await phone.getByText('Linux 上的 Chrome').waitFor();
  await shot(app, phone, '2-phone-confirm');
  await phone.locator('.nut-button', { hasText: '确认登录' }).click();
  await phone.getByText(/已确认，电脑上即将进入管理后台/).waitFor();
  await shot(app, phone, '3-phone-confirmed');

  // Desktop: signed in, on the home page, as the admin (the admin's school shows).
  await desktop.waitForURL(/#\/pages\/home\/index/, { timeout: 20000 });
  await desktop.locator('.home').first().waitFor();
  await desktop.getByText('滨江实验小学').first().waitFor();
  await desktop.waitForTimeout(800);
  await desktopShot('4-desktop-signed-in');

  // Phone: 我的 → 已登录的电脑 → 退出这台电脑.
  await app.goto(phone, '/pages/me/index');
  await phone.locator('.me .nut-cell', { hasText: '已登录的电脑' }).click();
  await phone.locator('[data-testid="console-session"]').first().waitFor();
  expect(await phone.locator('[data-testid="console-session"]').count()).toBe(1);
  await shot(app, phone, '5-phone-sessions');
  await phone.locator('.nut-button', { hasText: '退出这台电脑' }).click();
  await phone.getByText('没有电脑登录着您的账号').waitFor();
  await shot(app, phone, '6-phone-signed-out');

  // Desktop: the very next call is refused and the page goes back to sign in.
  await app.goto(desktop, '/pages/me/index');
  await desktop.waitForURL(/#\/pages\/(dev-login|console-login)\/index/, { timeout: 20000 });
  const token = await desktop.evaluate(() => window.localStorage.getItem('ps.session'));
  expect(token ?? '').not.toMatch(/"token":"c\./);

  expect(app.problems).toEqual([]);
});
