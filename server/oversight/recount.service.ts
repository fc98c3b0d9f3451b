/**
 * Recount: every family rollup of a school year recomputed from the records (each family's
 * ledger by its index, the school's home visits, its children), written only where it differs or
 * is dirty, each write guarded by the rev read before the records (a write path that bumped rev
 * meanwhile wins, and recomputes itself). Run nightly by oversight-cron and on demand (recount).
 */
import type { Database } from '../core/cloud';
import { findAll, isDuplicateKey } from '../core/persistence';
import { LEDGER } from '../credit/ledger';
import type { CreditLedgerDoc } from '../../types/credit/credit.schema';
import { familyYearFigures, sameFigures, type RollupEntry } from '../../types/oversight/rollup.rules';
import { FAMILY_YEARS, familyYearId, type FamilyYearDoc } from './model';
import { HOME_VISITS } from './rollup';

export interface RecountResult {
  families: number;
  corrected: number;
  created: number;
  skipped: number;
}

export async function recountSchoolYear(db: Database, schoolId: string, schoolYear: string, now: Date): Promise<RecountResult> {
  const docs = await findAll<FamilyYearDoc>(db, FAMILY_YEARS, { schoolId, schoolYear }, 100000);
  const [children, visits] = await Promise.all([
    findAll<{ _id: string; classId: string; gradeId: string }>(db, 'children', { schoolId }, 100000),
    findAll<{ _id: string; childIds: string[] }>(db, HOME_VISITS, { schoolId, schoolYear }, 100000),
  ]);
  // Each family's ledger by its own index (familyId, schoolYear): ~100 entries per query, never a
  // scan of the school's whole year per page.
  const entries = new Map<string, RollupEntry[]>();
  const ids = [...new Set([...children.map((c) => c._id), ...docs.map((d) => d.familyId)])];
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(
      ids.slice(i, i + 20).map(async (familyId) => {
        const list = await findAll<CreditLedgerDoc>(db, LEDGER, { familyId, schoolYear }, 5000);
        entries.set(familyId, list.filter((e) => e.schoolId === schoolId));
      }),
    );
  }
  const visitCount = new Map<string, number>();
  for (const v of visits) for (const id of new Set(v.childIds)) visitCount.set(id, (visitCount.get(id) ?? 0) + 1);
  const childBy = new Map(children.map((c) => [c._id, c]));
  const docBy = new Map(docs.map((d) => [d.familyId, d]));
  const familyIds = new Set<string>([...childBy.keys(), ...entries.keys(), ...docBy.keys()]);
  const result: RecountResult = { families: familyIds.size, corrected: 0, created: 0, skipped: 0 };
  const _ = db.command;
  const jobs = [...familyIds].map((familyId) => async () => {
    const child = childBy.get(familyId);
    const figures = familyYearFigures(entries.get(familyId) ?? [], child ? (visitCount.get(familyId) ?? 0) : 0);
    const doc = docBy.get(familyId);
    const classId = child?.classId ?? '';
    const gradeId = child?.gradeId ?? '';
    if (!doc) {
      if (figures.entries === 0 && figures.visits === 0) return;
      try {
        await db.collection(FAMILY_YEARS).add({ data: { _id: familyYearId(schoolYear, familyId), schoolId, schoolYear, familyId, classId, gradeId, ...figures, rev: 0, cleanRev: 0, dirty: false, updatedAt: now } });
        result.created++;
      } catch (e) {
        // Created by a write path meanwhile: it has its own recompute.
        if (!isDuplicateKey(e)) throw e;
        result.skipped++;
      }
      return;
    }
    if (!doc.dirty && doc.classId === classId && doc.gradeId === gradeId && sameFigures(doc, figures)) return;
    const r = await db
      .collection(FAMILY_YEARS)
      .where({ _id: doc._id, rev: doc.rev })
      .update({ data: { t1: _.set(figures.t1), t2: _.set(figures.t2), year: _.set(figures.year), months: _.set(figures.months), visits: figures.visits, entries: figures.entries, classId, gradeId, cleanRev: doc.rev, dirty: false, updatedAt: now } });
    if (r.stats.updated > 0) result.corrected++;
    else result.skipped++;
  });
  for (let i = 0; i < jobs.length; i += 20) await Promise.all(jobs.slice(i, i + 20).map((j) => j()));
  return result;
}
