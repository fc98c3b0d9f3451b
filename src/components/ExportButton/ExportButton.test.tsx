/**
 * ExportButton in jsdom against the real local cloud of the ui project: the principal exports the
 * school's certificate register — the button drives the job to its end through runExport, the
 * browser download is made from the workbook's temp URL, and the panel says what it contains, the
 * period and the size; a parent's attempt shows the function's Chinese refusal.
 */
import { act, render } from '@tarojs/test-utils-react/dist/pure';
import React from 'react';
import { waitFor } from '../../../test/ui/wait-for';
import { byTestId, seedSchoolInUiCloud } from '../../../test/ui/page-test';
import { signIn, signOut } from '@/services/session';
import ExportButton from './index';

/* eslint-disable @typescript-eslint/no-var-requires */
const ReactDOM = require('react-dom');
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime');
/* eslint-enable @typescript-eslint/no-var-requires */
createH5NativeComponentConfig(null, React, ReactDOM);

jest.setTimeout(90_000);

const SCHOOL = 'school-bjsx';
const downloads: string[] = [];

beforeAll(async () => {
  await seedSchoolInUiCloud();
  // jsdom has no object URLs: record what the browser would have saved.
  (URL as unknown as { createObjectURL(b: Blob): string }).createObjectURL = () => 'blob:export';
  (URL as unknown as { revokeObjectURL(u: string): void }).revokeObjectURL = () => undefined;
  HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
    downloads.push(this.download);
  };
}, 60_000);

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  mounted.splice(0).forEach((r) => r.unmount());
  signOut();
});


describe('ExportButton', () => {
  it('the principal: contents shown, the job driven to the end, the workbook downloaded under its name', async () => {
    await signIn({ openid: 'demo-principal-001' });
    const r = render(<ExportButton kind="hours" params={{ scope: { kind: 'school', schoolId: SCHOOL } }} />, {});
    mounted.push(r);
    expect(r.container.textContent).toContain('家庭学时统计（按学期）');
    expect(r.container.textContent).toContain('每个家庭本学年秋季、春季学期的学时');
    await act(async () => {
      byTestId(r.container, 'export-start')!.click();
    });
    await waitFor(() => expect(byTestId(r.container, 'export-done')).not.toBeNull(), 30_000);
    expect(byTestId(r.container, 'export-done')!.textContent).toMatch(/^已生成 \d+ 行（\d+ KB），文件保留24小时，仅您本人可下载$/);
    expect(r.container.textContent).toContain('滨江实验小学');
    expect(r.container.textContent).toMatch(/\d{4}-\d{4}学年/);
    // The download follows the 已生成 line: the workbook is fetched first (slow on a loaded machine).
    await waitFor(() => expect(downloads.length).toBeGreaterThan(0), 15_000);
    expect(downloads.at(-1)).toMatch(/^家庭学时统计（按学期）_滨江实验小学_\d{4}-\d{4}学年_\d{8}-\d{4}\.xlsx$/);
    expect(byTestId(r.container, 'export-open')?.textContent).toContain('打开表格');
    expect(byTestId(r.container, 'export-again')?.textContent).toContain('重新导出');
  });

  it('a parent: the refusal in Chinese, nothing downloaded', async () => {
    const before = downloads.length;
    await signIn({ openid: 'demo-parent-001' });
    const r = render(<ExportButton kind="hours" params={{ scope: { kind: 'school', schoolId: SCHOOL } }} />, {});
    mounted.push(r);
    await act(async () => {
      byTestId(r.container, 'export-start')!.click();
    });
    await waitFor(() => expect(byTestId(r.container, 'export-failure')).not.toBeNull(), 15_000);
    expect(byTestId(r.container, 'export-failure')!.textContent).toMatch(/[\u4e00-\u9fa5]/);
    expect(downloads.length).toBe(before);
  });
});
