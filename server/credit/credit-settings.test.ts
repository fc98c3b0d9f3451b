/**
 * A new school year starts with the school's previous settings, not the defaults (through the real
 * wx-server-sdk on the local cloud).
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { ADMIN_A, SCHOOL_A, SCHOOL_B, TEACHER_B, childId, parentOpenid, seedPeople } from '../attendance/test-fixtures';
import { DEFAULT_PROFILE_ID, DEFAULT_THRESHOLDS, termOf } from '../../types/credit/credit.rules';
import type { ArchiveOutput, SettingsOutput } from '../../types/credit/credit.schema';
import type { Result } from '../../types/common/result';

jest.setTimeout(60_000);

let cloud: TestCloud;
const THIS_YEAR = termOf(new Date()).schoolYear; // e.g. '2026-2027'
const start = Number(THIS_YEAR.slice(0, 4));
const year = (offset: number) => `${start + offset}-${start + offset + 1}`;
const LAST_YEAR = year(-1);
const THRESHOLDS = { basis: 'hours', levels: [2, 4, 6, 8, 10] } as const;
const CUSTOM = [{ metric: 'hours', period: 'term', target: 6 }] as const;

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code} ${JSON.stringify(r.error.details ?? '')}`);
  return r.data;
}
const getSettings = (by: string, schoolId: string, schoolYear?: string) =>
  cloud.call<SettingsOutput>('credit', by, 'getSettings', { schoolId, ...(schoolYear ? { schoolYear } : {}) }).then(ok);
const docs = async (schoolId: string) => (await cloud.db.collection('credit_settings').where({ schoolId }).orderBy('schoolYear', 'asc').get()).data as { _id: string; schoolYear: string; copiedFrom?: string }[];

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedPeople(cloud.db, 2);
});
afterAll(async () => {
  await cloud?.close();
});

describe('credit settings of a new school year', () => {
  it('a school that never saved settings gets the defaults, and nothing is written', async () => {
    const s = await getSettings(TEACHER_B, SCHOOL_B);
    expect(s).toMatchObject({ schoolYear: THIS_YEAR, thresholds: DEFAULT_THRESHOLDS, profileId: DEFAULT_PROFILE_ID, isDefault: true, copiedFrom: null });
    expect(await docs(SCHOOL_B)).toEqual([]);
  });

  it("the first read of a new year copies last year's thresholds, profile and class-hour rule, once", async () => {
    const saved = { schoolId: SCHOOL_A, schoolYear: LAST_YEAR, thresholds: THRESHOLDS, profileId: 'custom', customRequirements: CUSTOM, classHourRule: { minutesPerClassHour: 40 } };
    ok(await cloud.call('credit', ADMIN_A, 'saveSettings', saved));
    expect((await docs(SCHOOL_A)).map((d) => d.schoolYear)).toEqual([LAST_YEAR]);

    // Ten first reads at once (a parent's archive, the settings page …): one copy.
    const reads = await Promise.all(Array.from({ length: 10 }, () => getSettings(ADMIN_A, SCHOOL_A)));
    for (const s of reads) {
      expect(s).toMatchObject({ schoolYear: THIS_YEAR, thresholds: THRESHOLDS, profileId: 'custom', customRequirements: CUSTOM, isDefault: false, copiedFrom: LAST_YEAR });
      expect(s.classHourRule.minutesPerClassHour).toBe(40);
    }
    expect((await docs(SCHOOL_A)).map((d) => [d.schoolYear, d.copiedFrom ?? null])).toEqual([
      [LAST_YEAR, null],
      [THIS_YEAR, LAST_YEAR],
    ]);

    // The parent's star level this year uses the copied thresholds (0 hours: level 0, next ★ at 2).
    const a = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(1), 'myArchive', { familyId: childId(1) }));
    expect(a.star).toMatchObject({ level: 0, nextTarget: 2 });
    expect(a.profile.id).toBe('custom');
  });

  it("a copy is made once: later edits of last year do not reach this year; this year's own save clears the mark", async () => {
    ok(await cloud.call('credit', ADMIN_A, 'saveSettings', { schoolId: SCHOOL_A, schoolYear: LAST_YEAR, thresholds: { basis: 'sessions', levels: [1, 2, 3, 4, 5] }, profileId: 'qingdao' }));
    expect(await getSettings(ADMIN_A, SCHOOL_A)).toMatchObject({ thresholds: THRESHOLDS, profileId: 'custom', copiedFrom: LAST_YEAR });
    ok(await cloud.call('credit', ADMIN_A, 'saveSettings', { schoolId: SCHOOL_A, thresholds: THRESHOLDS, profileId: 'jiangmen' }));
    const s = await getSettings(ADMIN_A, SCHOOL_A);
    expect(s).toMatchObject({ profileId: 'jiangmen', isDefault: false, copiedFrom: null });
    expect(s.classHourRule.minutesPerClassHour).toBe(40); // kept by the save
  });

  it('a year after a gap copies from the latest earlier year; an earlier year never copies from a later one', async () => {
    const later = await getSettings(ADMIN_A, SCHOOL_A, year(2));
    expect(later).toMatchObject({ profileId: 'jiangmen', copiedFrom: THIS_YEAR });
    const earlier = await getSettings(ADMIN_A, SCHOOL_A, year(-3));
    expect(earlier).toMatchObject({ thresholds: DEFAULT_THRESHOLDS, isDefault: true, copiedFrom: null });
    // Only the current and the next school year are written on a read (issue 16's hardening): the
    // year after next answers with the carried-over values and writes nothing.
    expect((await docs(SCHOOL_A)).map((d) => d.schoolYear)).toEqual([LAST_YEAR, THIS_YEAR]);
  });
});
