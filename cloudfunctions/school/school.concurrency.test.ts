/**
 * Every write path of the `school` function under concurrency, on the local cloud's database
 * semantics (snapshot isolation, the second writer of a document conflicts): many calls at once,
 * each test asserting its invariant and that no caller got an error it could not act on
 * (CONFLICT / INTERNAL). Real function bundles, real wx-server-sdk, the demo seed.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { A, ADMIN_A, HEAD_A31, code, consentingUser, ok } from '../../test/helpers/school-function';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import { userIdFor } from '../../server/access/actor';
import type { Result } from '../../types/common/result';
import type { JoinCodeDto, Profile } from '../../types/school/school.schema';
import { JOIN_CODE_MAX_FAILURES, PRIVACY_VERSION } from '../../types/school/school.rules';

jest.setTimeout(120_000);

const CLASS = SCHOOL_SEED.classA31;
const CODE = SCHOOL_SEED.joinCodeA31;

let cloud: TestCloud;
let seq = 0;
const call = <T = unknown>(openid: string, action: string, input?: unknown) => cloud.call<T>('school', openid, action, input);
const getDoc = async <T = Record<string, unknown>>(coll: string, id: string) => ((await cloud.db.collection(coll).where({ _id: id }).limit(1).get()).data[0] as T | undefined) ?? null;
const all = async <T = Record<string, unknown>>(coll: string, where: Record<string, unknown>) => (await cloud.db.collection(coll).where(where).limit(1000).get()).data as T[];
const parents = (n: number, tag: string) => Promise.all(Array.from({ length: n }, () => consentingUser(cloud, `cc-${tag}-${++seq}`)));
/** A child name nobody has used (names are letters or Chinese only). */
const freshName = () => `并发${String.fromCharCode(65 + (seq % 26))}${String.fromCharCode(65 + (Math.floor(seq / 26) % 26))}${String.fromCharCode(65 + (++seq % 26))}`;
/** Codes no caller may ever see from a correct request under load. */
const UNEXPECTED = ['CONFLICT', 'INTERNAL', 'FUNCTION_TIMEOUT'];
const unexpected = (rs: Result<unknown>[]) => rs.map(code).filter((c) => UNEXPECTED.includes(c));

interface ChildDoc { _id: string; guardianCount: number }
interface GuardianDoc { _id: string; userId: string; childId: string; status: string }
interface UserDoc { children: { childId: string }[]; memberships: { schoolId: string; roles: string[] }[] }

/** The child's count equals its active guardians; each active guardian has the child and the parent role on their copy; pending ones have nothing. */
async function childConsistent(childId: string): Promise<{ active: string[]; pending: string[] }> {
  const child = await getDoc<ChildDoc>('children', childId);
  const gs = await all<GuardianDoc>('guardians', { childId });
  const active = gs.filter((g) => g.status !== 'pending').map((g) => g.userId);
  const pending = gs.filter((g) => g.status === 'pending').map((g) => g.userId);
  if (!child) {
    expect(gs).toEqual([]);
    return { active, pending };
  }
  expect(child.guardianCount).toBe(active.length);
  for (const userId of active) {
    const u = await getDoc<UserDoc>('users', userId);
    expect(u!.children.map((c) => c.childId)).toContain(childId);
    expect(await getDoc('members', `${A}_${userId}`)).toMatchObject({ roles: expect.arrayContaining(['parent']) });
  }
  for (const userId of pending) expect((await getDoc<UserDoc>('users', userId))!.children.map((c) => c.childId)).not.toContain(childId);
  return { active, pending };
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
});
afterAll(() => cloud.close());

describe('first open and consent', () => {
  it('one user opening the app ten times at once gets one user document; consenting five times at once is consented', async () => {
    const openid = `cc-open-${++seq}`;
    const opened = await Promise.all(Array.from({ length: 10 }, () => call<Profile>(openid, 'ensureUser', {})));
    expect(opened.map(code)).toEqual(Array(10).fill('OK'));
    expect(new Set(opened.map((r) => ok(r).userId)).size).toBe(1);
    expect((await all('users', { openid })).length).toBe(1);
    const consented = await Promise.all(Array.from({ length: 5 }, () => call<Profile>(openid, 'acceptConsent', { version: PRIVACY_VERSION, guardianConsent: true })));
    expect(consented.map(code)).toEqual(Array(5).fill('OK'));
    expect(ok(await call<Profile>(openid, 'me', {})).needsConsent).toBe(false);
  });
});

describe('binding with the class code', () => {
  it('40 parents binding 40 children at once: every bind succeeds, each child has its one guardian', async () => {
    const ps = await parents(40, 'many');
    const names = ps.map(() => freshName());
    const rs = await Promise.all(ps.map((p, i) => call<Profile>(p, 'bindChild', { code: CODE, childName: names[i], relation: '母亲' })));
    expect(rs.map(code)).toEqual(Array(40).fill('OK'));
    for (const r of rs) {
      const p = ok(r);
      expect(p.children).toHaveLength(1);
      const { active, pending } = await childConsistent(p.children[0].childId);
      expect(active).toEqual([p.userId]);
      expect(pending).toEqual([]);
    }
  });

  it('16 parents binding ONE new child at once: exactly one binds, the other 15 are pending requests, no errors', async () => {
    const ps = await parents(16, 'one');
    const name = freshName();
    const rs = await Promise.all(ps.map((p, i) => call<Profile>(p, 'bindChild', { code: CODE, childName: name, relation: i % 2 ? '父亲' : '母亲' })));
    expect(unexpected(rs)).toEqual([]);
    expect(rs.map(code)).toEqual(Array(16).fill('OK'));
    const bound = rs.map(ok).filter((p) => p.children.length === 1);
    expect(bound).toHaveLength(1);
    expect(rs.map(ok).filter((p) => (p.pendingChildren ?? []).length === 1)).toHaveLength(15);
    const { active, pending } = await childConsistent(bound[0].children[0].childId);
    expect(active).toEqual([bound[0].userId]);
    expect(pending).toHaveLength(15);
  });

  it('the same parent binding the same child from two phones at once: one link, the other told it exists', async () => {
    const [p] = await parents(1, 'twice');
    const name = freshName();
    const rs = await Promise.all([0, 1, 2].map(() => call<Profile>(p, 'bindChild', { code: CODE, childName: name, relation: '母亲' })));
    expect(rs.map(code).sort()).toEqual(['GUARDIAN_DUPLICATE', 'GUARDIAN_DUPLICATE', 'OK']);
    const childId = ok(await call<Profile>(p, 'me', {})).children[0].childId;
    expect((await childConsistent(childId)).active).toEqual([userIdFor(p)]);
  });
});

describe('deciding guardian requests', () => {
  async function pendingChild(requests: number) {
    const [first, ...others] = await parents(requests + 1, 'decide');
    const name = freshName();
    const childId = ok(await call<Profile>(first, 'bindChild', { code: CODE, childName: name, relation: '母亲' })).children[0].childId;
    for (const o of others) expect(ok(await call<Profile>(o, 'bindChild', { code: CODE, childName: name, relation: '父亲' })).pendingChildren ?? []).toHaveLength(1);
    return { first, others: others.map(userIdFor), childId };
  }

  it('eight requests of one child confirmed at once by the teacher, the admin and the first guardian: all active, count 9', async () => {
    const { first, others, childId } = await pendingChild(8);
    const deciders = [HEAD_A31, ADMIN_A, first];
    const rs = await Promise.all(others.map((userId, i) => call(deciders[i % 3], 'confirmGuardian', { childId, userId })));
    expect(rs.map(code)).toEqual(Array(8).fill('OK'));
    const { active, pending } = await childConsistent(childId);
    expect(active).toHaveLength(9);
    expect(pending).toEqual([]);
  });

  it('confirm and reject of the same request racing, three deciders each: one decision stands, the count follows it', async () => {
    const { first, others, childId } = await pendingChild(6);
    for (const userId of others) {
      const rs = await Promise.all([
        call(HEAD_A31, 'confirmGuardian', { childId, userId }),
        call(first, 'rejectGuardian', { childId, userId }),
        call(ADMIN_A, 'confirmGuardian', { childId, userId }),
        call(HEAD_A31, 'rejectGuardian', { childId, userId }),
      ]);
      expect(unexpected(rs)).toEqual([]);
      const g = await getDoc<GuardianDoc>('guardians', `${childId}_${userId}`);
      const codes = rs.map(code);
      if (g) {
        // confirmed: both confirms answer ok, the rejects are told it was confirmed
        expect(g.status).toBe('active');
        expect(codes[0]).toBe('OK');
        expect(codes[2]).toBe('OK');
        for (const c of [codes[1], codes[3]]) expect(['GUARDIAN_ALREADY_ACTIVE', 'OK']).toContain(c);
      } else {
        // rejected: the rejects answer ok, a confirm finds no request
        expect(codes[1]).toBe('OK');
        expect(codes[3]).toBe('OK');
        for (const c of [codes[0], codes[2]]) expect(['NOT_FOUND', 'OK']).toContain(c);
      }
    }
    await childConsistent(childId);
  });

  it('removing guardians of one child at once keeps the count equal to the records', async () => {
    const { first, others, childId } = await pendingChild(5);
    for (const userId of others) ok(await call(HEAD_A31, 'confirmGuardian', { childId, userId }));
    const rs = await Promise.all(others.slice(0, 4).map((userId) => call(HEAD_A31, 'removeGuardian', { childId, userId })));
    expect(rs.map(code)).toEqual(Array(4).fill('OK'));
    const { active } = await childConsistent(childId);
    expect(active.sort()).toEqual([userIdFor(first), others[4]].sort());
  });
});

describe('join codes and staff invites', () => {
  it('four codes created at once are four different codes; ten revokes at once agree on one revocation time', async () => {
    const rs = await Promise.all(Array.from({ length: 4 }, () => call<JoinCodeDto>(HEAD_A31, 'createJoinCode', { classId: CLASS, validDays: 7 })));
    // (each creation also draws its mini-program code: the local cloud renders a real image, slow under load)
    expect(rs.map(code)).toEqual(Array(4).fill('OK'));
    const codes = rs.map((r) => ok(r).code);
    expect(new Set(codes).size).toBe(4);
    const revokes = await Promise.all(Array.from({ length: 10 }, () => call<JoinCodeDto>(HEAD_A31, 'revokeJoinCode', { code: codes[0] })));
    expect(revokes.map(code)).toEqual(Array(10).fill('OK'));
    const stored = await getDoc<{ revokedAt: Date }>('join_codes', codes[0]);
    expect(new Set(revokes.map((r) => ok(r).revokedAt))).toEqual(new Set([new Date(stored!.revokedAt).toISOString()]));
  });

  it('binds racing the revocation of their code: each bind either binds or is told the code was revoked', async () => {
    const jc = ok(await call<JoinCodeDto>(HEAD_A31, 'createJoinCode', { classId: CLASS, validDays: 7 }));
    const ps = await parents(12, 'revoke');
    const binds = ps.map((p) => call<Profile>(p, 'bindChild', { code: jc.code, childName: freshName(), relation: '母亲' }));
    const revoke = call(HEAD_A31, 'revokeJoinCode', { code: jc.code });
    const rs = await Promise.all(binds);
    expect(code(await revoke)).toBe('OK');
    for (const r of rs) expect(['OK', 'JOIN_CODE_REVOKED']).toContain(code(r));
    for (const r of rs.filter((x) => x.ok)) await childConsistent(ok(r).children[0].childId);
  });

  it(`right codes at once never count; a user's ${3 * JOIN_CODE_MAX_FAILURES} wrong codes at once: exactly ${JOIN_CODE_MAX_FAILURES} judged wrong, the rest refused`, async () => {
    const [p] = await parents(1, 'guess');
    // eight right codes at once: none of them counts
    expect((await Promise.all(Array.from({ length: 8 }, () => call(p, 'previewJoinCode', { code: CODE })))).map(code)).toEqual(Array(8).fill('OK'));
    expect(await getDoc('join_attempts', userIdFor(p))).toMatchObject({ count: 0 });
    const wrong = Array.from({ length: 3 * JOIN_CODE_MAX_FAILURES }, (_, i) => call(p, 'bindChild', { code: `ZZZ${String.fromCharCode(65 + (i % 20))}${String.fromCharCode(65 + Math.floor(i / 20))}Z`, childName: '猜码孩子', relation: '父亲' }));
    const codes = (await Promise.all(wrong)).map(code);
    expect(codes.filter((c) => c === 'JOIN_CODE_INVALID')).toHaveLength(JOIN_CODE_MAX_FAILURES);
    expect(codes.filter((c) => c === 'JOIN_CODE_TOO_MANY_ATTEMPTS')).toHaveLength(2 * JOIN_CODE_MAX_FAILURES);
    expect(await getDoc('join_attempts', userIdFor(p))).toMatchObject({ count: JOIN_CODE_MAX_FAILURES });
    // blocked now, even with the right code
    expect(code(await call(p, 'previewJoinCode', { code: CODE }))).toBe('JOIN_CODE_TOO_MANY_ATTEMPTS');
  });

  it('a one-use staff invite opened by six people at once: one is linked, the others are told it is spent', async () => {
    const staffId = (await all<{ _id: string; userId: string | null }>('staff', { schoolId: A })).find((s) => !s.userId)!._id;
    const invite = ok(await call<JoinCodeDto>(ADMIN_A, 'createStaffInvite', { staffId, validDays: 3 }));
    const people = await parents(6, 'staff');
    const rs = await Promise.all(people.map((p) => call<Profile>(p, 'joinAsStaff', { code: invite.code })));
    expect(rs.map(code).sort()).toEqual(['JOIN_CODE_REVOKED', 'JOIN_CODE_REVOKED', 'JOIN_CODE_REVOKED', 'JOIN_CODE_REVOKED', 'JOIN_CODE_REVOKED', 'OK']);
    const winner = people[rs.findIndex((r) => r.ok)];
    expect(await getDoc('staff', staffId)).toMatchObject({ userId: userIdFor(winner) });
    expect(await getDoc('members', `${A}_${userIdFor(winner)}`)).toMatchObject({ roles: ['teacher'], staffId });
    for (const p of people.filter((x) => x !== winner)) expect(await getDoc('members', `${A}_${userIdFor(p)}`)).toBeNull();
    // the winner opening it again (a second tap) is fine
    expect(code(await call(winner, 'joinAsStaff', { code: invite.code }))).toBe('OK');
  });
});

describe("a family's deletion racing binds of its child", () => {
  it('the school-cron purge and other parents binding the same child at once end consistent, without errors', async () => {
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      const [leaving, ...others] = await parents(4, 'purge');
      const name = freshName();
      const childId = ok(await call<Profile>(leaving, 'bindChild', { code: CODE, childName: name, relation: '母亲' })).children[0].childId;
      // one request waiting since before the withdrawal
      ok(await call(others[0], 'bindChild', { code: CODE, childName: name, relation: '父亲' }));
      ok(await call(leaving, 'withdrawConsent', {}));
      await cloud.db.collection('deletion_jobs').doc(userIdFor(leaving)).update({ data: { dueAt: new Date(Date.now() - 1000) } });
      const purge = cloud.fireTimer('school-cron', 'purgeWithdrawnConsent') as Promise<Result<{ processed: number }>>;
      const binds = others.slice(1).map((p, i) => new Promise((r) => setTimeout(r, i * 15 * round)).then(() => call<Profile>(p, 'bindChild', { code: CODE, childName: name, relation: '父亲' })));
      const [purged, ...rs] = await Promise.all([purge, ...binds]);
      expect(ok(purged).processed).toBe(1);
      expect(rs.map(code)).toEqual(['OK', 'OK']);
      expect(await getDoc('users', userIdFor(leaving))).toBeNull();
      const { active, pending } = await childConsistent(childId);
      expect(active).not.toContain(userIdFor(leaving));
      expect(pending).not.toContain(userIdFor(leaving));
      // no request is left for a child that is gone, and a child that stays has a guardian
      if (!(await getDoc('children', childId))) expect([...active, ...pending]).toEqual([]);
      else expect(active.length).toBeGreaterThan(0);
    }
  });
});
