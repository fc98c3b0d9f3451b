/** Test helpers of the export domain: drive a job to its end as the client does, and read the workbook back with exceljs. */
import ExcelJS from 'exceljs';
import type { TestCloud } from '../../test/helpers/local-cloud';
import type { Result } from '../../types/common/result';
import type { ExportJobView } from '../../types/export/export.schema';

export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}

export const code = (r: Result<unknown>) => (r.ok ? 'OK' : r.error.code);

/**
 * continueExport until done or failed, as src/services/export.ts does: when a call made no
 * progress (another driver holds the step), wait a little before asking again.
 */
export async function drive(cloud: TestCloud, openid: string, view: ExportJobView, deadlineMs = 180_000): Promise<{ view: ExportJobView; calls: number }> {
  let v = view;
  let calls = 0;
  let idle = 0;
  const until = Date.now() + deadlineMs;
  while (v.status === 'running' && Date.now() < until) {
    const before = v.progress + v.rowsRead;
    v = ok(await cloud.call<ExportJobView>('export', openid, 'continueExport', { jobId: v.jobId }));
    calls++;
    idle = v.progress + v.rowsRead === before ? idle + 1 : 0;
    if (idle) await new Promise((r) => setTimeout(r, Math.min(1000, 100 * idle)));
  }
  return { view: v, calls };
}

export async function runExport(cloud: TestCloud, openid: string, input: unknown): Promise<ExportJobView> {
  const started = ok(await cloud.call<ExportJobView>('export', openid, 'startExport', input));
  const { view } = await drive(cloud, openid, started);
  if (view.status !== 'done') throw new Error(`export ended ${view.status}: ${view.errorMessage}`);
  return view;
}

export interface ReadSheet {
  name: string;
  /** Every row's cell values as text, row 1 first. */
  all: string[][];
  /** The lines above the table. */
  heading: string[];
  header: string[];
  rows: string[][];
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in (v as object)) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
  return String(v);
}

/** Downloads the workbook through its temp URL and reads every sheet; the table starts after the first blank row. */
export async function readWorkbook(url: string): Promise<{ sheets: ReadSheet[]; bytes: number }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`download failed: ${res.status}`);
  const buf = Buffer.from(await res.arrayBuffer());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const sheets: ReadSheet[] = [];
  wb.eachSheet((ws) => {
    const all: string[][] = [];
    for (let i = 1; i <= ws.rowCount; i++) {
      const row = ws.getRow(i);
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, 1); c++) cells.push(text(row.getCell(c).value));
      while (cells.length && cells[cells.length - 1] === '') cells.pop();
      all.push(cells);
    }
    const blank = all.findIndex((r) => r.length === 0);
    sheets.push({ name: ws.name, all, heading: all.slice(0, blank).map((r) => r[0]), header: all[blank + 1] ?? [], rows: all.slice(blank + 2).filter((r) => r.length && r[0] !== '（该范围与时段内没有记录）') });
  });
  return { sheets, bytes: buf.length };
}

/** Row objects keyed by header. */
export function records(s: ReadSheet): Record<string, string>[] {
  return s.rows.map((r) => Object.fromEntries(s.header.map((h, i) => [h, r[i] ?? ''])));
}
