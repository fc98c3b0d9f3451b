/**
 * The one port the write paths call after they committed a change to a family's records (credit
 * ledger entries: check-in, attendance corrections, online lessons, adjustments; home visits).
 * It costs the write path ONE single-document update on the family's own rollup (rev + 1,
 * dirty = true) — no school counter, nothing another family's request writes. The rollup is then
 * recomputed from the family's records (never incremented, so a retried write cannot count twice)
 * by the next dashboard read of its scope and by oversight-cron every minute; the nightly recount
 * rights anything a crash between commit and bump left behind.
 * It never fails the caller's request.
 */
import type { Database } from '../core/cloud';
import { schoolYearOf } from '../../types/credit/credit.rules';
import { bumpRev } from './rollup';

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
  for (let i = 0; i < list.length; i += 8) {
    await Promise.all(
      list.slice(i, i + 8).map((c) =>
        bumpRev(db, c.schoolId, c.schoolYear, c.familyId, now).catch((e) => {
          // No names, no phone numbers: ids only. The nightly recount repairs it.
          console.warn('[oversight] rollup not marked', c.schoolYear, c.familyId, (e as Error)?.message);
        }),
      ),
    );
  }
}
