/** recount (admin, on demand) and the nightly timer job. */
import type { Ctx } from '../core/handler';
import { requireRole } from '../access/actor';
import { findAll } from '../core/persistence';
import type { RecountOutput } from '../../types/oversight/oversight.schema';
import { resolveTerm } from './dashboard.service';
import { recountSchoolYear } from './recount.service';
import { healAllDirty } from './heal';
import { shanghai } from '../../types/common/time';

export async function recount(ctx: Ctx, input: { schoolId: string; term?: string }): Promise<RecountOutput> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['admin']);
  const term = resolveTerm(input.term, ctx.now);
  const t0 = Date.now();
  const r = await recountSchoolYear(ctx.db, input.schoolId, term.schoolYear, ctx.now);
  return { schoolId: input.schoolId, term: term.term, families: r.families, corrected: r.corrected + r.created, tookMs: Date.now() - t0 };
}

/**
 * Timer, every minute: recompute the rollups the write paths marked changed; at 02:30 (Asia/Shanghai)
 * also recount every school's current school year (rights any drift a crash left).
 */
export async function minutely(ctx: Ctx): Promise<{ healed: number; schools?: number; corrected?: number }> {
  const healed = await healAllDirty(ctx.db, ctx.now, HEAL_BUDGET_MS);
  const t = shanghai(ctx.now);
  if (t.hour() !== 2 || t.minute() !== 30) return { healed };
  return { healed, ...(await nightlyRecount(ctx)) };
}

export const HEAL_BUDGET_MS = 20_000;

export async function nightlyRecount(ctx: Ctx): Promise<{ schools: number; corrected: number }> {
  const schools = await findAll<{ _id: string }>(ctx.db, 'schools', {}, 10000);
  const schoolYear = resolveTerm(undefined, ctx.now).schoolYear;
  let corrected = 0;
  for (const s of schools) {
    const r = await recountSchoolYear(ctx.db, s._id, schoolYear, ctx.now);
    corrected += r.corrected + r.created;
  }
  return { schools: schools.length, corrected };
}
