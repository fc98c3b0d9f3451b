/**
 * 开放日 / 开放周 on the local cloud: publishing (bad input → a Chinese reason, nothing written),
 * sign-up audience and deadlines, the front-door rush (300 families on 10 activities × 20 places:
 * exactly 200 signed, 100 told it is full, nothing else), one family's 10 concurrent sign-ups → 1,
 * cancel, the staff list and attendance, feedback after the activity.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import type { Result } from '../../types/common/result';
import type { OpenActivityDoc, OpenEventDto, OpenSignupDoc } from '../../types/reception/open-day.schema';
import { ERROR_MESSAGES } from '../../types/common/errors';
import { CLASS_A71, CLASS_A72, GRADE_A7, HEAD, PRINCIPAL, PRINCIPAL_B, PSY, SCHOOL_A, SUBJECT, allOf, childIdOf, code, dateIn, ok, parentOpenid, putParents, putReceptionStaff } from './test-fixtures';

jest.setTimeout(180_000);

const N = 300;
let cloud: TestCloud;

const activity = (k: number, over: Record<string, unknown> = {}) => ({ kind: '参与课堂听课', title: `课堂开放 ${k + 1}`, date: dateIn(4), startTime: '09:00', endTime: '10:00', place: `教学楼${k + 1}01教室`, places: 20, ...over });
const eventInput = (over: Record<string, unknown> = {}) => ({ schoolId: SCHOOL_A, title: '校园开放周', kind: 'week', activities: Array.from({ length: 10 }, (_, k) => activity(k)), ...over });

async function front<T>(token: string, action: string, input: unknown): Promise<Result<T>> {
  const res = await fetch(`${cloud.url}/functions/reception`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ action, input }) });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as Result<T>;
}

async function invariant(activityId: string): Promise<string[]> {
  const a = (await cloud.db.collection<OpenActivityDoc>('open_activities').doc(activityId).get()).data;
  const live = (await allOf<OpenSignupDoc>(cloud.db, 'open_signups', { activityId })).filter((s) => ['pending', 'signed', 'attended'].includes(s.status));
  const p: string[] = [];
  if (a.placesLeft < 0) p.push('placesLeft < 0');
  if (a.placesLeft + a.holders.length !== a.places) p.push(`placesLeft ${a.placesLeft} + holders ${a.holders.length} ≠ ${a.places}`);
  if (live.length !== a.holders.length) p.push(`${live.length} live sign-ups, ${a.holders.length} claims`);
  for (const s of live) if (!a.holders.includes(`${s._id}#${s.gen}`)) p.push(`${s._id} without a claim`);
  return p;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await putReceptionStaff(cloud.db);
  await putParents(cloud.db, 0, N, (i) => ({ schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: i % 2 ? CLASS_A72 : CLASS_A71 }));
  await cloud.db.collection('grades').doc(GRADE_A7).set({ data: { schoolId: SCHOOL_A, name: '七年级', order: 7 } });
  await Promise.all([CLASS_A71, CLASS_A72].map((c, k) => cloud.db.collection('classes').doc(c).set({ data: { schoolId: SCHOOL_A, gradeId: GRADE_A7, name: `${k + 1}班`, order: k + 1 } })));
});
afterAll(async () => {
  await cloud?.close();
});

test.each<[string, string, Record<string, unknown>, string]>([
  ['a 班主任', HEAD, {}, 'FORBIDDEN'],
  ['another school’s principal', PRINCIPAL_B, {}, 'FORBIDDEN'],
  ['a 开放日 over two days', PRINCIPAL, { kind: 'day', activities: [activity(0), activity(1, { date: dateIn(5) })] }, 'OPEN_DAY_INVALID'],
  ['an activity ending before it starts', PRINCIPAL, { activities: [activity(0, { endTime: '08:00' })] }, 'OPEN_DAY_INVALID'],
  ['an activity in the past', PRINCIPAL, { activities: [activity(0, { date: dateIn(-1) })] }, 'OPEN_DAY_INVALID'],
  ['another school’s class as audience', PRINCIPAL, { activities: [activity(0, { classIds: ['cx-class-b7-1'] })] }, 'FORBIDDEN'],
  ['no activity', PRINCIPAL, { activities: [] }, 'VALIDATION_FAILED'],
  ['an unknown kind', PRINCIPAL, { activities: [activity(0, { kind: '随便看看' })] }, 'VALIDATION_FAILED'],
])('publishing refused for %s: a Chinese message, nothing written', async (_n, who, over, want) => {
  const before = [(await cloud.db.collection('open_events').count()).total, (await cloud.db.collection('open_activities').count()).total];
  const r = await cloud.call('reception', who, 'publishOpenEvent', eventInput(over));
  expect(code(r)).toBe(want);
  // A validation failure names the field and its limit (failureText); other refusals read the code's sentence.
  if (!r.ok && r.error.code !== 'VALIDATION_FAILED') expect(r.error.message).toBe(ERROR_MESSAGES[r.error.code]);
  if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
  expect([(await cloud.db.collection('open_events').count()).total, (await cloud.db.collection('open_activities').count()).total]).toEqual(before);
});

test('300 families at once on 10 activities × 20 places: exactly 200 signed, 100 told it is full, 0 errors', async () => {
  const { eventId } = ok(await cloud.call<{ eventId: string }>('reception', PRINCIPAL, 'publishOpenEvent', eventInput()));
  const acts = await allOf<OpenActivityDoc>(cloud.db, 'open_activities', { eventId });
  expect(acts).toHaveLength(10);
  const results = await Promise.all(Array.from({ length: N }, (_, i) => front(cloud.cloud.devToken(parentOpenid(i)), 'signUp', { activityId: acts[i % 10]._id, childId: childIdOf(i) })));
  const codes = results.map((r) => (r.ok ? 'OK' : r.error.code));
  expect(codes.filter((c) => c === 'OK')).toHaveLength(200);
  expect(codes.filter((c) => c === 'OPEN_DAY_FULL')).toHaveLength(100);
  for (const a of acts) expect(await invariant(a._id)).toEqual([]);
  const after = await allOf<OpenActivityDoc>(cloud.db, 'open_activities', { eventId });
  expect(after.map((a) => a.placesLeft)).toEqual(Array(10).fill(0));
});

test('one family, 10 concurrent sign-ups for one activity → 1; cancel frees the place; audience and the staff list', async () => {
  const { eventId } = ok(await cloud.call<{ eventId: string }>('reception', PRINCIPAL, 'publishOpenEvent', eventInput({ title: '开放日', kind: 'day', activities: [activity(0, { title: '家校共育交流会', kind: '家校共育交流', places: 5 }), activity(1, { title: '2班课堂开放', classIds: [CLASS_A72] })] })));
  const [a1, a2] = await allOf<OpenActivityDoc>(cloud.db, 'open_activities', { eventId });
  const t = cloud.cloud.devToken(parentOpenid(0));
  const many = await Promise.all(Array.from({ length: 10 }, () => front(t, 'signUp', { activityId: a1._id, childId: childIdOf(0) })));
  expect(many.filter((r) => r.ok)).toHaveLength(1);
  expect(many.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(Array(9).fill('OPEN_DAY_DUPLICATE'));
  expect(await invariant(a1._id)).toEqual([]);
  // Class 2's activity is not for class 1's family (parent 0), and it is not listed to them.
  expect(code(await cloud.call('reception', parentOpenid(0), 'signUp', { activityId: a2._id, childId: childIdOf(0) }))).toBe('OPEN_DAY_NOT_FOR_YOU');
  const list = ok(await cloud.call<{ items: OpenEventDto[] }>('reception', parentOpenid(0), 'listOpenEvents', { childId: childIdOf(0) }));
  const mine = list.items.find((e) => e.eventId === eventId)!;
  expect(mine.activities.map((a) => a.title)).toEqual(['家校共育交流会']);
  expect(mine.activities[0].mySignup).toMatchObject({ status: 'signed', canCancel: true, canFeedback: false });
  // Staff see the list with names and classes; parents and other schools do not.
  const rows = ok(await cloud.call<{ items: { childName: string; className: string }[] }>('reception', SUBJECT, 'activitySignups', { activityId: a1._id }));
  expect(rows.items).toEqual([expect.objectContaining({ childName: '学生0', className: '七年级1班' })]);
  expect(code(await cloud.call('reception', parentOpenid(1), 'activitySignups', { activityId: a1._id }))).toBe('FORBIDDEN');
  expect(code(await cloud.call('reception', PRINCIPAL_B, 'activitySignups', { activityId: a1._id }))).toBe('FORBIDDEN');
  // Cancel and sign up again.
  const signupId = mine.activities[0].mySignup!.signupId;
  expect(code(await cloud.call('reception', parentOpenid(1), 'cancelSignup', { signupId }))).toBe('OPEN_DAY_SIGNUP_NOT_FOUND');
  expect(code(await cloud.call('reception', parentOpenid(0), 'cancelSignup', { signupId }))).toBe('OK');
  expect(code(await cloud.call('reception', parentOpenid(0), 'signUp', { activityId: a1._id, childId: childIdOf(0) }))).toBe('OK');
  expect(await invariant(a1._id)).toEqual([]);
  // Attendance at the desk (not before the check-in window), then feedback once the activity is over.
  expect(code(await cloud.call('reception', PSY, 'markSignup', { signupId, status: 'attended' }))).toBe('OPEN_DAY_CHECKIN_NOT_STARTED');
  await cloud.db.collection('open_activities').doc(a1._id).update({ data: { startAt: new Date(Date.now() - 5 * 60_000) } });
  expect(code(await cloud.call('reception', PSY, 'markSignup', { signupId, status: 'attended' }))).toBe('OK');
  expect(code(await cloud.call('reception', parentOpenid(0), 'openDayFeedback', { signupId, rating: 5, text: '很有收获' }))).toBe('OPEN_DAY_TOO_EARLY');
  await cloud.db.collection('open_activities').doc(a1._id).update({ data: { endAt: new Date(Date.now() - 60_000) } });
  expect(code(await cloud.call('reception', parentOpenid(0), 'openDayFeedback', { signupId, rating: 0 }))).toBe('VALIDATION_FAILED');
  expect(code(await cloud.call('reception', parentOpenid(0), 'openDayFeedback', { signupId, rating: 5, text: '很有收获' }))).toBe('OK');
  expect(code(await cloud.call('reception', parentOpenid(0), 'openDayFeedback', { signupId, rating: 4 }))).toBe('OPEN_DAY_STATE_INVALID');
  const s = (await cloud.db.collection<OpenSignupDoc>('open_signups').doc(signupId).get()).data;
  expect(s).toMatchObject({ status: 'attended', feedback: { rating: 5, text: '很有收获' } });
});

test('the reception cron gives back orphan claims the families never retry: a stale one without a record, not a fresh one nor a live sign-up', async () => {
  const { eventId } = ok(await cloud.call<{ eventId: string }>('reception', PRINCIPAL, 'publishOpenEvent', eventInput({ title: '定时清理', kind: 'day', activities: [activity(0, { places: 4 })] })));
  const [a] = await allOf<OpenActivityDoc>(cloud.db, 'open_activities', { eventId });
  // A real sign-up whose claim is two minutes old: live, kept.
  ok(await cloud.call('reception', parentOpenid(7), 'signUp', { activityId: a._id, childId: childIdOf(7) }));
  const signed = (await cloud.db.collection<OpenActivityDoc>('open_activities').doc(a._id).get()).data;
  const liveId = `${a._id}_${childIdOf(7)}`;
  const oldGen = Date.now() - 120_000;
  await cloud.db.collection('open_signups').doc(liveId).update({ data: { gen: oldGen } });
  const orphanId = `${a._id}_${childIdOf(8)}`;
  const freshId = `${a._id}_${childIdOf(9)}`;
  await cloud.db.collection('open_activities').doc(a._id).update({
    data: {
      placesLeft: signed.placesLeft - 2,
      holders: [`${liveId}#${oldGen}`, `${orphanId}#${Date.now() - 120_000}`, `${freshId}#${Date.now() - 10_000}`],
      holderKeys: [liveId, orphanId, freshId],
    },
  });
  const fired = (await cloud.fireTimer('reception-cron', 'receptionHourly')) as { ok: boolean; data: { openDayReleased: number } };
  expect(fired).toMatchObject({ ok: true, data: { openDayReleased: 1 } });
  const after = (await cloud.db.collection<OpenActivityDoc>('open_activities').doc(a._id).get()).data;
  expect([after.placesLeft, after.holderKeys]).toEqual([2, [liveId, freshId]]);
  expect(after.placesLeft + after.holders.length).toBe(4);
  // Again: nothing more to give back (idempotent).
  expect(await cloud.fireTimer('reception-cron', 'receptionHourly')).toMatchObject({ ok: true, data: { openDayReleased: 0 } });
});

test('a claim left without its record (a crash between claim and write) is given back by the family’s next sign-up once stale; a fresh one is a duplicate', async () => {
  const { eventId } = ok(await cloud.call<{ eventId: string }>('reception', PRINCIPAL, 'publishOpenEvent', eventInput({ title: '崩溃恢复', kind: 'day', activities: [activity(0, { places: 3 })] })));
  const [a] = await allOf<OpenActivityDoc>(cloud.db, 'open_activities', { eventId });
  const id = `${a._id}_${childIdOf(5)}`;
  const _ = cloud.db.command;
  // A claim 10 s old, its record never written: another tap may still be writing it.
  await cloud.db.collection('open_activities').doc(a._id).update({ data: { placesLeft: _.inc(-1), holders: _.push([`${id}#${Date.now() - 10_000}`]), holderKeys: _.push([id]) } });
  expect(code(await cloud.call('reception', parentOpenid(5), 'signUp', { activityId: a._id, childId: childIdOf(5) }))).toBe('OPEN_DAY_DUPLICATE');
  // Two minutes old: an orphan, given back, and the family is signed up with a new claim.
  await cloud.db.collection('open_activities').doc(a._id).update({ data: { holders: [`${id}#${Date.now() - 120_000}`] } });
  expect(code(await cloud.call('reception', parentOpenid(5), 'signUp', { activityId: a._id, childId: childIdOf(5) }))).toBe('OK');
  expect(await invariant(a._id)).toEqual([]);
  const after = (await cloud.db.collection<OpenActivityDoc>('open_activities').doc(a._id).get()).data;
  expect([after.placesLeft, after.holderKeys]).toEqual([2, [id]]);
});
