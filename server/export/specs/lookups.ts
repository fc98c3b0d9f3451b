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

export const dt = (d: Date | string | number | null | undefined): string => (d ? formatDateTime(d) : '');
