/**
 * Sums the family rollups of a scope per class, in the database (one aggregate: a few dozen rows
 * come back, never the 3,000 rollups). The profile's requirements and the star thresholds become
 * $cond expressions, so "meets the goal" and the star level are decided exactly as
 * types/oversight/oversight.rules familyGoal / types/credit starLevelFor decide them (a test holds
 * the two together through a recount).
 */
import type { Database } from '../core/cloud';
import type { PolicyProfile, StarThresholds } from '../../types/credit/credit.schema';
import { monthSlot, monthsOfTerm, termSlot } from '../../types/oversight/oversight.rules';
import { FAMILY_YEARS } from './model';

export interface ClassSum {
  classId: string;
  /** families with a rollup (the others count as zero) */
  families: number;
  met: number;
  hours: number;
  visited: number;
  /** families with ≥ levels[k] (k = 0..4) */
  atLeast: number[];
  /** per month of the term: hours, sessions, active families */
  months: { month: string; hours: number; sessions: number; active: number }[];
}

/**
 * A missing figure counts as 0. Without $ifNull where it makes no difference (MongoDB and mingo
 * alike): $sum skips a missing field, and a missing field is below every number, so "> 0" and
 * "≥ a positive target" are false for it as for 0 (rollup-sum.test.ts holds it).
 */
const sumOf = (path: string) => ({ $sum: `$${path}` });
const positive = (path: string) => ({ $gt: [`$${path}`, 0] });
const atLeast = (path: string, target: number) => ({ $gte: [target > 0 ? `$${path}` : { $ifNull: [`$${path}`, 0] }, target] });

export function metExpression(profile: PolicyProfile, term: string): unknown {
  if (profile.requirements.length === 0) return false;
  const slot = termSlot(term);
  return { $and: profile.requirements.map((r) => atLeast(`${r.period === 'term' ? slot : 'year'}.${r.metric}`, r.target)) };
}

export function groupStage(profile: PolicyProfile, thresholds: StarThresholds, term: string): Record<string, unknown> {
  const slot = termSlot(term);
  const basis = thresholds.basis === 'hours' ? 'year.hours' : 'year.sessions';
  const g: Record<string, unknown> = {
    _id: '$classId',
    families: { $sum: 1 },
    met: { $sum: { $cond: [metExpression(profile, term), 1, 0] } },
    hours: sumOf(`${slot}.hours`),
    visited: { $sum: { $cond: [positive('visits'), 1, 0] } },
  };
  thresholds.levels.forEach((lv, k) => {
    g[`ge${k}`] = { $sum: { $cond: [atLeast(basis, lv), 1, 0] } };
  });
  monthsOfTerm(term).forEach((m, i) => {
    const key = monthSlot(m);
    g[`mh${i}`] = sumOf(`months.${key}.hours`);
    g[`ms${i}`] = sumOf(`months.${key}.sessions`);
    g[`ma${i}`] = { $sum: { $cond: [{ $or: [positive(`months.${key}.hours`), positive(`months.${key}.sessions`)] }, 1, 0] } };
  });
  return g;
}

/** Per-class sums of the rollups matching `match` (schoolYear + school / grade / class). */
export async function sumRollups(db: Database, match: Record<string, unknown>, profile: PolicyProfile, thresholds: StarThresholds, term: string): Promise<ClassSum[]> {
  const r = await db.collection(FAMILY_YEARS).aggregate().match(match).group(groupStage(profile, thresholds, term)).end();
  const months = monthsOfTerm(term);
  const half = (n: number) => Math.round(n * 2) / 2;
  return r.list.map((row) => {
    const x = row as Record<string, number> & { _id: string };
    return {
      classId: x._id,
      families: x.families,
      met: x.met,
      hours: half(x.hours),
      visited: x.visited,
      atLeast: thresholds.levels.map((_, k) => x[`ge${k}`] ?? 0),
      months: months.map((month, i) => ({ month, hours: half(x[`mh${i}`] ?? 0), sessions: x[`ms${i}`] ?? 0, active: x[`ma${i}`] ?? 0 })),
    };
  });
}
