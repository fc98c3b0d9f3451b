/**
 * The per-class sums of the rollups, in the local cloud's database, against the same figures
 * decided in plain code (familyGoal, the star levels, "active in a month") — with rollups that
 * lack fields (no month cells, no visits, an old document without t2), cells that net to zero, and
 * a star level of 0, where leaving out $ifNull would differ if it were wrong.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { familyGoal, monthSlot, monthsOfTerm } from '../../types/oversight/oversight.rules';
import { profileFor } from '../../types/credit/credit.rules';
import type { StarThresholds, Totals } from '../../types/credit/credit.schema';
import { FAMILY_YEARS } from './model';
import { sumRollups } from './rollup-sum';

jest.setTimeout(60_000);

let cloud: TestCloud;
beforeAll(async () => (cloud = await startTestCloud()));
afterAll(() => cloud.close());

const TERM = '2025-2026-2';
const zero: Totals = { hours: 0, sessions: 0, collective: 0 };

test('sums equal the figures decided one rollup at a time, missing fields counting as 0', async () => {
  const months = monthsOfTerm(TERM).map(monthSlot);
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < 40; i++) {
    const t2: Totals = { hours: (i % 9) * 1.5, sessions: i % 5, collective: i % 2 };
    const doc: Record<string, unknown> = { _id: `2025-2026_f${i}`, schoolId: 'sum-school', schoolYear: '2025-2026', familyId: `f${i}`, classId: `c${i % 3}`, gradeId: 'g1', t1: zero };
    if (i % 11 !== 0) doc.year = { hours: t2.hours + (i % 4), sessions: t2.sessions, collective: 0 };
    if (i % 7 !== 0) doc.t2 = t2; // an old rollup without the term's totals
    if (i % 3 !== 0) doc.visits = i % 2;
    if (i % 4 !== 0) doc.months = Object.fromEntries(months.filter((_, k) => (i + k) % 3 !== 0).map((m, k) => [m, (i + k) % 5 === 0 ? { hours: 0, sessions: 0 } : { hours: (i + k) % 3, sessions: (i + k) % 2 }]));
    docs.push(doc);
  }
  for (const d of docs) await cloud.db.collection(FAMILY_YEARS).add({ data: d });
  const profile = profileFor('guangzhou');
  const thresholds: StarThresholds = { basis: 'hours', levels: [0, 2, 4, 8, 12] };
  const sums = await sumRollups(cloud.db, { schoolId: 'sum-school', schoolYear: '2025-2026' }, profile, thresholds, TERM);

  expect(sums.map((s) => s.classId).sort()).toEqual(['c0', 'c1', 'c2']);
  for (const s of sums) {
    const mine = docs.filter((d) => d.classId === s.classId);
    const t2Of = (d: Record<string, unknown>) => (d.t2 as Totals | undefined) ?? zero;
    const year = (d: Record<string, unknown>) => (d.year as Totals | undefined) ?? zero;
    const cell = (d: Record<string, unknown>, m: string) => (d.months as Record<string, { hours: number; sessions: number }> | undefined)?.[m];
    expect(s.families).toBe(mine.length);
    expect(s.met).toBe(mine.filter((d) => familyGoal(profile, t2Of(d), year(d)).met).length);
    expect(s.hours).toBe(Math.round(mine.reduce((a, d) => a + t2Of(d).hours, 0) * 2) / 2);
    expect(s.visited).toBe(mine.filter((d) => ((d.visits as number | undefined) ?? 0) > 0).length);
    expect(s.atLeast).toEqual(thresholds.levels.map((lv) => mine.filter((d) => year(d).hours >= lv).length));
    expect(s.atLeast[0]).toBe(mine.length);
    s.months.forEach((m, k) => {
      const key = months[k];
      expect(m.hours).toBe(Math.round(mine.reduce((a, d) => a + (cell(d, key)?.hours ?? 0), 0) * 2) / 2);
      expect(m.sessions).toBe(mine.reduce((a, d) => a + (cell(d, key)?.sessions ?? 0), 0));
      expect(m.active).toBe(mine.filter((d) => (cell(d, key)?.hours ?? 0) > 0 || (cell(d, key)?.sessions ?? 0) > 0).length);
    });
  }
  // the data exercises each case it claims to
  expect(docs.some((d) => !d.year) && docs.some((d) => !d.t2) && docs.some((d) => !d.months) && docs.some((d) => d.visits === undefined)).toBe(true);
  expect(sums.some((s) => s.met > 0 && s.met < s.families)).toBe(true);
});
