/**
 * 长辈模式 (issue 15, item 9) in Chromium at 390×844: a grandparent-style parent switches it on in
 * 我的; the main pages are screenshotted in both modes (test-output/e2e/elder-mode/) and their
 * element boxes checked: no text clipped by its box, no two texts overlapping; in elder mode body
 * text ≥ 18 px and touch targets ≥ 48 px; 首页 shows three big actions.
 */
import type { Page } from 'playwright-core';
import { startApp, type App } from './helpers/app';
import { shot } from './helpers/page';

jest.setTimeout(300_000);

const PARENT = 'demo-parent-001';
const PAGES: [string, string][] = [
  ['home', '/pages/home/index'],
  ['courses', '/pages/courses/index'],
  ['credits', '/pages/credits/index'],
  ['me', '/pages/me/index'],
  ['summary', '/packages/credit/pages/summary/index'],
  ['lessons', '/packages/credit/pages/lessons/index'],
  ['contacts', '/packages/contact/pages/card/index'],
];

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Box {
  text: string;
  /** One rectangle per line the text occupies (a wrapped text is not its bounding box). */
  rects: Rect[];
  fontPx: number;
  clipped: boolean;
}

/** Every visible leaf text of the current page (not the tab bar), with its box, font size and whether its box clips it. */
async function texts(page: Page): Promise<Box[]> {
  return page.evaluate(`(() => {
    const root = Array.from(document.querySelectorAll('.ps-page')).find((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e.closest('.taro_page') || e).display !== 'none'; });
    if (!root) return [];
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = (n.textContent || '').trim();
      if (!t) continue;
      const el = n.parentElement;
      if (!el || el.closest('input,textarea,video,svg,.taro-video-container')) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none' || Number(cs.opacity) === 0) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height }));
      if (!rects.length) continue;
      // zoom scales what is drawn: the font as drawn is the computed size times the zoom on the way up
      let zoom = 1;
      for (let e = el; e; e = e.parentElement) zoom *= Number(getComputedStyle(e).zoom || 1) || 1;
      const clipped = (cs.overflow !== 'visible' || cs.textOverflow === 'ellipsis') && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2) && cs.whiteSpace !== 'nowrap';
      out.push({ text: t.slice(0, 30), rects, fontPx: parseFloat(cs.fontSize) * zoom, clipped });
    }
    return out;
  })()`) as Promise<Box[]>;
}

function rectsOverlap(a: Rect, b: Rect): boolean {
  const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return ix > 2 && iy > 2;
}

function overlaps(a: Box, b: Box): boolean {
  return a.rects.some((ra) => b.rects.some((rb) => rectsOverlap(ra, rb)));
}

/** Touch targets (buttons, cells, chips, links) smaller than `min` px in height, as drawn. */
async function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate(`(() => {
    const root = Array.from(document.querySelectorAll('.ps-page')).find((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e.closest('.taro_page') || e).display !== 'none'; });
    if (!root) return [];
    const sel = '.nut-button, .nut-cell, .ps-chip, .ps-choice__item, .courses-tab__link, .home__elder-action, .home__switch, .nut-switch';
    return Array.from(root.querySelectorAll(sel))
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < ${min}; })
      .map((e) => (e.textContent || e.className).trim().slice(0, 20) + ' ' + Math.round(e.getBoundingClientRect().height) + 'px');
  })()`) as Promise<string[]>;
}

/** Every page of PAGES in this mode: a screenshot, and the problems its boxes show (all pages, then one assertion). */
async function check(app: App, page: Page, mode: 'normal' | 'elder'): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, route] of PAGES) {
    await app.goto(page, route);
    await page.locator('.ps-page:visible').first().waitFor({ timeout: 30000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(1200);
    await shot(app, page, `${mode}-${name}`, 200);
    const boxes = await texts(page);
    if (!boxes.length) problems.push(`${name}: no text found`);
    for (const b of boxes.filter((x) => x.clipped)) problems.push(`${name}: clipped "${b.text}"`);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i], boxes[j])) problems.push(`${name}: "${boxes[i].text}" overlaps "${boxes[j].text}"`);
    if (mode === 'elder') {
      // Body text ≥ 18 px: nothing smaller than 17.5 px as drawn (rounding).
      for (const b of boxes.filter((x) => x.fontPx < 17.5)) problems.push(`${name}: small text "${b.text}" ${b.fontPx.toFixed(1)}px`);
      for (const t of await smallTargets(page, 48)) problems.push(`${name}: small target ${t}`);
    }
  }
  return problems;
}

describe('长辈模式', () => {
  let app: App;
  let page: Page;
  beforeAll(async () => {
    app = await startApp({ testFile: __filename });
    page = await app.open();
    page.setDefaultTimeout(30000);
    await app.signInAs(page, PARENT);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('normal mode: nothing clipped or overlapping', async () => {
    expect(await check(app, page, 'normal')).toEqual([]);
  });

  it('switched on in 我的: larger everywhere, nothing clipped or overlapping, 首页 has three big actions', async () => {
    await app.goto(page, '/pages/me/index');
    await page.locator('[data-testid="elder-mode"] .nut-switch').click();
    await page.waitForFunction(() => document.documentElement.classList.contains('ps-elder'));
    await app.goto(page, '/pages/home/index');
    await page.locator('[data-testid="elder-actions"]').waitFor();
    await expect(page.locator('[data-testid="elder-actions"] .home__elder-action').count()).resolves.toBe(3);
    expect(await check(app, page, 'elder')).toEqual([]);
    // It stays on after a reload (saved on the device).
    await page.reload();
    await page.waitForFunction(() => document.documentElement.classList.contains('ps-elder'));
  });
});
