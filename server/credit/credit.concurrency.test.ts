/**
 * The credit write paths under concurrency, on the local cloud's database semantics: manual
 * adjustments (idempotent by request key) and the settings of a new school year copied on first
 * read (many first reads, and a save racing them). Zero errors, invariants on the stored records.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { ADMIN_A, SCHOOL_A, TEACHER_A, childId, code, ok, parentOpenid, seedPeople } from '../attendance/test-fixtures';
import { termOf } from '../../types/credit/credit.rules';
import type { AdjustOutput, ArchiveOutput, CreditLedgerDoc, SettingsOutput } from '../../types/credit/credit.schema';
import type { Result } from '../../types/common/result';

jest.setTimeout(120_000);

let cloud: TestCloud;
const credit = <T = unknown>(openid: string, action: string, input: unknown) => cloud.call<T>('credit', openid, action, input);
const all = async <T>(coll: string, where: Record<string, unknown>) => (await cloud.db.collection(coll).where(where).limit(1000).get()).data as T[];
const UNEXPECTED = ['CONFLICT', 'INTERNAL', 'FUNCTION_TIMEOUT'];
const unexpected = (rs: Result<unknown>[]) => rs.map(code).filter((c) => UNEXPECTED.includes(c));
const THIS_YEAR = termOf(new Date()).schoolYear;
const start = Number(THIS_YEAR.slice(0, 4));
const year = (offset: number) => `${start + offset}-${start + offset + 1}`;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedPeople(cloud.db, 12);
});
afterAll(async () => {
  await cloud?.close();
});

describe('adjustments', () => {
  it('one adjustment sent twelve times at once (a retrying client) is one ledger entry; twelve different ones are twelve', async () => {
    const adj = { schoolId: SCHOOL_A, familyId: childId(1), hours: 1.5, reason: '参加区家庭教育讲座补录', requestKey: 'cc-adj-same-0001' };
    const same = await Promise.all(Array.from({ length: 12 }, () => credit<AdjustOutput>(TEACHER_A, 'adjust', adj)));
    expect(unexpected(same)).toEqual([]);
    expect(same.map(code)).toEqual(Array(12).fill('OK'));
    expect(same.map((r) => ok(r).created).filter(Boolean)).toHaveLength(1);
    expect(new Set(same.map((r) => ok(r).entryId)).size).toBe(1);
    expect(await all('credit_ledger', { familyId: childId(1), source: 'adjustment' })).toHaveLength(1);

    const many = await Promise.all(Array.from({ length: 12 }, (_, k) => credit<AdjustOutput>(k % 2 ? TEACHER_A : ADMIN_A, 'adjust', { ...adj, familyId: childId(3), hours: 0.5, requestKey: `cc-adj-many-${String(k).padStart(4, '0')}` })));
    expect(many.map(code)).toEqual(Array(12).fill('OK'));
    const entries = await all<CreditLedgerDoc>('credit_ledger', { familyId: childId(3), source: 'adjustment' });
    expect(entries).toHaveLength(12);
    const archive = ok(await credit<ArchiveOutput>(parentOpenid(3), 'myArchive', {}));
    expect(archive.yearTotals.hours).toBe(6);
  });
});

describe('settings of a new school year, copied on first read', () => {
  it('30 first reads at once from staff and parents: one copy, every reader sees it', async () => {
    ok(await credit(ADMIN_A, 'saveSettings', { schoolId: SCHOOL_A, schoolYear: year(-1), thresholds: { basis: 'hours', levels: [3, 6, 9, 12, 15] }, profileId: 'guangzhou', customRequirements: [] }));
    const readers = [ADMIN_A, TEACHER_A, parentOpenid(1), parentOpenid(3), parentOpenid(5)];
    const rs = await Promise.all(Array.from({ length: 30 }, (_, k) => credit<SettingsOutput>(readers[k % readers.length], 'getSettings', { schoolId: SCHOOL_A })));
    expect(unexpected(rs)).toEqual([]);
    expect(rs.map(code)).toEqual(Array(30).fill('OK'));
    for (const r of rs) expect(ok(r)).toMatchObject({ schoolYear: THIS_YEAR, copiedFrom: year(-1), thresholds: { levels: [3, 6, 9, 12, 15] } });
    const docs = await all<{ schoolYear: string }>('credit_settings', { schoolId: SCHOOL_A, schoolYear: THIS_YEAR });
    expect(docs).toHaveLength(1);
  });

  it("the admin's save racing first reads of the next year: the saved settings stand", async () => {
    const next = year(1);
    const reads = Array.from({ length: 15 }, () => credit<SettingsOutput>(TEACHER_A, 'getSettings', { schoolId: SCHOOL_A, schoolYear: next }));
    const save = credit<SettingsOutput>(ADMIN_A, 'saveSettings', { schoolId: SCHOOL_A, schoolYear: next, thresholds: { basis: 'hours', levels: [1, 2, 3, 4, 5] }, profileId: 'guangzhou', customRequirements: [] });
    const rs = await Promise.all([save, ...reads]);
    expect(rs.map(code)).toEqual(Array(16).fill('OK'));
    const after = ok(await credit<SettingsOutput>(TEACHER_A, 'getSettings', { schoolId: SCHOOL_A, schoolYear: next }));
    expect(after.thresholds.levels).toEqual([1, 2, 3, 4, 5]);
    expect(await all('credit_settings', { schoolId: SCHOOL_A, schoolYear: next })).toHaveLength(1);
  });
});
