/**
 * Pure access rules of the oversight dashboard (and of the exports, which use the same scope
 * rule): who may view which scope. Built on the school domain's rules (isSchoolAdmin, isStaff,
 * holds, canViewClass) — no second permission model.
 */
import type { Membership } from '../school/roles';
import { canViewClass, holds, isSchoolAdmin, isStaff } from '../school/school.rules';
import type { FigureKey, Scope, ScopeKind } from './oversight.schema';
import type { PolicyProfile, Totals } from '../credit/credit.schema';
import { profileProgress, termOf, type TermInfo } from '../credit/credit.rules';

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

// ---------- targets: what the plans hold a school (or a class) to in one term ----------

export interface FigureTarget {
  /** a count, or a share 0..1 for rate figures */
  target: number;
  text: string;
}

/**
 * School-level duties for one term, from the school's policy profile and the plans' common
 * minimums (seeds: 每学期至少召开 2 次家长会，提供家庭教育指导服务不少于 2 次; 班主任每学年对每名学生至少
 * 开展 1 次家访). The sessions a school must hold follow the families' own requirements: a family
 * cannot attend 2 sessions a term (Guangzhou) unless 2 are held; 江门: a 集体授课 each term.
 */
export function schoolTargets(profile: PolicyProfile): Partial<Record<FigureKey, FigureTarget>> {
  const termSessions = Math.max(
    2,
    ...profile.requirements.filter((r) => r.metric === 'sessions').map((r) => (r.period === 'term' ? r.target : Math.ceil(r.target / 2))),
  );
  const collective = Math.max(0, ...profile.requirements.filter((r) => r.metric === 'collective').map((r) => (r.period === 'term' ? r.target : Math.ceil(r.target / 2))));
  const out: Partial<Record<FigureKey, FigureTarget>> = {
    familiesMeetingGoal: { target: 1, text: `全部家庭达到${profile.name}要求` },
    sessionsHeld: { target: termSessions, text: `每学期不少于 ${termSessions} 场指导服务` },
    parentMeetings: { target: 2, text: '每学期不少于 2 次家长会' },
    visitCoverage: { target: 1, text: '每学年每名学生至少家访 1 次' },
    overdueFollowUps: { target: 0, text: '无逾期未跟进事项' },
  };
  if (collective > 0) out.collectiveHeld = { target: collective, text: `每学期不少于 ${collective} 次集体授课（不少于 45 分钟）` };
  return out;
}

/** Is a figure's value at its target? Rates compare the share; 0-targets (overdue) mean "none". */
export function figureMet(key: FigureKey, value: number, rate: number | null, t: FigureTarget | undefined): boolean | null {
  if (!t) return null;
  if (t.target === 0) return value <= 0;
  if (key === 'familiesMeetingGoal' || key === 'visitCoverage' || key === 'noticeReadRate') return rate !== null && rate >= t.target;
  return value >= t.target;
}

/** One family's standing against the profile: met, and what is missing in words. */
export function familyGoal(profile: PolicyProfile, term: Totals, year: Totals): { met: boolean; missing: string[] } {
  const p = profileProgress(profile, term, year);
  return { met: p.allMet, missing: p.progress.filter((r) => !r.met).map((r) => r.text) };
}

/** 'YYYY-MM' of every month of a term ('2026-2027-1' → 2026-09 … 2027-01). */
export function monthsOfTerm(term: string): string[] {
  const m = /^(\d{4})-(\d{4})-([12])$/.exec(term);
  if (!m) return [];
  const a = Number(m[1]);
  const pairs: [number, number][] = m[3] === '1' ? [[a, 9], [a, 10], [a, 11], [a, 12], [a + 1, 1]] : [2, 3, 4, 5, 6, 7, 8].map((mo) => [a + 1, mo] as [number, number]);
  return pairs.map(([y, mo]) => `${y}-${String(mo).padStart(2, '0')}`);
}

/** 'YYYY-YYYY-1' → 't1': the key of a term inside a family's year rollup. */
export function termSlot(term: string): 't1' | 't2' {
  return term.endsWith('-2') ? 't2' : 't1';
}

/** '2026-09' → 'm202609': the key of a month inside a family's year rollup. */
export function monthSlot(month: string): string {
  return `m${month.replace('-', '')}`;
}

/** The term's TermInfo from its id ('2026-2027-1'), or null for a malformed id. */
export function termInfoOf(term: string): TermInfo | null {
  const m = /^(\d{4})-(\d{4})-([12])$/.exec(term);
  if (!m) return null;
  const a = Number(m[1]);
  return termOf(new Date(m[3] === '1' ? `${a}-10-15T12:00:00+08:00` : `${a + 1}-03-15T12:00:00+08:00`));
}
