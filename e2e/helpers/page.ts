/**
 * What the flow tests share on top of the harness (./app): one app and one page per test file,
 * the NutUI-or-native input by its test id, and a screenshot once the page transition is over.
 *
 *   let app: App;
 *   let page: Page;
 *   useAppPage(__filename, (started) => ({ app, page } = started));
 */
import type { Page } from 'playwright-core';
import { startApp, type App } from './app';

/**
 * Registers beforeAll/afterAll for the enclosing describe: starts the app (cloud + H5 + browser),
 * opens one page with a 30 s default timeout and hands both to `onStart`; closes the app after.
 */
export function useAppPage(testFile: string, onStart: (started: { app: App; page: Page }) => void): void {
  let app: App | undefined;
  beforeAll(async () => {
    app = await startApp({ testFile });
    const page = await app.open();
    page.setDefaultTimeout(30000);
    onStart({ app, page });
  });
  afterAll(async () => {
    await app?.close();
  });
}

/** The <input> behind a test id: either the input itself or the one inside a NutUI wrapper. */
export function input(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

/** Let the H5 router's page transition finish (waitMs), then take the screenshot. */
export async function shot(app: App, page: Page, name: string, waitMs = 800) {
  await page.waitForTimeout(waitMs);
  await app.screenshot(page, name);
}
