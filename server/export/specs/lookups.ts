/** Names the sheets need, read once when the workbook is written (never phone numbers). */
import type { Database } from '../../core/cloud';
import { findAll } from '../../core/persistence';
import { C, type ChildDoc, type StaffDoc } from '../../school/model';
import type { CourseDoc } from '../../../types/course/course.schema';
import { formatDateTime } from '../../../types/common/time';

/** The school's children by id: the name as the school's own lists show it to staff. */
export async function childrenOf(db: Database, schoolId: string): Promise<Map<string, ChildDoc>> {
  const list = await findAll<ChildDoc>(db, C.children, { schoolId }, Infinity);
  return new Map(list.map((c) => [c._id, c]));
}

/** Staff names by staff id (only name: the staff collection also holds phones, never copied). */
export async function staffNamesOf(db: Database, schoolId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await findAll<StaffDoc>(db, C.staff, { schoolId }, Infinity).then((l) => l.forEach((s) => names.set(s._id, s.name)));
  return names;
}

/** Courses of a school in a school year (both terms), by id. */
export async function coursesOfYear(db: Database, schoolId: string, schoolYear: string): Promise<CourseDoc[]> {
  const _ = db.command;
  return findAll<CourseDoc>(db, 'courses', { schoolId, semester: _.in([`${schoolYear}-1`, `${schoolYear}-2`]) }, Infinity);
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const SINCE_NO_DST = Date.UTC(1992, 0, 1);
const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * "2026-10-01 19:00" in Asia/Shanghai. A workbook formats a date per cell (100k cells a year), and
 * dayjs's tz plugin costs ~1 ms a call; Shanghai has kept UTC+8 without daylight saving since
 * 1992, so the offset is added directly (older dates go through dayjs).
 */
export function dt(d: Date | string | number | null | undefined): string {
  if (!d) return '';
  const ms = new Date(d).getTime();
  if (!Number.isFinite(ms)) return '';
  if (ms < SINCE_NO_DST) return formatDateTime(ms);
  const x = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${x.getUTCFullYear()}-${p2(x.getUTCMonth() + 1)}-${p2(x.getUTCDate())} ${p2(x.getUTCHours())}:${p2(x.getUTCMinutes())}`;
}

const ZH = new Intl.Collator('zh');
/** Names in 拼音 order with one collator (String.localeCompare(…, 'zh') builds one per call: seconds for a year's rows). */
export const zh = (a: string, b: string): number => ZH.compare(a, b);
/** Ids and other plain strings: code-unit order. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
