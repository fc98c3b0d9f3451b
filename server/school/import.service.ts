/**
 * Import of staff and classes from an xlsx sheet (columns: 姓名 手机号 职务 年级 班级 学科 接待时间).
 * All or nothing: any row error → IMPORT_FAILED with every row-level error, nothing written.
 * Grades and classes named in the sheet are created when missing; staff are matched by phone.
 */
import ExcelJS from 'exceljs';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import type { ImportResult } from '../../types/school/school.schema';
import {
  canManageSchool,
  gradeOrderFromName,
  IMPORT_COLUMNS,
  mergeImportRows,
  parseImportRow,
  type ImportColumn,
  type ParsedStaffRow,
  type RowError,
} from '../../types/school/school.rules';
import type { Position } from '../../types/school/roles';
import { consentedActor, ensure, memberOf } from './access';
import { findAll, isDuplicateKey, txGet, withTransaction, withoutId } from '../core/persistence';
import { stableId } from './db-util';
import { C, type ClassDoc, type GradeDoc, type StaffDoc } from './model';
import { classOrderFromName } from './structure.service';
import { writeStaff } from './staff.service';

export const MAX_IMPORT_ROWS = 1000;
const REQUIRED: ImportColumn[] = ['姓名', '手机号', '职务'];

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  const o = v as { text?: string; richText?: { text: string }[]; result?: unknown };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if (o.text !== undefined) return String(o.text);
  if (o.result !== undefined) return String(o.result);
  return '';
}

/** Reads the first worksheet into rows keyed by header; header problems are row-1 errors. */
export async function readSheet(buffer: Buffer): Promise<{ rows: { row: number; cells: Partial<Record<ImportColumn, string>> }[]; errors: RowError[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ row: 0, column: '', message: '无法读取文件，请上传 .xlsx 格式的表格' }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], errors: [{ row: 0, column: '', message: '表格中没有工作表' }] };
  const header = new Map<number, ImportColumn>();
  ws.getRow(1).eachCell((cell, col) => {
    const name = cellText(cell.value).trim();
    if ((IMPORT_COLUMNS as readonly string[]).includes(name)) header.set(col, name as ImportColumn);
  });
  const errors: RowError[] = REQUIRED.filter((c) => ![...header.values()].includes(c)).map((c) => ({ row: 1, column: c, message: `缺少“${c}”列` }));
  if (errors.length) return { rows: [], errors };
  const rows: { row: number; cells: Partial<Record<ImportColumn, string>> }[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Partial<Record<ImportColumn, string>> = {};
    for (const [col, name] of header) cells[name] = cellText(r.getCell(col).value).trim();
    if (Object.values(cells).some((v) => v)) rows.push({ row: rowNumber, cells });
  });
  if (rows.length > MAX_IMPORT_ROWS) return { rows: [], errors: [{ row: 0, column: '', message: `一次最多导入${MAX_IMPORT_ROWS}行` }] };
  if (rows.length === 0) return { rows: [], errors: [{ row: 2, column: '', message: '表格中没有数据行' }] };
  return { rows, errors: [] };
}

/** Where the mini-program uploads a school's staff sheet: cloud://<env>.<bucket>/staff-imports/<schoolId>/… */
export function staffImportPath(schoolId: string, name: string): string {
  return `staff-imports/${schoolId}/${name}`;
}

/**
 * Only a sheet under the school's own folder: the function downloads with its own (admin) rights,
 * so any other fileID would let one school's admin import — and read back — another school's files.
 */
function isImportFileOf(fileId: string, schoolId: string): boolean {
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
  return !!m && m[1].startsWith(staffImportPath(schoolId, '')) && !m[1].includes('..');
}

async function loadFile(ctx: Ctx, input: { schoolId: string; fileId?: string; base64?: string }): Promise<Buffer> {
  if (input.base64) return Buffer.from(input.base64, 'base64');
  if (!isImportFileOf(input.fileId ?? '', input.schoolId)) fail('VALIDATION_FAILED', [{ path: 'fileId', message: '请重新上传表格' }]);
  try {
    const res = (await ctx.cloud.downloadFile({ fileID: input.fileId! })) as { fileContent?: Buffer };
    if (!res?.fileContent) fail('IMPORT_FAILED', { errors: [{ row: 0, column: '', message: '无法下载上传的文件' }] });
    return Buffer.from(res.fileContent);
  } catch (e) {
    if ((e as { name?: string }).name === 'DomainError') throw e;
    fail('IMPORT_FAILED', { errors: [{ row: 0, column: '', message: '无法下载上传的文件，请重新上传' }] });
  }
}

export async function importStaff(ctx: Ctx, input: { schoolId: string; fileId?: string; base64?: string; dryRun: boolean }): Promise<ImportResult> {
  const actor = await consentedActor(ctx);
  ensure(canManageSchool(memberOf(actor, input.schoolId)));
  const buffer = await loadFile(ctx, input);
  const sheet = await readSheet(buffer);
  if (sheet.errors.length) fail('IMPORT_FAILED', { errors: sheet.errors });
  const parsed: ParsedStaffRow[] = [];
  const errors: RowError[] = [];
  for (const r of sheet.rows) {
    const p = parseImportRow(r.row, r.cells);
    errors.push(...p.errors);
    if (p.value) parsed.push(p.value);
  }
  const merged = mergeImportRows(parsed);
  errors.push(...merged.errors);
  if (errors.length) fail('IMPORT_FAILED', { errors: errors.sort((a, b) => a.row - b.row) });

  const schoolId = input.schoolId;
  const [grades, classes, staff] = await Promise.all([
    findAll<GradeDoc>(ctx.db, C.grades, { schoolId }),
    findAll<ClassDoc>(ctx.db, C.classes, { schoolId }),
    findAll<StaffDoc>(ctx.db, C.staff, { schoolId }),
  ]);
  const result: ImportResult = { rows: sheet.rows.length, staffCreated: 0, staffUpdated: 0, gradesCreated: 0, classesCreated: 0, dryRun: input.dryRun };

  // Grades and classes named in the sheet (deterministic ids: a re-import finds them again).
  const gradeByName = new Map(grades.map((g) => [g.name, g]));
  const classByKey = new Map(classes.map((c) => [`${c.gradeId}|${c.name}`, c]));
  const newGrades: GradeDoc[] = [];
  const newClasses: ClassDoc[] = [];
  const gradeFor = (name: string): GradeDoc => {
    let g = gradeByName.get(name);
    if (!g) {
      g = { _id: stableId('gr', schoolId, name), schoolId, name, order: gradeOrderFromName(name), createdAt: ctx.now };
      gradeByName.set(name, g);
      newGrades.push(g);
    }
    return g;
  };
  const classFor = (gradeName: string, className: string): ClassDoc => {
    const g = gradeFor(gradeName);
    let c = classByKey.get(`${g._id}|${className}`);
    if (!c) {
      c = { _id: stableId('cl', g._id, className), schoolId, gradeId: g._id, name: className, order: classOrderFromName(className), createdAt: ctx.now };
      classByKey.set(`${g._id}|${className}`, c);
      newClasses.push(c);
    }
    return c;
  };
  const planned = merged.staff.map((s) => {
    const positions: Position[] = s.positions.map((p) => {
      if (p.className && p.gradeName) {
        const c = classFor(p.gradeName, p.className);
        return p.subject ? { title: p.title, gradeId: c.gradeId, classId: c._id, subject: p.subject } : { title: p.title, gradeId: c.gradeId, classId: c._id };
      }
      if (p.gradeName) return { title: p.title, gradeId: gradeFor(p.gradeName)._id };
      return { title: p.title };
    });
    const existing = staff.find((x) => x.phone === s.phone) ?? null;
    return { s, positions, existing };
  });
  result.gradesCreated = newGrades.length;
  result.classesCreated = newClasses.length;
  result.staffCreated = planned.filter((p) => !p.existing).length;
  result.staffUpdated = planned.length - result.staffCreated;
  if (input.dryRun) return result;

  // New grades and classes under deterministic ids: created once, whoever (a concurrent import) comes first.
  for (const [coll, docs] of [[C.grades, newGrades], [C.classes, newClasses]] as const) {
    for (const d of docs) {
      try {
        await ctx.db.collection(coll).add({ data: d });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    }
  }
  for (const p of planned) {
    const staffId = p.existing?._id ?? stableId('st', schoolId, p.s.phone);
    const data = {
      schoolId,
      name: p.s.name,
      phone: p.s.phone,
      positions: p.positions,
      officeHours: p.s.officeHours || p.existing?.officeHours || '',
      userId: p.existing?.userId ?? null,
      createdAt: p.existing?.createdAt ?? ctx.now,
      updatedAt: ctx.now,
    };
    await writeImportedStaff(ctx, staffId, data, !!p.existing);
  }
  return result;
}

/**
 * Writes one imported staff record without overwriting a link made meanwhile (joinAsStaff): an
 * unlinked record is written by one single-document operation — `add` under its deterministic id
 * when new, an update conditional on `userId: null` when not — and only a linked one (or one that
 * became linked under us) takes the transaction that also updates the member record and users copy.
 */
async function writeImportedStaff(ctx: Ctx, staffId: string, data: Omit<StaffDoc, '_id'>, existed: boolean): Promise<void> {
  if (!data.userId) {
    try {
      if (!existed) {
        await ctx.db.collection(C.staff).add({ data: { _id: staffId, ...data } });
        return;
      }
      const { userId: _unchanged, createdAt: _kept, ...fields } = data;
      const r = await ctx.db.collection(C.staff).where({ _id: staffId, userId: null }).update({ data: fields });
      if (r.stats.updated) return;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  await withTransaction(ctx.db, async (t) => {
    const current = await txGet<StaffDoc>(t, C.staff, staffId);
    await writeStaff(ctx.db, t, staffId, withoutId({ ...data, _id: staffId, userId: current?.userId ?? data.userId, createdAt: current?.createdAt ?? data.createdAt }), ctx.now);
  });
}
