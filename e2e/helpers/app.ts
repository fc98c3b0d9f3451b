/**
 * The e2e harness: a local cloud (in-process, dev mode, seeded with the demo data), the H5 build
 * served statically, and headless Chromium pointed at it.
 *
 *   const app = await startApp();               // cloud + H5 + browser
 *   const page = await app.open();               // a fresh page at the app's entry
 *   await app.signInAs(page, 'demo-parent-001');  // through the dev sign-in page, like a person
 *   await app.screenshot(page, 'home');           // → test-output/e2e/<test file>/home.png
 *   await app.close();
 */
import { existsSync, mkdirSync } from 'fs';
import { basename, join, resolve } from 'path';
import type { Page } from 'playwright-core';
import cloudSdk from 'wx-server-sdk';
import { startLocalCloud, type LocalCloud } from '../../localcloud';
import { serveH5, H5_DIST, type StaticServer } from '../../scripts/serve-h5';
import { launchChromium, type Browser } from './browser';

export const OUTPUT_DIR = resolve(__dirname, '..', '..', 'test-output', 'e2e');

export interface App {
  cloud: LocalCloud;
  h5: StaticServer;
  browser: Browser;
  /** The URL that opens the app against this cloud (…/?cloud=<cloud url>#<route>). */
  url(route?: string): string;
  open(route?: string): Promise<Page>;
  signInAs(page: Page, openid: string): Promise<void>;
  /**
   * Open a route by URL the way a test should: once the app has settled. A URL typed while a
   * redirect is still in flight (a page that needs a user sending the visitor to the sign-in page)
   * lands together with it, and Taro's H5 router then stacks two pages — a harness artefact no
   * user can cause, since a user taps, and a tap lands on the page they see.
   */
  goto(page: Page, route: string): Promise<void>;
  screenshot(page: Page, name: string): Promise<string>;
  /** Console errors and failed requests seen by any page (a test can assert there are none). */
  problems: string[];
  close(): Promise<void>;
}

export async function startApp(opts: { seed?: boolean; testFile?: string } = {}): Promise<App> {
  if (!existsSync(join(H5_DIST, 'index.html'))) throw new Error('dist/h5 不存在：请先运行 npm run build:h5（npm test 会先构建）');
  const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false });
  // If seeding, the static server or the browser fails, close what did start: an open server
  // keeps jest from exiting, and the run hangs instead of reporting the failure.
  const started: { close(): Promise<void> }[] = [cloud];
  let h5: StaticServer;
  let browser: Browser;
  try {
    if (opts.seed !== false) {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { seedDemo } = require('../../scripts/seed') as { seedDemo(db: unknown, ctx?: { sdk?: unknown }): Promise<unknown> };
      const sdk = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({
        env: cloud.envId,
        serviceUrl: cloud.adminUrl,
      });
      // With the SDK: the demo lessons' video is uploaded to cloud storage (scripts/seed/lesson-media.ts).
      await seedDemo(sdk.database(), { sdk });
    }
    h5 = await serveH5({ port: 0 });
    started.unshift(h5);
    browser = await launchChromium();
  } catch (e) {
    for (const s of started) await s.close().catch(() => undefined);
    throw e;
  }
  const problems: string[] = [];
  const shotDir = join(OUTPUT_DIR, opts.testFile ? basename(opts.testFile).replace(/\.e2e\.ts$/, '') : 'misc');
  mkdirSync(shotDir, { recursive: true });

  const url = (route = '/pages/home/index') => `${h5.url}/?cloud=${encodeURIComponent(cloud.url)}#${route}`;

  return {
    cloud,
    h5,
    browser,
    url,
    problems,
    async open(route) {
      const page = await browser.context.newPage();
      page.on('console', (m) => {
        // HTTP errors are reported (with their URL) by the 'response' handler below.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`http ${r.status()}: ${r.url()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      await page.goto(url(route));
      await settle(page);
      return page;
    },
    async goto(page, route) {
      await settle(page);
      await page.goto(url(route));
    },
    async signInAs(page, openid) {
      await settle(page);
      await page.goto(url('/pages/dev-login/index'));
      // The visible sign-in page, the newest if two are stacked: when the page opened before
      // (one that needs a user) redirects to the sign-in page late, its reLaunch and this goto can
      // both land, leaving a hidden sign-in page under the shown one. A user never navigates by
      // URL in the middle of a redirect; the harness does, so it picks the page on top.
      const user = page.locator(`[data-openid="${openid}"] .nut-cell`).filter({ visible: true }).last();
      await user.waitFor({ state: 'visible', timeout: 15000 });
      await user.click();
      await page.waitForURL(/#\/pages\/home\/index/, { timeout: 15000 });
      // let the page transition finish (the sign-in page slides away) before anyone looks
      await page.locator('.dev-login').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
    },
    async screenshot(page, name) {
      const file = join(shotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await h5.close();
      await cloud.close();
    },
  };
}

/**
 * Wait until the app has settled: a page is mounted and neither the route nor the number of
 * mounted pages has changed for SETTLE_MS. A page that redirects does so from its first effect,
 * right after it mounts, so a settled app has no redirect in flight.
 */
const SETTLE_MS = 350;
export async function settle(page: Page): Promise<void> {
  if (page.url() === 'about:blank') return;
  await page.waitForFunction(
    (quietMs) => {
      const w = window as unknown as { __psSettle?: { key: string; since: number } };
      const pages = document.querySelectorAll('.taro_page');
      if (pages.length === 0) return false;
      const key = `${location.hash}|${pages.length}`;
      const now = Date.now();
      if (!w.__psSettle || w.__psSettle.key !== key) {
        w.__psSettle = { key, since: now };
        return false;
      }
      return now - w.__psSettle.since >= quietMs;
    },
    SETTLE_MS,
    { polling: 50, timeout: 20000 },
  );
}
