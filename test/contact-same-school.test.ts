/**
 * Same-school isolation of 家访 and 重点关注 (school A, 三年级1班): a matrix of callers × staff-only
 * actions with the expected answer, nothing written by a refusal, and no visit or 重点关注 content
 * in any reply to a parent or to another class's teacher, whatever contact action they call.
 */
import { startTestCloud, type TestCloud } from './helpers/local-cloud';
import { seedDemo, SCHOOL_SEED } from '../scripts/seed';
import { snapshot } from './helpers/route-cases';
import { CASES } from './helpers/route-cases';
import { loadIds, type Ids } from './helpers/route-cases';

jest.setTimeout(180_000);

let cloud: TestCloud;
let ids: Ids;
let parentA32 = '';
const A31 = SCHOOL_SEED.classA31;

const CALLERS = {
  parentA31: SCHOOL_SEED.parentOpenid(1),
  parentA32: '',
  headA32: 'demo-teacher-002',
  psych: 'demo-teacher-004',
  adminA: 'demo-admin-001',
  mathA3: 'demo-teacher-003',
  headA31: 'demo-teacher-001',
  directorA3: 'demo-director-001',
  principalA: 'demo-principal-001',
} as const;
type Caller = keyof typeof CALLERS;

/** Expected answer of each read on 三年级1班 (OK or the error code), per caller. */
const MATRIX: Record<'listVisits' | 'coverage' | 'listFocus' | 'printCards', Record<Caller, string>> = {
  listVisits: { parentA31: 'FORBIDDEN', parentA32: 'FORBIDDEN', headA32: 'FORBIDDEN', psych: 'FORBIDDEN', adminA: 'FORBIDDEN', mathA3: 'OK', headA31: 'OK', directorA3: 'OK', principalA: 'OK' },
  coverage: { parentA31: 'FORBIDDEN', parentA32: 'FORBIDDEN', headA32: 'FORBIDDEN', psych: 'FORBIDDEN', adminA: 'FORBIDDEN', mathA3: 'FORBIDDEN', headA31: 'OK', directorA3: 'OK', principalA: 'OK' },
  listFocus: { parentA31: 'FORBIDDEN', parentA32: 'FORBIDDEN', headA32: 'FORBIDDEN', psych: 'FORBIDDEN', adminA: 'FORBIDDEN', mathA3: 'FORBIDDEN', headA31: 'OK', directorA3: 'OK', principalA: 'OK' },
  printCards: { parentA31: 'FORBIDDEN', parentA32: 'FORBIDDEN', headA32: 'FORBIDDEN', psych: 'FORBIDDEN', adminA: 'OK', mathA3: 'FORBIDDEN', headA31: 'OK', directorA3: 'FORBIDDEN', principalA: 'FORBIDDEN' },
};

const openid = (c: Caller) => (c === 'parentA32' ? parentA32 : CALLERS[c]);
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'OK' : r.error!.code);

async function secrets(): Promise<string[]> {
  const visits = (await cloud.db.collection('home_visits').where({ classId: A31 }).limit(1000).get()).data as { notes: string; topics: string[] }[];
  const focus = (await cloud.db.collection('focus_marks').where({ classId: A31 }).limit(1000).get()).data as { reason: string }[];
  return [...visits.flatMap((v) => [v.notes, ...v.topics]), ...focus.map((f) => f.reason)].filter((x) => x && x.length >= 2);
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  ids = await loadIds(cloud);
  const g = (await cloud.db.collection('guardians').where({ classId: SCHOOL_SEED.classA32 }).limit(1).get()).data[0] as { userId: string };
  parentA32 = ((await cloud.db.collection('users').where({ _id: g.userId }).limit(1).get()).data[0] as { openid: string }).openid;
});
afterAll(() => cloud?.close());

describe.each(Object.keys(MATRIX) as (keyof typeof MATRIX)[])('%s on 三年级1班', (action) => {
  test.each(Object.keys(CALLERS) as Caller[])('%s', async (caller) => {
    const expected = MATRIX[action][caller];
    const before = expected === 'OK' ? null : await snapshot(cloud);
    const r = await cloud.call('contact', openid(caller), action, { classId: A31 });
    expect(codeOf(r)).toBe(expected);
    if (before) expect(await snapshot(cloud)).toEqual(before);
  });
});

test('marking 重点关注: the class’s 班主任 and leaders only; refusals write nothing', async () => {
  const child = ids.childA;
  const expected: Record<Caller, string> = { parentA31: 'FORBIDDEN', parentA32: 'FORBIDDEN', headA32: 'FORBIDDEN', psych: 'FORBIDDEN', adminA: 'FORBIDDEN', mathA3: 'FORBIDDEN', headA31: 'OK', directorA3: 'FORBIDDEN', principalA: 'OK' };
  for (const caller of Object.keys(CALLERS) as Caller[]) {
    const before = expected[caller] === 'OK' ? null : await snapshot(cloud);
    const r = await cloud.call('contact', openid(caller), 'setFocus', { childId: child, focus: true, reason: '同校矩阵' });
    expect([caller, codeOf(r)]).toEqual([caller, expected[caller]]);
    if (before) expect(await snapshot(cloud)).toEqual(before);
  }
});

test('recording a visit: teachers of the class, its director and leaders; not another class’s teacher, nor a family', async () => {
  const expected: Record<Caller, string> = { parentA31: 'FORBIDDEN', parentA32: 'FORBIDDEN', headA32: 'FORBIDDEN', psych: 'FORBIDDEN', adminA: 'FORBIDDEN', mathA3: 'OK', headA31: 'OK', directorA3: 'OK', principalA: 'OK' };
  for (const caller of Object.keys(CALLERS) as Caller[]) {
    const r = await cloud.call('contact', openid(caller), 'recordVisit', { classId: A31, childIds: [ids.childA], date: '2026-11-03', form: '入户', topics: ['同校矩阵话题'], notes: `矩阵记录-${caller}`, requestKey: `matrix-${caller}-0001` });
    expect([caller, codeOf(r)]).toEqual([caller, expected[caller]]);
  }
});

test('no reply to a parent or to another class’s teacher carries 家访 or 重点关注 content, whatever they call', async () => {
  const hidden = await secrets();
  expect(hidden.length).toBeGreaterThan(3);
  const leaks: string[] = [];
  for (const caller of ['parentA31', 'parentA32', 'headA32', 'psych'] as Caller[]) {
    for (const [action, c] of Object.entries(CASES.contact)) {
      const input = 'self' in c ? {} : (c.input(ids, 'parent') as Record<string, unknown>);
      const r = await cloud.call('contact', openid(caller), action, input);
      const body = JSON.stringify(r);
      for (const s of hidden) if (body.includes(s)) leaks.push(`${caller} ${action}: ${s}`);
      if (/"focus"\s*:\s*true|重点关注/.test(body)) leaks.push(`${caller} ${action}: focus flag`);
    }
  }
  expect(leaks).toEqual([]);
});
