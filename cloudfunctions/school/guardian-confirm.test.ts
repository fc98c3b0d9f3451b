/**
 * Binding to a child who already has guardians (security review R1): the class code is shared
 * with the whole class, so a code and a classmate's name only *request* the link. Pending links
 * grant nothing until the class's 班主任, an admin or an existing guardian confirms them.
 * Real function bundles, real wx-server-sdk, local cloud seeded by seedDemo.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { A, B, HEAD_A31, HEAD_A32, ADMIN_A, ADMIN_B, HEAD_B71, code, consentingUser, ok } from '../../test/helpers/school-function';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import { userIdFor } from '../../server/access/actor';
import type { Profile, Roster } from '../../types/school/school.schema';

jest.setTimeout(90_000);

const CLASS = SCHOOL_SEED.classA31;

let cloud: TestCloud;
let seq = 0;
/** A seeded child of 三年级1班, the openid of one of its guardians, and a classmate's parent. */
let child: { _id: string; name: string };
let guardianOpenid: string;
let otherParentOpenid: string;
let courseId: string;

const call = <T = unknown>(openid: string, action: string, input?: unknown) => cloud.call<T>('school', openid, action, input);
const getDoc = async <T = Record<string, unknown>>(coll: string, id: string) => ((await cloud.db.collection(coll).where({ _id: id }).limit(1).get()).data[0] as T | undefined) ?? null;
const count = async (coll: string, where: Record<string, unknown>) => (await cloud.db.collection(coll).where(where).count()).total;

const newParent = () => consentingUser(cloud, `confirm-user-${++seq}`);

/** A new user asks to become a guardian of the seeded child; returns their openid and user id. */
async function request(relation = '父亲'): Promise<{ openid: string; userId: string }> {
  const openid = await newParent();
  const p = ok(await call<Profile>(openid, 'bindChild', { code: SCHOOL_SEED.joinCodeA31, childName: child.name, relation }));
  expect(p.children).toEqual([]);
  return { openid, userId: p.userId };
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  child = (await cloud.db.collection('children').where({ classId: CLASS }).limit(1).get()).data[0] as { _id: string; name: string };
  const all = (await cloud.db.collection('guardians').where({ classId: CLASS }).limit(200).get()).data as { userId: string; childId: string }[];
  const mine = all.filter((g) => g.childId === child._id).map((g) => g.userId);
  guardianOpenid = (await getDoc<{ openid: string }>('users', mine[0]))!.openid;
  // a parent of the same class who is not this child's guardian
  otherParentOpenid = (await getDoc<{ openid: string }>('users', all.find((g) => !mine.includes(g.userId))!.userId))!.openid;
  const course = (await cloud.db.collection('courses').where({ schoolId: A, status: 'published', 'audience.kind': 'school' }).limit(1).get()).data[0] as { _id: string };
  courseId = course._id;
});
afterAll(() => cloud.close());

describe('binding to an existing child by name', () => {
  it('becomes a pending request that grants nothing', async () => {
    const usersBefore = await getDoc<{ children: unknown[] }>('users', userIdFor(guardianOpenid));
    const { openid, userId } = await request('母亲');
    const p = ok(await call<Profile>(openid, 'me', {}));
    expect(p.children).toEqual([]);
    expect(p.memberships).toEqual([]);
    expect(p.currentChildId).toBeNull();
    expect(p.pendingChildren).toEqual([expect.objectContaining({ childId: child._id, childName: child.name, className: '三年级1班', relation: '母亲', isMe: true })]);
    // the source records: a pending guardian record, no member record, nothing on the users copy
    expect(await getDoc('guardians', `${child._id}_${userId}`)).toMatchObject({ status: 'pending', relation: '母亲' });
    expect(await getDoc('members', `${A}_${userId}`)).toBeNull();
    expect(await getDoc('users', userId)).toMatchObject({ children: [], memberships: [] });

    // no access to the child through any function
    expect(code(await cloud.call('credit', openid, 'myArchive', { familyId: child._id }))).toBe('FORBIDDEN');
    const enrolments = await count('enrollments', { familyId: child._id });
    expect(code(await cloud.call('course', openid, 'enroll', { courseId, childId: child._id }))).toBe('FORBIDDEN');
    expect(await count('enrollments', { familyId: child._id })).toBe(enrolments);
    expect(code(await call(openid, 'listGuardians', { childId: child._id }))).toBe('FORBIDDEN');
    expect(code(await call(openid, 'switchChild', { childId: child._id }))).toBe('FORBIDDEN');

    // not counted as a guardian anywhere
    const guardians = ok(await call<{ userId: string }[]>(guardianOpenid, 'listGuardians', { childId: child._id }));
    expect(guardians.map((g) => g.userId)).not.toContain(userId);
    const roster = ok(await call<Roster>(HEAD_A31, 'classRoster', { classId: CLASS }));
    expect(roster.children.find((c) => c.childId === child._id)!.guardians.map((g) => g.userId)).not.toContain(userId);
    expect(roster.pendingRequests).toContainEqual(expect.objectContaining({ childId: child._id, userId, relation: '母亲', childName: child.name }));
    // the existing guardian sees the request on 我的; their own copy is unchanged
    const g = ok(await call<Profile>(guardianOpenid, 'me', {}));
    expect(g.guardianRequests).toContainEqual(expect.objectContaining({ childId: child._id, userId, relation: '母亲', isMe: false }));
    expect((await getDoc<{ children: unknown[] }>('users', userIdFor(guardianOpenid)))!.children).toEqual(usersBefore!.children);
    // a subject teacher may view the roster but not the requests
    const viewer = ok(await call<Roster>('demo-teacher-003', 'classRoster', { classId: CLASS }));
    expect(viewer.pendingRequests ?? []).toEqual([]);
  });

  it('strangers cannot confirm or reject; the head teacher confirms and the link is granted', async () => {
    const { openid, userId } = await request('父亲');
    const other = await newParent();
    for (const who of [HEAD_A32, HEAD_B71, ADMIN_B, otherParentOpenid, other, openid]) {
      expect([who, code(await call(who, 'confirmGuardian', { childId: child._id, userId }))]).toEqual([who, 'FORBIDDEN']);
      if (who !== openid) expect([who, code(await call(who, 'rejectGuardian', { childId: child._id, userId }))]).toEqual([who, 'FORBIDDEN']);
    }
    expect(await getDoc('guardians', `${child._id}_${userId}`)).toMatchObject({ status: 'pending' });

    ok(await call(HEAD_A31, 'confirmGuardian', { childId: child._id, userId }));
    expect(await getDoc('guardians', `${child._id}_${userId}`)).toMatchObject({ status: 'active', confirmedBy: userIdFor(HEAD_A31) });
    expect(await getDoc('members', `${A}_${userId}`)).toMatchObject({ roles: ['parent'] });
    const u = await getDoc<{ children: { childId: string; childName: string; relation: string; classId: string }[]; memberships: { schoolId: string; roles: string[] }[]; currentChildId: string }>('users', userId);
    expect(u!.children).toEqual([expect.objectContaining({ childId: child._id, childName: child.name, relation: '父亲', classId: CLASS })]);
    expect(u!.memberships).toEqual([expect.objectContaining({ schoolId: A, roles: ['parent'] })]);
    expect(u!.currentChildId).toBe(child._id);
    const p = ok(await call<Profile>(openid, 'me', {}));
    expect(p.pendingChildren).toEqual([]);
    expect(ok(await cloud.call<{ familyId: string }>('credit', openid, 'myArchive', { familyId: child._id })).familyId).toBe(child._id);
    expect(ok(await call<{ userId: string }[]>(guardianOpenid, 'listGuardians', { childId: child._id })).map((g) => g.userId)).toContain(userId);
    // decided once: confirming again changes nothing; rejecting now says it was confirmed
    ok(await call(HEAD_A31, 'confirmGuardian', { childId: child._id, userId }));
    expect(code(await call(HEAD_A31, 'rejectGuardian', { childId: child._id, userId }))).toBe('GUARDIAN_ALREADY_ACTIVE');
    expect(await getDoc('guardians', `${child._id}_${userId}`)).toMatchObject({ status: 'active' });
  });

  it('an existing guardian confirms; an admin confirms', async () => {
    const first = await request('祖母');
    ok(await call(guardianOpenid, 'confirmGuardian', { childId: child._id, userId: first.userId }));
    expect(ok(await call<Profile>(first.openid, 'me', {})).children.map((c) => c.childId)).toEqual([child._id]);
    const second = await request('祖父');
    ok(await call(ADMIN_A, 'confirmGuardian', { childId: child._id, userId: second.userId }));
    expect(ok(await call<Profile>(second.openid, 'me', {})).children.map((c) => c.childId)).toEqual([child._id]);
  });

  it('rejecting removes the request and nothing else; the requester may withdraw their own', async () => {
    const a = await request('外祖母');
    ok(await call(guardianOpenid, 'rejectGuardian', { childId: child._id, userId: a.userId }));
    expect(await getDoc('guardians', `${child._id}_${a.userId}`)).toBeNull();
    expect(await getDoc('users', a.userId)).toMatchObject({ children: [], memberships: [] });
    expect(ok(await call<Profile>(a.openid, 'me', {})).pendingChildren).toEqual([]);
    expect(ok(await call<Profile>(guardianOpenid, 'me', {})).guardianRequests?.some((r) => r.userId === a.userId)).toBe(false);
    // after a rejection they may ask again (and the head teacher rejects it from the roster)
    ok(await call<Profile>(a.openid, 'bindChild', { code: SCHOOL_SEED.joinCodeA31, childName: child.name, relation: '外祖母' }));
    ok(await call(HEAD_A31, 'rejectGuardian', { childId: child._id, userId: a.userId }));
    expect(await getDoc('guardians', `${child._id}_${a.userId}`)).toBeNull();

    const b = await request('外祖父');
    ok(await call(b.openid, 'rejectGuardian', { childId: child._id, userId: b.userId }));
    expect(await getDoc('guardians', `${child._id}_${b.userId}`)).toBeNull();
    // the head teacher's removeGuardian also clears a request without touching anyone's copy
    const c = await request('其他监护人');
    ok(await call(HEAD_A31, 'removeGuardian', { childId: child._id, userId: c.userId }));
    expect(await getDoc('guardians', `${child._id}_${c.userId}`)).toBeNull();
    expect(await getDoc('users', c.userId)).toMatchObject({ children: [], memberships: [] });
  });

  it('concurrent confirm and reject of the same request end consistent', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { userId } = await request(i % 2 ? '父亲' : '母亲');
      const calls = [call(HEAD_A31, 'confirmGuardian', { childId: child._id, userId }), call(guardianOpenid, 'rejectGuardian', { childId: child._id, userId })];
      const [confirmed, rejected] = (await Promise.all(i % 2 ? calls : [...calls].reverse())).map(code);
      const pair = i % 2 ? [confirmed, rejected] : [rejected, confirmed];
      // exactly one decision wins; the other is told which one (a confirmed link, or no request left)
      expect([['GUARDIAN_ALREADY_ACTIVE', 'OK'], ['NOT_FOUND', 'OK']]).toContainEqual([...pair].sort());
      const g = await getDoc<{ status: string }>('guardians', `${child._id}_${userId}`);
      const u = await getDoc<{ children: { childId: string }[]; memberships: { schoolId: string }[] }>('users', userId);
      const m = await getDoc('members', `${A}_${userId}`);
      if (g) {
        outcomes.push('confirmed');
        expect(g.status).toBe('active');
        expect(u!.children.map((c) => c.childId)).toEqual([child._id]);
        expect(m).toMatchObject({ roles: ['parent'] });
      } else {
        outcomes.push('rejected');
        expect(u!.children).toEqual([]);
        expect(u!.memberships).toEqual([]);
        expect(m).toBeNull();
      }
    }
    expect(outcomes).toHaveLength(6);
  });
});

describe('credit class reads check the class belongs to the school (review R4)', () => {
  it("school B's admin cannot read school A's class by pairing it with school B", async () => {
    for (const action of ['classStars', 'classInactive']) {
      expect([action, code(await cloud.call('credit', ADMIN_B, action, { schoolId: B, classId: CLASS }))]).toEqual([action, 'FORBIDDEN']);
    }
    expect(ok(await cloud.call<{ families: unknown[] }>('credit', ADMIN_A, 'classStars', { schoolId: A, classId: CLASS })).families.length).toBeGreaterThan(0);
  });
});
