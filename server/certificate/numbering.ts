/**
 * Certificate numbers: unique per school and school year, never reused. A run (a batch issue, a
 * single issue, a reissue) first reserves its holders, then claims ONE block of exactly as many
 * numbers as it reserved with a conditional update of certificate_counters/{schoolId}_{year}
 * (`where({ _id, next: N }).update({ next: N + count })`: only one claimer of a given N wins;
 * the others re-read and claim the next block). So the counter is written once per run, not once
 * per certificate, two admins issuing at once get disjoint blocks, and a run's numbers are
 * consecutive; a gap appears only where a run crashed after claiming its block.
 */
import { createHash, randomInt } from 'crypto';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findById, isDuplicateKey } from '../core/persistence';
import { toCodeChars } from '../../types/certificate/certificate.rules';

export const COUNTERS = 'certificate_counters';

interface CounterDoc {
  _id: string;
  schoolId: string;
  schoolYear: string;
  next: number;
  updatedAt: Date;
}

export function counterId(schoolId: string, schoolYear: string): string {
  return `${schoolId}_${schoolYear}`;
}

/** A short, stable code of the school inside its certificate numbers (4 characters). */
export function schoolCode(schoolId: string): string {
  return toCodeChars(createHash('sha256').update(`school:${schoolId}`).digest(), 4);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Claims `count` consecutive numbers; returns the first. Counts DB operations into `ops` if given. */
export async function claimBlock(db: Database, schoolId: string, schoolYear: string, count: number, now: Date, ops?: { n: number }): Promise<number> {
  if (count <= 0) return 0;
  const id = counterId(schoolId, schoolYear);
  const coll = db.collection(COUNTERS);
  const tick = () => ops && ops.n++;
  for (let round = 0; round < 60; round++) {
    tick();
    const doc = await findById<CounterDoc>(db, COUNTERS, id);
    if (!doc) {
      tick();
      try {
        await coll.add({ data: { _id: id, schoolId, schoolYear, next: 1, updatedAt: now } });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      continue;
    }
    tick();
    const r = (await coll.where({ _id: id, next: doc.next }).update({ data: { next: doc.next + count, updatedAt: now } })) as { stats: { updated: number } };
    if (r.stats.updated === 1) return doc.next;
    await sleep(randomInt(1, Math.min(50, 2 + round * 4)));
  }
  fail('CONFLICT');
}
