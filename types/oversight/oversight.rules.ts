/**
 * Pure access rules of the oversight dashboard (and of the exports, which use the same scope
 * rule): who may view which scope. Built on the school domain's rules (isSchoolAdmin, isStaff,
 * holds, canViewClass) — no second permission model.
 */
import type { Membership } from '../school/roles';
import { canViewClass, holds, isSchoolAdmin, isStaff } from '../school/school.rules';
import type { Scope, ScopeKind } from './oversight.schema';

type M = Membership | undefined | null;

/** What the server looked up about the scope (null: not found in that school). */
export interface ScopeFacts {
  /** class scope: the class, if it belongs to scope.schoolId */
  cls?: { _id: string; gradeId: string } | null;
  /** grade scope: the grade, if it belongs to scope.schoolId */
  grade?: { _id: string } | null;
  /** the alliance (教联体) scope.schoolId belongs to, if any */
  alliance?: { leadSchoolId: string; schoolIds: string[] } | null;
}

/** 校长, 分管副校长 (as staff) or a school admin: the whole school. */
export function isSchoolLeader(m: M): boolean {
  if (isSchoolAdmin(m)) return true;
  return isStaff(m) && (holds(m, '校长') || holds(m, '分管副校长'));
}

/** 年级主任 of that grade, or a school leader. */
export function canViewGrade(m: M, gradeId: string): boolean {
  return isSchoolLeader(m) || (isStaff(m) && holds(m, '年级主任', { gradeId }));
}

/**
 * May the caller (their membership in scope.schoolId) view the scope?
 * - school: 校长 / 分管副校长 / admin;
 * - grade: those, and the grade's 年级主任 (only that grade);
 * - class: who may read the class roster (canViewClass: the class's 班主任 and 任课教师, the
 *   grade's 年级主任, school leaders, admins) — the class view names children as the roster does;
 * - alliance: a leader of the alliance's LEAD school (member schools' aggregates only).
 */
export function canViewScope(m: M, scope: Scope, facts: ScopeFacts): boolean {
  if (!m || m.schoolId !== scope.schoolId || !isStaff(m)) return false;
  switch (scope.kind) {
    case 'school':
      return isSchoolLeader(m);
    case 'grade':
      return !!facts.grade && facts.grade._id === scope.gradeId && canViewGrade(m, scope.gradeId);
    case 'class':
      return !!facts.cls && facts.cls._id === scope.classId && canViewClass(m, facts.cls);
    case 'alliance':
      return !!facts.alliance && facts.alliance.leadSchoolId === scope.schoolId && isSchoolLeader(m);
  }
}

/**
 * Whether a scope's views may name families (lists behind figures, exports with names):
 * every scope of the caller's own school; never an alliance view — member schools' families
 * are not the lead school's to see.
 */
export function scopeShowsPersonalData(scope: Scope): boolean {
  return scope.kind !== 'alliance';
}

/** The school ids whose aggregates a scope reads: the member schools for an alliance, else its own. */
export function schoolIdsOfScope(scope: Scope, facts: ScopeFacts): string[] {
  if (scope.kind === 'alliance') return facts.alliance ? [...facts.alliance.schoolIds] : [];
  return [scope.schoolId];
}

export interface SchoolLayout {
  grades: { _id: string; name: string; order?: number }[];
  classes: { _id: string; gradeId: string; name: string }[];
  alliance: { leadSchoolId: string; schoolIds: string[]; name?: string } | null;
}

/**
 * Every scope the caller may view in their school, widest first (school, grades, classes), the
 * alliance last. Empty: the caller has no dashboard.
 */
export function viewableScopes(m: M, schoolId: string, layout: SchoolLayout): Scope[] {
  const out: Scope[] = [];
  const facts = (extra: Partial<ScopeFacts>): ScopeFacts => ({ alliance: layout.alliance, ...extra });
  if (canViewScope(m, { kind: 'school', schoolId }, facts({}))) out.push({ kind: 'school', schoolId });
  for (const g of layout.grades) {
    if (canViewScope(m, { kind: 'grade', schoolId, gradeId: g._id }, facts({ grade: g }))) out.push({ kind: 'grade', schoolId, gradeId: g._id });
  }
  for (const c of layout.classes) {
    if (canViewScope(m, { kind: 'class', schoolId, classId: c._id }, facts({ cls: c }))) out.push({ kind: 'class', schoolId, classId: c._id });
  }
  if (canViewScope(m, { kind: 'alliance', schoolId }, facts({}))) out.push({ kind: 'alliance', schoolId });
  return out;
}

/** The scope a dashboard opens on: the widest the caller may view, or null. */
export function defaultScope(m: M, schoolId: string, layout: SchoolLayout): Scope | null {
  return viewableScopes(m, schoolId, layout).find((s) => s.kind !== 'alliance') ?? viewableScopes(m, schoolId, layout)[0] ?? null;
}

/** A stable string key of a scope ('class:c1'), for caches, rollup ids and React keys. */
export function scopeKey(scope: Scope): string {
  switch (scope.kind) {
    case 'school':
      return `school:${scope.schoolId}`;
    case 'grade':
      return `grade:${scope.schoolId}:${scope.gradeId}`;
    case 'class':
      return `class:${scope.schoolId}:${scope.classId}`;
    case 'alliance':
      return `alliance:${scope.schoolId}`;
  }
}

export const SCOPE_ORDER: Record<ScopeKind, number> = { school: 0, grade: 1, class: 2, alliance: 3 };
