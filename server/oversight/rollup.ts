/**
 * Recomputing one family's rollup from that family's own records, guarded by a revision so that
 * a stale recompute never overwrites a newer one, and a retried write path never counts twice
 * (the figures are recomputed from the records, never incremented).
 */
import type { Database } from '../core/cloud';
import { findAll, findById, isDuplicateKey } from '../core/persistence';
import { LEDGER } from '../credit/ledger';
import type { CreditLedgerDoc } from '../../types/credit/credit.schema';
import { familyYearFigures, type FamilyYearFigures } from '../../types/oversight/rollup.rules';
import { FAMILY_YEARS, familyYearId, type FamilyYearDoc } from './model';

export const HOME_VISITS = 'home_visits';
const CHILDREN = 'children';

interface ChildRow {
  _id: string;
  schoolId: string;
  gradeId: string;
  classId: string;
}

/** rev += 1 (creating the document at rev 1): "this family's records changed". */
export async function bumpRev(db: Database, schoolId: string, schoolYear: string, familyId: string, now: Date): Promise<void> {
  const _ = db.command;
  const id = familyYearId(schoolYear, familyId);
  for (let i = 0; i < 3; i++) {
    const r = await db.collection(FAMILY_YEARS).where({ _id: id }).update({ data: { rev: _.inc(1), dirty: true, updatedAt: now } });
    if (r.stats.updated > 0) return;
    try {
      await db.collection(FAMILY_YEARS).add({
        data: { _id: id, schoolId, schoolYear, familyId, classId: '', gradeId: '', ...familyYearFigures([], 0), rev: 1, cleanRev: 0, dirty: true, updatedAt: now },
      });
      return;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
}

/** The family's records of the school year, in their school. */
export async function figuresFromRecords(db: Database, schoolId: string, schoolYear: string, onRoster: boolean, familyId: string): Promise<FamilyYearFigures> {
  const [entries, visits] = await Promise.all([
    findAll<CreditLedgerDoc>(db, LEDGER, { familyId, schoolYear }, 5000),
    onRoster ? db.collection(HOME_VISITS).where({ childIds: familyId, schoolYear, schoolId }).count() : Promise.resolve({ total: 0 }),
  ]);
  return familyYearFigures(
    entries.filter((e) => e.schoolId === schoolId),
    visits.total,
  );
}

/**
 * Recompute the rollup from the records; write it only if nobody bumped rev meanwhile. A lost race
 * retries (the winner's bump means newer records exist). Returns true when the rollup is clean.
 */
export async function recomputeFamily(db: Database, schoolId: string, schoolYear: string, familyId: string, now: Date, attempts = 4): Promise<boolean> {
  const id = familyYearId(schoolYear, familyId);
  for (let i = 0; i < attempts; i++) {
    const doc = await findById<FamilyYearDoc>(db, FAMILY_YEARS, id);
    if (!doc) {
      await bumpRev(db, schoolId, schoolYear, familyId, now);
      continue;
    }
    // Recomputed meanwhile by someone else (a dashboard read, the timer): nothing left to do.
    if (!doc.dirty && doc.rev === doc.cleanRev) return true;
    // The records are read AFTER the revision (a record committed later bumps it again).
    const [child, figures] = await Promise.all([findById<ChildRow>(db, CHILDREN, familyId), figuresFromRecords(db, schoolId, schoolYear, true, familyId)]);
    const _ = db.command;
    const r = await db
      .collection(FAMILY_YEARS)
      .where({ _id: id, rev: doc.rev })
      .update({
        data: {
          t1: _.set(figures.t1),
          t2: _.set(figures.t2),
          year: _.set(figures.year),
          months: _.set(figures.months),
          visits: figures.visits,
          entries: figures.entries,
          classId: child?.classId ?? doc.classId,
          gradeId: child?.gradeId ?? doc.gradeId,
          cleanRev: doc.rev,
          dirty: false,
          updatedAt: now,
        },
      });
    if (r.stats.updated > 0) return true;
  }
  return false;
}
