import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import { userIdFor } from '../access/actor';
import { C } from './model';

jest.setTimeout(60_000);

describe('demo seed', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud.close());

  it('writes the 教联体 with ~200 parents fast, and a second run writes nothing', async () => {
    const t0 = Date.now();
    const first = await seedDemo(cloud.db);
    const firstMs = Date.now() - t0;
    expect(firstMs).toBeLessThan(10_000);
    expect(first.school[C.schools]).toBe(2);
    expect(first.school[C.alliances]).toBe(1);
    const users = await cloud.db.collection(C.users).count();
    expect(users.total).toBeGreaterThanOrEqual(200);
    const guardians = await cloud.db.collection(C.guardians).count();
    expect(guardians.total).toBeGreaterThanOrEqual(200);

    const second = await seedDemo(cloud.db);
    expect(Object.values(second.school).every((n) => n === 0)).toBe(true);
    expect((await cloud.db.collection(C.users).count()).total).toBe(users.total);
    console.log(`seed: first run ${firstMs} ms, ${JSON.stringify(first.school)}`);
  });

  it('has every position, masked-safe phones and demo users for each role', async () => {
    const staff = (await cloud.db.collection(C.staff).limit(1000).get()).data;
    const titles = new Set(staff.flatMap((s) => s.positions.map((p: { title: string }) => p.title)));
    expect([...titles].sort()).toEqual(['任课教师', '分管副校长', '家庭教育指导教师', '年级主任', '心理健康教师', '班主任', '校长'].sort());
    expect(staff.every((s) => /^1390000\d{4}$/.test(s.phone))).toBe(true);
    const demo = (await cloud.db.collection('dev_demo_users').limit(100).get()).data;
    const roles = new Set(demo.map((d) => d.role));
    for (const r of ['家长', '班主任', '任课教师', '年级主任', '校长', '学校管理员']) expect(roles.has(r)).toBe(true);
    for (const d of demo) expect(d.label && d.description !== undefined).toBeTruthy();
  });

  it('keeps the denormalised copies consistent with the source records', async () => {
    const u = (await cloud.db.collection(C.users).where({ _id: userIdFor(SCHOOL_SEED.parentOpenid(1)) }).get()).data[0];
    expect(u.children).toHaveLength(2);
    expect(new Set(u.children.map((c: { schoolId: string }) => c.schoolId))).toEqual(new Set([SCHOOL_SEED.schoolA, SCHOOL_SEED.schoolB]));
    for (const c of u.children) {
      const g = await cloud.db.collection(C.guardians).where({ _id: `${c.childId}_${u._id}` }).get();
      expect(g.data[0].relation).toBe(c.relation);
    }
    const t = (await cloud.db.collection(C.users).where({ _id: userIdFor('demo-teacher-001') }).get()).data[0];
    const m = (await cloud.db.collection(C.members).where({ _id: `${SCHOOL_SEED.schoolA}_${t._id}` }).get()).data[0];
    expect(t.memberships[0].positions).toEqual(m.positions);
    expect(m.positions.some((p: { title: string; classId?: string }) => p.title === '班主任' && p.classId === SCHOOL_SEED.classA31)).toBe(true);
  });
});
