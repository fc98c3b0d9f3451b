/**
 * Cross-school isolation, data-driven from the routes tables: as school B's admin, head teacher and
 * parent, call every action of every function with school A's ids (courses, sessions, classes,
 * children, enrolments, join codes, staff, lessons) and expect a refusal with nothing written.
 * The cases live in test/helpers/route-cases.ts: a new action without one fails the first test.
 */
import { startTestCloud, type TestCloud } from './helpers/local-cloud';
import { seedDemo } from '../scripts/seed';
import { userIdFor } from '../server/access/actor';
import { A, B, CASES, DENIED, FUNCTIONS, loadIds, ROLES, snapshot, type Ids, type Role } from './helpers/route-cases';

jest.setTimeout(180_000);

let cloud: TestCloud;
let ids: Ids;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  ids = await loadIds(cloud);
  const one = async <T>(coll: string, where: Record<string, unknown>) => (await cloud.db.collection(coll).where(where).limit(1).get()).data[0] as T;
  // The premise: none of B's callers belongs to school A in any way.
  for (const openid of Object.values(ROLES)) {
    const u = await one<{ children: { schoolId: string }[]; memberships: { schoolId: string }[] }>('users', { _id: userIdFor(openid) });
    expect(u.memberships.map((m) => m.schoolId)).toEqual([B]);
    expect(u.children.every((c) => c.schoolId === B)).toBe(true);
  }
});

afterAll(async () => {
  await cloud?.close();
});

test('every action of every function has a cross-school case, and every case an action', () => {
  for (const [fn, routes] of Object.entries(FUNCTIONS)) {
    expect(Object.keys(CASES[fn] ?? {}).sort()).toEqual(Object.keys(routes).sort());
  }
});

describe.each(Object.keys(FUNCTIONS))('%s', (fn) => {
  test.each(Object.keys(ROLES) as Role[])('school B’s %s is refused every school-A target, and nothing is written', async (role) => {
    const before = await snapshot(cloud);
    const unexpected: string[] = [];
    for (const [action, c] of Object.entries(CASES[fn])) {
      if ('self' in c) continue;
      const r = await cloud.call(fn, ROLES[role], action, c.input(ids, role));
      const code = r.ok ? 'OK' : r.error.code;
      if (!(DENIED(code) || (c.codes ?? []).includes(code))) unexpected.push(`${fn}.${action} as ${role}: ${code}`);
      else if (!r.ok) expect(JSON.stringify(r.error)).not.toContain(A);
    }
    expect(unexpected).toEqual([]);
    expect(await snapshot(cloud)).toEqual(before);
  });
});

test('the self-only actions answer nothing of school A', async () => {
  for (const role of Object.keys(ROLES) as Role[]) {
    const me = await cloud.call('school', ROLES[role], 'me');
    expect(me.ok).toBe(true);
    expect(JSON.stringify(me)).not.toContain(A);
    const today = await cloud.call('attendance', ROLES[role], 'todaySessions', { pastDays: 60 });
    if (today.ok) expect(JSON.stringify(today.data)).not.toContain(A);
    else expect(today.error.code).toBe('FORBIDDEN');
  }
});
