/**
 * H5 first contentful paint in headless Chromium on localhost (goal ≤ 1.0 s), cold cache each run,
 * against the H5 production build (dist/h5, built when missing) and a seeded local cloud.
 * Also: time until the dev sign-in list is visible, and the home page of a signed-in parent.
 *   npx tsx bench/h5-fcp.ts [--runs 7]
 */
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join, resolve } from 'path';
import { parseArgs } from 'util';
import cloudSdk from 'wx-server-sdk';
import { startLocalCloud } from '../localcloud';
import { serveH5, H5_DIST } from '../scripts/serve-h5';
import { launchChromium } from '../e2e/helpers/browser';

const ROOT = resolve(__dirname, '..');
const GOAL_MS = 1000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
  const runs = Math.max(1, Number(values.runs));
  if (!existsSync(join(H5_DIST, 'index.html'))) {
    console.log('dist/h5 missing: building it …');
    execFileSync(join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'h5'], { cwd: ROOT, stdio: 'ignore' });
  }
  const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { seedDemo } = require('../scripts/seed') as { seedDemo(db: unknown): Promise<unknown> };
  const sdk = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({ env: cloud.envId, serviceUrl: cloud.adminUrl });
  await seedDemo(sdk.database());
  const h5 = await serveH5({ port: 0 });
  const browser = await launchChromium();
  const app = (route: string) => `${h5.url}/?cloud=${encodeURIComponent(cloud.url)}#${route}`;

  const fcp: number[] = [];
  const signInList: number[] = [];
  const homeReady: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await page.evaluate(() => localStorage.clear()).catch(() => undefined);
      const started = Date.now();
      await page.goto(app('/pages/dev-login/index'));
      await page.locator('[data-openid="demo-parent-001"]').waitFor({ timeout: 20000 });
      signInList.push(Date.now() - started);
      const paint = await page.evaluate(
        () =>
          new Promise<number>((ok) => {
            const seen = performance.getEntriesByName('first-contentful-paint')[0];
            if (seen) return ok(seen.startTime);
            new PerformanceObserver((l) => ok(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
          }),
      );
      fcp.push(paint);
      // signed in: a full load of the home page with the profile from the local cloud
      await page.locator('[data-openid="demo-parent-001"] .nut-cell').click();
      await page.waitForURL(/#\/pages\/home\/index/);
      const t0 = Date.now();
      await page.reload();
      await page.locator('[data-testid="current-child"]').waitFor({ timeout: 20000 });
      homeReady.push(Date.now() - t0);
      await page.evaluate(() => localStorage.clear());
      await page.close();
    }
  } finally {
    await browser.close();
    await h5.close();
    await cloud.close();
  }
  console.log('H5 in headless Chromium on localhost (production build, cache disabled)');
  console.log(`  first contentful paint      : ${fmt(fcp)}  goal ≤ ${GOAL_MS} ms: ${median(fcp) <= GOAL_MS ? 'met' : 'NOT met'}`);
  console.log(`  dev sign-in list visible    : ${fmt(signInList)}`);
  console.log(`  home (signed in) with child : ${fmt(homeReady)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
