/** Who may manage courses: the school admin, or a teacher holding a course position in that school. */
import type { Actor } from '../access/actor';
import { membershipIn } from '../access/actor';
import { fail } from '../core/errors';
import { mayManageCourses } from '../../types/course/course.permissions';
import type { ChildLink } from '../../types/school/roles';

export function isCourseManager(actor: Actor, schoolId: string): boolean {
  return mayManageCourses(membershipIn(actor, schoolId));
}

export function requireCourseManager(actor: Actor, schoolId: string): void {
  if (!isCourseManager(actor, schoolId)) fail('FORBIDDEN');
}

/** The caller's child (= family); FORBIDDEN when the caller is not this child's guardian. */
export function requireChild(actor: Actor, childId: string): ChildLink {
  const child = actor.children.find((c) => c.childId === childId);
  if (!child) fail('FORBIDDEN', { reason: '您不是该孩子的监护人' });
  return child;
}
