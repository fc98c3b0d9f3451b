/**
 * Who may do what in the reception domain. Leaders (校长, 分管副校长, school admin) see every case of
 * their school; a receptionist sees their own day and cases; an assignee the cases assigned to them;
 * a 班主任 a suggestion of their class unless the parent hid it from the class teacher; a parent
 * only their own family's bookings and cases.
 */
import { membershipIn, type Actor } from '../access/actor';
import { fail } from '../core/errors';
import { LEADER_POSITIONS, type ReceptionCaseDoc, type ReceptionDayDoc } from '../../types/reception/reception.schema';
import { followUpPending } from '../../types/reception/reception.rules';
import type { ChildLink } from '../../types/school/roles';

const LEADERS: readonly string[] = LEADER_POSITIONS;

export function isLeader(actor: Actor, schoolId: string): boolean {
  const m = membershipIn(actor, schoolId);
  if (!m) return false;
  return m.roles.includes('admin') || (m.roles.includes('teacher') && m.positions.some((p) => LEADERS.includes(p.title)));
}

export function requireLeader(actor: Actor, schoolId: string): void {
  if (!isLeader(actor, schoolId)) fail('FORBIDDEN');
}

/** Publish / change reception days: leaders, or a 年级主任 for their own grade's day. */
export function canPublish(actor: Actor, schoolId: string, gradeId: string | null | undefined): boolean {
  if (isLeader(actor, schoolId)) return true;
  const m = membershipIn(actor, schoolId);
  return !!gradeId && !!m?.roles.includes('teacher') && m.positions.some((p) => p.title === '年级主任' && p.gradeId === gradeId);
}

export function requirePublisher(actor: Actor, day: Pick<ReceptionDayDoc, 'schoolId' | 'gradeId'>): void {
  if (!canPublish(actor, day.schoolId, day.gradeId)) fail('FORBIDDEN');
}

/** The caller's staff record id in a school ('' if none). */
export function staffIdIn(actor: Actor, schoolId: string): string {
  const m = membershipIn(actor, schoolId);
  return m?.roles.includes('teacher') || m?.roles.includes('admin') ? m.staffId ?? '' : '';
}

export function isReceptionistOf(actor: Actor, day: Pick<ReceptionDayDoc, 'schoolId' | 'receptionists'>, staffId?: string): boolean {
  const mine = staffIdIn(actor, day.schoolId);
  if (!mine) return false;
  return day.receptionists.some((r) => r.staffId === mine && (!staffId || staffId === mine));
}

export function requireChild(actor: Actor, childId: string): ChildLink {
  const child = actor.children.find((c) => c.childId === childId);
  if (!child) fail('FORBIDDEN', { reason: '您不是该孩子的监护人' });
  return child;
}

export type CaseRole = 'leader' | 'receptionist' | 'assignee' | 'classTeacher' | 'family';

/** Every role the caller holds on a case (empty: may not see it at all). */
export function caseRoles(actor: Actor, c: ReceptionCaseDoc): CaseRole[] {
  const roles: CaseRole[] = [];
  if (isLeader(actor, c.schoolId)) roles.push('leader');
  const mine = staffIdIn(actor, c.schoolId);
  if (mine && c.receptionist?.staffId === mine) roles.push('receptionist');
  if (mine && c.assigneeStaffId === mine) roles.push('assignee');
  if (c.kind === 'suggestion' && !c.hideFromClassTeacher && mine) {
    const m = membershipIn(actor, c.schoolId);
    if (m?.positions.some((p) => p.title === '班主任' && p.classId === c.classId)) roles.push('classTeacher');
  }
  if (actor.children.some((k) => k.childId === c.familyId)) roles.push('family');
  return roles;
}

/** What the caller may do on the case now (the page shows exactly these buttons). */
export function caseAbilities(roles: CaseRole[], c: ReceptionCaseDoc) {
  const staff = roles.some((r) => r !== 'family');
  const leader = roles.includes('leader');
  const open = c.status !== 'closed';
  const answerer = leader || (c.status !== 'reopened' && (roles.includes('receptionist') || roles.includes('assignee') || roles.includes('classTeacher')));
  return {
    answer: open && answerer && !(c.status === 'answered' && !!c.rating),
    followUp: open && followUpPending(c) && (leader || roles.includes('assignee')),
    rate: roles.includes('family') && c.status === 'answered' && !!c.outcome && !c.rating,
    close: open && leader,
    assign: open && leader && staff,
  };
}
