/**
 * Who may do what with courses: pure, one function per question, used by the pages (to show or
 * hide) and by the server (to allow or refuse) — the same answer on both sides.
 */
import type { Membership } from '../school/roles';
import { COURSE_MANAGER_POSITIONS } from './course.schema';

const MANAGER_TITLES: readonly string[] = COURSE_MANAGER_POSITIONS;

/** Publish, edit and cancel the school's courses, see their enrolments: a school admin, or a teacher holding a course position there. */
export function mayManageCourses(m: Pick<Membership, 'roles' | 'positions'> | null | undefined): boolean {
  if (!m) return false;
  if (m.roles.includes('admin')) return true;
  return m.roles.includes('teacher') && m.positions.some((p) => MANAGER_TITLES.includes(p.title));
}
