/** The oversight rollup collection and its documents. */
import type { FamilyYearFigures } from '../../types/oversight/rollup.rules';

export const FAMILY_YEARS = 'oversight_family_years';

/**
 * oversight_family_years/{schoolYear}_{familyId}: a family's figures for one school year.
 * `rev` is bumped by every write path that changed the family's records; a recompute that read
 * rev r writes its figures only while rev is still r (and sets cleanRev = r). rev > cleanRev:
 * dirty (a recompute lost a race or the process died): the next dashboard read or recount heals it.
 */
export interface FamilyYearDoc extends FamilyYearFigures {
  _id: string;
  schoolId: string;
  schoolYear: string;
  familyId: string;
  /** the child's class and grade when last recomputed (the children collection is the source) */
  classId: string;
  gradeId: string;
  rev: number;
  cleanRev: number;
  /** rev > cleanRev, as an indexed flag: the dashboard heals dirty rollups of its scope before summing. */
  dirty: boolean;
  updatedAt: Date;
}

export function familyYearId(schoolYear: string, familyId: string): string {
  return `${schoolYear}_${familyId}`;
}
