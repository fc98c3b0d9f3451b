/** myScopes: what the caller may look at in a school, widest first. */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { membershipIn } from '../access/actor';
import type { MyScopesOutput, Scope } from '../../types/oversight/oversight.schema';
import { viewableScopes } from '../../types/oversight/oversight.rules';
import { loadLayout, type Layout } from './access';

function labelOf(layout: Layout, s: Scope): string {
  switch (s.kind) {
    case 'school':
      return `全校 · ${layout.schoolName}`;
    case 'grade':
      return layout.grades.find((g) => g._id === s.gradeId)?.name ?? '年级';
    case 'class': {
      const c = layout.classes.find((x) => x._id === s.classId);
      const g = layout.grades.find((x) => x._id === c?.gradeId);
      return `${g?.name ?? ''}${c?.name ?? ''}`;
    }
    case 'alliance':
      return `教联体 · ${layout.alliance?.name ?? ''}`;
  }
}

export async function myScopes(ctx: Ctx, input: { schoolId: string }): Promise<MyScopesOutput> {
  const actor = await ctx.actor();
  const m = membershipIn(actor, input.schoolId);
  if (!m) fail('FORBIDDEN');
  const layout = await loadLayout(ctx.db, input.schoolId);
  if (!layout) fail('NOT_FOUND');
  const scopes = viewableScopes(m, input.schoolId, layout);
  return { schoolId: input.schoolId, scopes: scopes.map((scope) => ({ scope, label: labelOf(layout, scope) })) };
}
