/**
 * Dirty rollups (rev > cleanRev: a write path marked the family changed) are recomputed from the
 * family's records: by the dashboard read of their scope before it sums (a class view is always
 * exact), and by oversight-cron every minute for all schools.
 */
import type { Database } from '../core/cloud';
import { FAMILY_YEARS, type FamilyYearDoc } from './model';
import { recomputeFamily } from './rollup';

/** A dashboard read waits for its scope's recompute: it runs wide. */
export const HEAL_PARALLEL = 16;
/**
 * The minutely timer is background work: two at a time, so it does not crowd out the check-ins and
 * enrolments that marked the families (bench/attendance-checkin.ts on the idle machine: when the
 * minute's heal of the just-marked families lands inside the 60-second window, the check-ins' p99
 * was 414–1,022 ms at 16 and 22–440 ms at 2; 21.5 ms with no timers at all).
 */
export const CRON_HEAL_PARALLEL = 2;

async function recomputeAll(db: Database, docs: FamilyYearDoc[], now: Date, parallel = HEAL_PARALLEL): Promise<number> {
  let clean = 0;
  for (let i = 0; i < docs.length; i += parallel) {
    const rs = await Promise.all(docs.slice(i, i + parallel).map((d) => recomputeFamily(db, d.schoolId, d.schoolYear, d.familyId, now).catch(() => false)));
    clean += rs.filter(Boolean).length;
  }
  return clean;
}

/** The dirty rollups of one school year (optionally only those of some classes), up to `max`. */
export async function healDirty(db: Database, schoolId: string, schoolYear: string, classIds: Set<string> | null, now: Date, max = 300): Promise<number> {
  const r = await db.collection<FamilyYearDoc>(FAMILY_YEARS).where({ dirty: true, schoolId, schoolYear }).limit(Math.min(1000, max)).get();
  const docs = (r.data as FamilyYearDoc[]).filter((d) => !classIds || !d.classId || classIds.has(d.classId));
  return recomputeAll(db, docs, now);
}

/** Every dirty rollup, oldest first, within a time budget (the minutely timer). */
export async function healAllDirty(db: Database, now: Date, budgetMs: number): Promise<number> {
  const started = Date.now();
  let healed = 0;
  while (Date.now() - started < budgetMs) {
    const r = await db.collection<FamilyYearDoc>(FAMILY_YEARS).where({ dirty: true }).limit(200).get();
    const docs = r.data as FamilyYearDoc[];
    if (docs.length === 0) break;
    const n = await recomputeAll(db, docs, now, CRON_HEAL_PARALLEL);
    healed += n;
    if (n === 0) break;
  }
  return healed;
}
