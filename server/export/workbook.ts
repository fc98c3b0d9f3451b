/**
 * Writes the sheets of an export as one xlsx with exceljs's streaming WorkbookWriter (rows are
 * committed as they are written, so a whole school year stays within the function's memory):
 * the heading lines first (what, which scope and period, when and by whom), then the table.
 */
import ExcelJS from 'exceljs';
import { PassThrough } from 'stream';
import type { Sheet } from './spec';

export async function writeWorkbook(sheets: Sheet[], heading: string[], meta: { creator: string; created: Date }): Promise<{ buffer: Buffer; rows: number }> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = meta.creator;
  wb.created = meta.created;
  let rows = 0;
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: heading.length + (sheet.note ? 2 : 1) + 1 }] });
    ws.columns = sheet.columns.map((c) => ({ width: c.width ?? Math.max(8, Math.min(40, c.header.length * 2 + 4)) }));
    const lines = sheet.note ? [...heading, sheet.note] : heading;
    lines.forEach((line, i) => {
      const r = ws.addRow([line]);
      r.font = i === 0 ? { bold: true, size: 14 } : { size: 10, color: { argb: 'FF555555' } };
      r.commit();
    });
    ws.addRow([]).commit();
    const header = ws.addRow(sheet.columns.map((c) => c.header));
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
    header.commit();
    for (const row of sheet.rows) {
      ws.addRow(row.map((v) => (v === null || v === undefined ? '' : v))).commit();
      rows++;
    }
    if (!sheet.rows.length) ws.addRow(['（该范围与时段内没有记录）']).commit();
    ws.commit();
  }
  await wb.commit();
  await ended;
  return { buffer: Buffer.concat(parts), rows };
}
