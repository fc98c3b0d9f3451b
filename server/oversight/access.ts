/**
 * Who may look at a scope: the school's layout (grades, classes, alliance) loaded once, then the
 * one pure rule of types/oversight/oversight.rules (canViewScope) decides.
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findAll, findById } from '../core/persistence';
import { membershipIn, type Actor } from '../access/actor';
import type { Membership } from '../../types/school/roles';
import type { Scope } from '../../types/oversight/oversight.schema';
import { canViewScope, type SchoolLayout, type ScopeFacts } from '../../types/oversight/oversight.rules';
import { gradeOrderFromName } from '../../types/school/school.rules';

export interface Layout extends SchoolLayout {
  schoolId: string;
  schoolName: string;
  grades: { _id: string; name: string; order: number }[];
  classes: { _id: string; gradeId: string; name: string; order: number }[];
  alliance: { _id: string; leadSchoolId: string; schoolIds: string[]; name: string } | null;
}

export async function loadLayout(db: Database, schoolId: string): Promise<Layout | null> {
  const school = await findById<{ _id: string; name: string; allianceId?: string | null }>(db, 'schools', schoolId);
  if (!school) return null;
  const [grades, classes, alliance] = await Promise.all([
    findAll<{ _id: string; name: string; order: number }>(db, 'grades', { schoolId }, 200),
    findAll<{ _id: string; gradeId: string; name: string; order: number }>(db, 'classes', { schoolId }, 2000),
    school.allianceId ? findById<{ _id: string; leadSchoolId: string; schoolIds: string[]; name: string }>(db, 'alliances', school.allianceId) : Promise.resolve(null),
  ]);
  grades.sort((a, b) => (a.order ?? gradeOrderFromName(a.name)) - (b.order ?? gradeOrderFromName(b.name)) || a.name.localeCompare(b.name, 'zh'));
  const gradeRank = new Map(grades.map((g, i) => [g._id, i]));
  classes.sort((a, b) => (gradeRank.get(a.gradeId) ?? 99) - (gradeRank.get(b.gradeId) ?? 99) || (a.order ?? 0) - (b.order ?? 0) || a.name.localeCompare(b.name, 'zh'));
  return { schoolId, schoolName: school.name, grades, classes, alliance: alliance ?? null };
}

export function factsOf(layout: Layout, scope: Scope): ScopeFacts {
  return {
    alliance: layout.alliance,
    grade: scope.kind === 'grade' ? (layout.grades.find((g) => g._id === scope.gradeId) ?? null) : undefined,
    cls: scope.kind === 'class' ? (layout.classes.find((c) => c._id === scope.classId) ?? null) : undefined,
  };
}

/** The classes a (non-alliance) scope covers. */
export function classIdsOf(layout: Layout, scope: Scope): string[] {
  if (scope.kind === 'class') return [scope.classId];
  if (scope.kind === 'grade') return layout.classes.filter((c) => c.gradeId === scope.gradeId).map((c) => c._id);
  return layout.classes.map((c) => c._id);
}

export interface ScopeAccess {
  actor: Actor;
  membership: Membership;
  layout: Layout;
  facts: ScopeFacts;
}

/** FORBIDDEN unless the caller may view the scope; NOT_FOUND for a grade / class not in the school. */
export async function requireScope(ctx: Ctx, scope: Scope): Promise<ScopeAccess> {
  const actor = await ctx.actor();
  const m = membershipIn(actor, scope.schoolId);
  // Another school's caller learns nothing, not even whether the grade exists.
  if (!m) fail('FORBIDDEN');
  const layout = await loadLayout(ctx.db, scope.schoolId);
  if (!layout) fail('NOT_FOUND');
  const facts = factsOf(layout, scope);
  if ((scope.kind === 'grade' && !facts.grade) || (scope.kind === 'class' && !facts.cls)) {
    fail(canViewScope(m, { kind: 'school', schoolId: scope.schoolId }, facts) ? 'NOT_FOUND' : 'FORBIDDEN');
  }
  if (!canViewScope(m, scope, facts)) fail('FORBIDDEN');
  return { actor, membership: m, layout, facts };
}
