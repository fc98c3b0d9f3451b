/**
 * 导出报表 in Chromium against the H5 build and a seeded local cloud, as the principal would: the
 * page says what each export contains; the principal exports the school's 考勤登记表 (progress
 * shown, then the file downloads), the downloaded xlsx opens with exceljs and names the school and
 * year; a course's 完整档案 from the course link; a parent who opens the page sees no export.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'fs';
import type { Page } from 'playwright-core';
import type { App } from './helpers/app';
import { shot, useAppPage } from './helpers/page';

jest.setTimeout(240_000);

const PRINCIPAL = 'demo-principal-001';
const SCHOOL = 'school-bjsx';

async function download(page: Page, button: string, panel: string): Promise<Buffer> {
  const wait = page.waitForEvent('download', { timeout: 120_000 });
  await page.locator(`[data-testid="${panel}"] .nut-button`, { hasText: button }).click();
  const d = await wait;
  const path = await d.path();
  return readFileSync(path!);
}

async function firstSheetText(buf: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const out: string[] = [];
  for (let i = 1; i <= Math.min(ws.rowCount, 12); i++) out.push((ws.getRow(i).values as unknown[]).filter(Boolean).map(String).join(' | '));
  return out;
}

describe('导出报表 (H5 in Chromium)', () => {
  let app: App;
  let page: Page;
  useAppPage(__filename, (started) => ({ app, page } = started));

  it('the principal sees what each export contains and downloads the school’s 考勤登记表', async () => {
    await app.signInAs(page, PRINCIPAL);
    await app.goto(page, `/packages/export/pages/center/index?schoolId=${SCHOOL}`);
    await page.locator('[data-testid="export-attendance"]').waitFor({ timeout: 30000 });
    await page.locator('[data-testid="export-hours"]', { hasText: '每个家庭本学年秋季、春季学期的学时' }).waitFor();
    await shot(app, page, '01-principal-export-center');
    const buf = await download(page, '导出 Excel', 'export-attendance');
    await page.locator('[data-testid="export-attendance"] [data-testid="export-done"]').waitFor({ timeout: 30000 });
    await shot(app, page, '02-attendance-exported');
    const lines = await firstSheetText(buf);
    expect(lines[0]).toContain('考勤登记表');
    expect(lines[2]).toContain('滨江实验小学');
    expect(lines[3]).toContain('校长');
    expect(lines.join('\n')).toContain('课次时间 | 课程');
  });

  it('a course link adds its 完整档案; the archive downloads with its four sheets', async () => {
    const course = (await app.cloud.db.readAll('courses', 100)).find((c) => c.schoolId === SCHOOL && c.status !== 'draft') as { _id: string; title: string };
    await app.goto(page, `/packages/export/pages/center/index?schoolId=${SCHOOL}&courseId=${course._id}`);
    await page.locator('[data-testid="export-archive"]').waitFor({ timeout: 30000 });
    const buf = await download(page, '导出 Excel', 'export-archive');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['课程方案', '课次', '考勤登记', '课程资料']);
    await page.locator('[data-testid="export-archive"] [data-testid="export-done"]').waitFor({ timeout: 30000 });
    await shot(app, page, '03-archive-exported');
  });

  it('a parent who opens the page is told exports are for staff (the function refuses them too: server/export tests)', async () => {
    await app.signInAs(page, 'demo-parent-001');
    await app.goto(page, `/packages/export/pages/center/index?schoolId=${SCHOOL}`);
    await page.locator('.ps-state--empty', { hasText: '导出报表供学校教职工使用' }).waitFor({ timeout: 30000 });
    expect(await page.locator('[data-testid="export-hours"]').count()).toBe(0);
    await shot(app, page, '04-parent-no-exports');
  });
});
