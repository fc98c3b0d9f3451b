/**
 * Identity and school structure in Chromium against the H5 build and a seeded local cloud, as
 * new users would: a head teacher creates a class join code; a new parent reads and accepts the
 * privacy notice, binds a child with that code and sees the class; the school admin adds a class.
 * Screenshots: test-output/e2e/school/.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { startApp, type App } from './helpers/app';
import { input } from './helpers/page';

jest.setTimeout(180_000);

const HEAD_TEACHER = 'demo-teacher-001';
const NEW_PARENT = 'demo-parent-new';
const ADMIN = 'demo-admin-001';

/** A 下一步 entry on the home tab, by its title. */
function homeStep(page: Page, title: string) {
  return page.locator('.nut-cell:visible', { hasText: title }).first();
}

/** Let the H5 router's page transition finish, then take the screenshot. */
async function shot(app: App, page: Page, name: string) {
  await page.waitForTimeout(600);
  await app.screenshot(page, name);
}

describe('school: join code, binding a child, adding a class (H5 in Chromium)', () => {
  let app: App;
  let page: Page;
  let code = '';

  beforeAll(async () => {
    app = await startApp({ testFile: __filename });
    page = await app.open();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the head teacher creates a class join code (text and QR)', async () => {
    await app.signInAs(page, HEAD_TEACHER);
    const step = homeStep(page, '班级邀请码');
    await step.waitFor({ timeout: 20000 });
    await step.click();
    await page.locator('[data-testid="create-code"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="class-choice"]').textContent()).resolves.toContain('三年级1班');
    await page.locator('[data-testid="create-code"]').click();
    const text = page.locator('[data-testid="fresh-code-text"]');
    await text.waitFor({ timeout: 20000 });
    code = (await text.getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    await page.locator('[data-testid="fresh-code-qr"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="fresh-code"]').textContent()).resolves.toContain('有效期至');
    await page.locator(`[data-testid="code-${code}"]`).waitFor({ timeout: 20000 });
    await shot(app, page, '01-head-teacher-join-code');
  });

  it('a new parent accepts the privacy notice, binds a child with the code and sees the class', async () => {
    await app.signInAs(page, NEW_PARENT);
    const consentStep = homeStep(page, '阅读并同意隐私保护指引');
    await consentStep.waitFor({ timeout: 20000 });
    await shot(app, page, '02-new-parent-home');
    await consentStep.click();
    await page.locator('[data-testid="privacy-notice"]').waitFor({ timeout: 20000 });
    await shot(app, page, '03-privacy-notice');
    await page.locator('[data-testid="consent-check"]').click();
    await page.locator('[data-testid="consent-accept"]').click();
    // after consenting, a parent without children goes on to bind one
    await input(page, 'code-input').waitFor({ timeout: 20000 });
    await input(page, 'code-input').fill(code.toLowerCase());
    await page.locator('[data-testid="code-check"]').click();
    await page.locator('[data-testid="preview"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="preview"]').textContent()).resolves.toContain('滨江实验小学 · 三年级1班');
    await input(page, 'child-name-input').fill('陈小雨');
    await page.locator('[data-testid="relation"] [data-value="父亲"]').click();
    await shot(app, page, '04-bind-child');
    await page.locator('[data-testid="bind-submit"]').click();
    await page.waitForURL(/#\/pages\/home\/index/, { timeout: 20000 });
    const child = page.locator('[data-testid="current-child"]');
    await child.waitFor({ timeout: 20000 });
    await expect(child.textContent()).resolves.toContain('陈小雨');
    await expect(child.textContent()).resolves.toContain('滨江实验小学 · 三年级1班');
    await shot(app, page, '05-parent-home-with-child');
  });

  it('the head teacher sees the new guardian in the class roster', async () => {
    await app.signInAs(page, HEAD_TEACHER);
    await app.goto(page, '/packages/school/pages/roster/index');
    await page.locator('[data-testid="child-陈小雨"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="child-陈小雨"]').textContent()).resolves.toContain('陈小雨父亲');
    await shot(app, page, '06-roster');
  });

  it('the school admin adds a class', async () => {
    await app.signInAs(page, ADMIN);
    const step = homeStep(page, '学校管理');
    await step.waitFor({ timeout: 20000 });
    await step.click();
    await page.locator('[data-testid="grades"]').waitFor({ timeout: 20000 });
    await page.locator('[data-testid="class-grade"] [data-value="school-bjsx-g3"]').click();
    await input(page, 'class-name-input').fill('3班');
    await page.locator('[data-testid="add-class"]').click();
    await page.locator('[data-testid="class-三年级3班"]').waitFor({ timeout: 20000 });
    await shot(app, page, '07-admin-added-class');
  });

  it('the school admin imports staff from a spreadsheet: row errors first, then the corrected file', async () => {
    const xlsx = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('教职工');
      ws.addRow(['姓名', '手机号', '职务', '年级', '班级', '学科', '接待时间']);
      rows.forEach((r) => ws.addRow(r));
      return { name: '教职工.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
    };
    const choose = async (file: Awaited<ReturnType<typeof xlsx>>) => {
      const chooser = page.waitForEvent('filechooser', { timeout: 20000 });
      await page.locator('[data-testid="import-choose"]').click();
      await (await chooser).setFiles(file);
    };
    await page.locator('[data-testid="admin-tabs"] [data-value="import"]').click();
    await page.locator('[data-testid="import-choose"]').waitFor({ timeout: 20000 });

    await choose(await xlsx([['冯老师', '1390000', '任课教师', '三年级', '3班', ''], ['', '13900005002', '教导主任']]));
    const errors = page.locator('[data-testid="import-errors"]');
    await errors.waitFor({ timeout: 20000 });
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('第2行「手机号」');
    expect(text).toContain('第2行「学科」');
    expect(text).toContain('第3行「姓名」');
    expect(text).toContain('第3行「职务」');
    await shot(app, page, '08-import-row-errors');

    await choose(await xlsx([['冯老师', '13900005001', '班主任、任课教师', '三年级', '3班', '数学', '每周四下午'], ['褚老师', '13900005002', '心理健康教师']]));
    await page.locator('[data-testid="import-preview"]').waitFor({ timeout: 20000 });
    await expect(page.locator('[data-testid="import-preview"]').textContent()).resolves.toContain('新增教职工 2 人');
    await page.locator('[data-testid="import-confirm"]').click();
    await page.locator('[data-testid="import-preview"]', { hasText: '已新增教职工 2 人' }).waitFor({ timeout: 20000 });
    await page.locator('[data-testid="admin-tabs"] [data-value="staff"]').click();
    await page.locator('[data-testid="staff-list"]', { hasText: '冯老师' }).waitFor({ timeout: 20000 });
    await shot(app, page, '09-staff-after-import');
    expect(app.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });
});
