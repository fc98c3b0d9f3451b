/**
 * Dirty rollups (a write path bumped rev but its recompute lost every race or died) are
 * recomputed by the next dashboard read of their scope, before it sums.
 */
import type { Database } from '../core/cloud';
import { FAMILY_YEARS, type FamilyYearDoc } from './model';
import { recomputeFamily } from './rollup';

/** Rollups younger than this are probably being recomputed by their write path right now. */
export const DIRTY_GRACE_MS = 5000;

export async function healDirty(db: Database, schoolId: string, schoolYear: string, classIds: Set<string>, now: Date, max = 50): Promise<number> {
  const r = await db.collection<FamilyYearDoc>(FAMILY_YEARS).where({ dirty: true, schoolId, schoolYear }).limit(max).get();
  const stale = (r.data as FamilyYearDoc[]).filter((d) => (!d.classId || classIds.has(d.classId)) && now.getTime() - new Date(d.updatedAt).getTime() >= DIRTY_GRACE_MS);
  for (let i = 0; i < stale.length; i += 8) {
    await Promise.all(stale.slice(i, i + 8).map((d) => recomputeFamily(db, d.schoolId, d.schoolYear, d.familyId, now).catch(() => false)));
  }
  return stale.length;
}
