/**
 * A parent whose guardian request was rejected is told (issue 15, item 4): their profile lists the
 * rejection (child, class, relation, when) until they ask again or become a guardian; withdrawing
 * one's own request is not a rejection; a withdrawn consent deletes it. Real functions, local cloud.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { HEAD_A31, consentingUser, ok } from '../../test/helpers/school-function';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import type { Profile } from '../../types/school/school.schema';
import type { Result } from '../../types/common/result';

jest.setTimeout(90_000);
let cloud: TestCloud;
let child: { _id: string; name: string };
let seq = 0;
const call = <T = unknown>(openid: string, action: string, input?: unknown) => cloud.call<T>('school', openid, action, input);
const count = async (coll: string, where: Record<string, unknown>) => (await cloud.db.collection(coll).where(where).count()).total;

async function request(relation = '父亲') {
  const openid = await consentingUser(cloud, `rejected-user-${++seq}`);
  const p = ok(await call<Profile>(openid, 'bindChild', { code: SCHOOL_SEED.joinCodeA31, childName: child.name, relation }));
  return { openid, userId: p.userId };
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  child = (await cloud.db.collection('children').where({ classId: SCHOOL_SEED.classA31 }).limit(1).get()).data[0] as { _id: string; name: string };
});
afterAll(() => cloud.close());

it('the head teacher rejects: the parent reads which child, class, relation and when', async () => {
  const { openid, userId } = await request('父亲');
  ok(await call(HEAD_A31, 'rejectGuardian', { childId: child._id, userId }));
  const p = ok(await call<Profile>(openid, 'me', {}));
  expect(p.pendingChildren).toEqual([]);
  expect(p.rejectedRequests).toEqual([expect.objectContaining({ childId: child._id, childName: child.name, className: '三年级1班', relation: '父亲' })]);
  expect(Date.now() - new Date(p.rejectedRequests![0].rejectedAt).getTime()).toBeLessThan(60_000);
  // Asking again: the rejection is no longer shown (the new request is).
  ok(await call(openid, 'bindChild', { code: SCHOOL_SEED.joinCodeA31, childName: child.name, relation: '父亲' }));
  const again = ok(await call<Profile>(openid, 'me', {}));
  expect(again.rejectedRequests).toEqual([]);
  expect(again.pendingChildren).toHaveLength(1);
});

it('withdrawing one’s own request is not a rejection', async () => {
  const { openid, userId } = await request('母亲');
  ok(await call(openid, 'rejectGuardian', { childId: child._id, userId }));
  expect(ok(await call<Profile>(openid, 'me', {})).rejectedRequests).toEqual([]);
});

it('10 concurrent rejections of one request: all answer ok (a rejection is idempotent), one record', async () => {
  const { openid, userId } = await request('祖父');
  const rs = await Promise.all(Array.from({ length: 10 }, () => call(HEAD_A31, 'rejectGuardian', { childId: child._id, userId })));
  expect(rs.filter((r) => !r.ok)).toEqual([]);
  expect(await count('guardian_rejections', { userId })).toBe(1);
  expect(ok(await call<Profile>(openid, 'me', {})).rejectedRequests).toHaveLength(1);
});

it('a withdrawn consent deletes the rejection record', async () => {
  const { openid, userId } = await request('外祖母');
  ok(await call(HEAD_A31, 'rejectGuardian', { childId: child._id, userId }));
  expect(await count('guardian_rejections', { userId })).toBe(1);
  ok(await call(openid, 'withdrawConsent', {}));
  await cloud.db.collection('deletion_jobs').doc(userId).update({ data: { dueAt: new Date(Date.now() - 1000) } });
  ok((await cloud.fireTimer('school-cron', 'purgeWithdrawnConsent')) as Result<unknown>);
  expect(await count('guardian_rejections', { userId })).toBe(0);
});
