/**
 * Oversight demo data: the rollups of every school's current school year, produced the way
 * production produces them (the recount from the seeded ledger and visits), so that `npm start`'s
 * principal, grade director and head teacher see a meaningful dashboard. The other seeds provide
 * the records (families below the goal, one 家长会 of 三年级1班 where two are required, …).
 */
import type { Database } from '../core/cloud';
import { findAll } from '../core/persistence';
import { schoolYearOf } from '../../types/credit/credit.rules';
import { recountSchoolYear } from './recount.service';

export async function seedOversight(db: Database, now = new Date()): Promise<Record<string, number>> {
  const schools = await findAll<{ _id: string }>(db, 'schools', {}, 1000);
  let written = 0;
  for (const s of schools) {
    const r = await recountSchoolYear(db, s._id, schoolYearOf(now), now);
    written += r.created + r.corrected;
  }
  return { oversight_family_years: written };
}
