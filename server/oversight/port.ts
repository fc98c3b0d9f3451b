/**
 * The one port the write paths call after they committed a change to a family's records (credit
 * ledger entries: check-in, attendance corrections, online lessons, adjustments; home visits).
 * It marks the family's year rollup changed (rev + 1) and recomputes it from the family's own
 * records. It never fails the caller's request: a rollup left dirty (rev > cleanRev) is healed on
 * the next dashboard read, and the nightly recount (oversight-cron) rights anything else.
 */
import type { Database } from '../core/cloud';
import { schoolYearOf } from '../../types/credit/credit.rules';
import { bumpRev, recomputeFamily } from './rollup';

export interface FamilyChange {
  schoolId: string;
  familyId: string;
  /** when the changed record happened (its school year is the rollup's) */
  at: Date;
}

export async function familyRecordsChanged(db: Database, changes: FamilyChange[], now = new Date()): Promise<void> {
  const unique = new Map<string, FamilyChange & { schoolYear: string }>();
  for (const c of changes) {
    const schoolYear = schoolYearOf(c.at);
    unique.set(`${schoolYear}_${c.familyId}`, { ...c, schoolYear });
  }
  const list = [...unique.values()];
  // A batch (a roster correction of a whole class) runs 8 at a time.
  for (let i = 0; i < list.length; i += 8) {
    await Promise.all(
      list.slice(i, i + 8).map(async (c) => {
        try {
          await bumpRev(db, c.schoolId, c.schoolYear, c.familyId, now);
          await recomputeFamily(db, c.schoolId, c.schoolYear, c.familyId, now);
        } catch (e) {
          // No names, no phone numbers: ids only.
          console.warn('[oversight] rollup left dirty', c.schoolYear, c.familyId, (e as Error)?.message);
        }
      }),
    );
  }
}
