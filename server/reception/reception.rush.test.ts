/**
 * Rushes through the app's front door (POST /functions/reception with dev sign-in tokens):
 *  - 200 parents at once on 20 slots × 10 places ("任意" receptionist, any time): 200 booked, each
 *    slot exactly full, 0 errors;
 *  - 200 parents at once on 20 one-place slots, 10 per slot: exactly 20 booked, 180 told the slot is
 *    full, nothing else;
 *  - one family, 20 concurrent bookings on 20 different slots of a day: exactly 1;
 *  - a crash between the steps (a pending record, an orphan claim) heals from the records.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import type { Result } from '../../types/common/result';
import type { ReceptionBookingDoc, ReceptionSlotDoc } from '../../types/reception/reception.schema';
import { slotIdFor } from '../../types/reception/reception.rules';
import { healDay, STALE_MS } from './booking.service';
import { CLASS_A71, GRADE_A7, PSY, PRINCIPAL, SCHOOL_A, STAFF_IDS, allOf, childIdOf, code, dateIn, ok, parentOpenid, publishInput, putParents, putReceptionStaff, slotProblems } from './test-fixtures';

jest.setTimeout(180_000);

const N = 200;
let cloud: TestCloud;

async function front<T>(token: string, action: string, input: unknown): Promise<Result<T>> {
  const res = await fetch(`${cloud.url}/functions/reception`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action, input }),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as Result<T>;
}

async function publish(over: Record<string, unknown>): Promise<string> {
  return ok(await cloud.call<{ dayIds: string[] }>('reception', PRINCIPAL, 'publishDays', publishInput(over))).dayIds[0];
}

const topic = { topic: '学习', description: '想了解孩子最近的学习状态' };

beforeAll(async () => {
  cloud = await startTestCloud();
  await putReceptionStaff(cloud.db);
  await putParents(cloud.db, 0, N, { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });
});
afterAll(async () => {
  await cloud?.close();
});

test('200 parents at once on 20 slots × 10 places: all 200 booked, every slot exactly full, 0 errors', async () => {
  // 2 receptionists × 10 slots of 12 minutes × 10 places.
  const dayId = await publish({ title: '接待日（抢约）', rule: { kind: 'dates', dates: [dateIn(5)] }, startTime: '14:00', endTime: '16:00', slotMinutes: 12, placesPerSlot: 10 });
  const tokens = Array.from({ length: N }, (_, i) => cloud.cloud.devToken(parentOpenid(i)));
  const results = await Promise.all(tokens.map((t, i) => front(t, 'book', { dayId, childId: childIdOf(i), staffId: 'any', ...topic })));
  expect(results.filter((r) => !r.ok)).toEqual([]);
  const slots = await allOf<ReceptionSlotDoc>(cloud.db, 'reception_slots', { dayId });
  expect(slots).toHaveLength(20);
  expect(slots.map((s) => s.placesLeft)).toEqual(Array(20).fill(0));
  expect(slots.map((s) => s.holders.length)).toEqual(Array(20).fill(10));
  const bookings = await allOf<ReceptionBookingDoc>(cloud.db, 'reception_bookings', { dayId });
  expect(bookings.filter((b) => b.status === 'booked')).toHaveLength(N);
  expect(await slotProblems(cloud.db, dayId)).toEqual([]);
  // One more family: a clear "no free slot", nothing written on any slot.
  await putParents(cloud.db, N, N + 1, { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });
  const late = await cloud.call('reception', parentOpenid(N), 'book', { dayId, childId: childIdOf(N), staffId: 'any', ...topic });
  expect(code(late)).toBe('RECEPTION_NO_FREE_SLOT');
  expect(await slotProblems(cloud.db, dayId)).toEqual([]);
});

test('200 parents at once on 20 one-place slots (10 want each): exactly 20 booked, 180 told it is full', async () => {
  const dayId = await publish({ title: '接待日（一对一）', rule: { kind: 'dates', dates: [dateIn(6)] }, startTime: '14:00', endTime: '16:00', slotMinutes: 12, placesPerSlot: 1 });
  const slots = await allOf<ReceptionSlotDoc>(cloud.db, 'reception_slots', { dayId });
  expect(slots).toHaveLength(20);
  const tokens = Array.from({ length: N }, (_, i) => cloud.cloud.devToken(parentOpenid(i)));
  const results = await Promise.all(tokens.map((t, i) => front(t, 'book', { dayId, childId: childIdOf(i), slotId: slots[i % 20]._id, ...topic })));
  const codes = results.map((r) => (r.ok ? 'OK' : r.error.code));
  expect(codes.filter((c) => c === 'OK')).toHaveLength(20);
  expect(codes.filter((c) => c === 'RECEPTION_SLOT_FULL')).toHaveLength(180);
  const bookings = await allOf<ReceptionBookingDoc>(cloud.db, 'reception_bookings', { dayId });
  expect(bookings.filter((b) => b.status === 'booked')).toHaveLength(20);
  // The losers either lost the claim (record released) or saw the slot full before writing anything.
  expect(bookings.filter((b) => b.status !== 'booked' && b.status !== 'released')).toEqual([]);
  expect(await slotProblems(cloud.db, dayId)).toEqual([]);
  // A family that lost books the same slot once its place frees.
  const winner = bookings.find((b) => b.status === 'booked')!;
  const wi = Number(winner.familyId.slice(-4));
  const li = results.findIndex((r) => !r.ok);
  expect(code(await cloud.call('reception', parentOpenid(wi), 'cancelBooking', { bookingId: winner._id }))).toBe('OK');
  expect(code(await cloud.call('reception', parentOpenid(li), 'book', { dayId, childId: childIdOf(li), slotId: winner.slotId, ...topic }))).toBe('OK');
  expect(await slotProblems(cloud.db, dayId)).toEqual([]);
});

test('one family, 20 concurrent bookings on 20 slots of a day: exactly 1, the rest told they already booked', async () => {
  const dayId = await publish({ title: '接待日（同一家庭）', rule: { kind: 'dates', dates: [dateIn(7)] }, startTime: '14:00', endTime: '16:00', slotMinutes: 12, placesPerSlot: 3 });
  const slots = await allOf<ReceptionSlotDoc>(cloud.db, 'reception_slots', { dayId });
  const token = cloud.cloud.devToken(parentOpenid(7));
  const results = await Promise.all(slots.map((s) => front(token, 'book', { dayId, childId: childIdOf(7), slotId: s._id, ...topic })));
  const codes = results.map((r) => (r.ok ? 'OK' : r.error.code));
  expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
  expect(codes.filter((c) => c === 'RECEPTION_BOOKING_DUPLICATE')).toHaveLength(19);
  const after = await allOf<ReceptionSlotDoc>(cloud.db, 'reception_slots', { dayId });
  expect(after.reduce((n, s) => n + s.holders.length, 0)).toBe(1);
  expect(await slotProblems(cloud.db, dayId)).toEqual([]);
  // Two guardians of one family at once, twice over: still one booking.
  const again = await Promise.all([0, 1, 2, 3].map(() => front(cloud.cloud.devToken(parentOpenid(8)), 'book', { dayId, childId: childIdOf(8), staffId: 'any', ...topic })));
  expect(again.filter((r) => r.ok)).toHaveLength(1);
  expect(await slotProblems(cloud.db, dayId)).toEqual([]);
});

test('a crash between the steps heals from the records: no place leaks, no double booking', async () => {
  const dayId = await publish({ title: '接待日（恢复）', rule: { kind: 'dates', dates: [dateIn(8)] }, startTime: '14:00', endTime: '15:00', slotMinutes: 30, placesPerSlot: 2, receptionistStaffIds: [STAFF_IDS.psy] });
  const s1 = slotIdFor(dayId, STAFF_IDS.psy, '14:00');
  const s2 = slotIdFor(dayId, STAFF_IDS.psy, '14:30');
  const _ = cloud.db.command;
  const old = new Date(Date.now() - STALE_MS - 5000);
  const base = { dayId, schoolId: SCHOOL_A, staffId: '', start: '', slotStartAt: new Date(), gradeId: GRADE_A7, classId: CLASS_A71, openid: '', topic: '学习', description: '崩溃前写下的预约', createdAt: old, updatedAt: old };
  // (a) crashed after the record: pending, no claim anywhere.
  const a = `${dayId}_${childIdOf(20)}`;
  await cloud.db.collection('reception_bookings').doc(a).set({ data: { ...base, slotId: '', familyId: childIdOf(20), childName: '学生20', userId: 'u20', status: 'pending', gen: 1 } });
  // (b) crashed after the claim: pending with its token on s1.
  const b = `${dayId}_${childIdOf(21)}`;
  await cloud.db.collection('reception_bookings').doc(b).set({ data: { ...base, slotId: '', familyId: childIdOf(21), childName: '学生21', userId: 'u21', status: 'pending', gen: 1 } });
  await cloud.db.collection('reception_slots').doc(s1).update({ data: { placesLeft: _.inc(-1), holders: _.push([`${b}#1`]) } });
  // (c) a cancel whose release was lost: cancelled record, its claim still on s2.
  const c = `${dayId}_${childIdOf(22)}`;
  await cloud.db.collection('reception_bookings').doc(c).set({ data: { ...base, slotId: s2, familyId: childIdOf(22), childName: '学生22', userId: 'u22', status: 'cancelled', gen: 1 } });
  await cloud.db.collection('reception_slots').doc(s2).update({ data: { placesLeft: _.inc(-1), holders: _.push([`${c}#1`]) } });

  // The family of (a) books again at once: its stale record is healed and taken over.
  expect(code(await cloud.call('reception', parentOpenid(20), 'book', { dayId, childId: childIdOf(20), slotId: s1, ...topic }))).toBe('OK');
  // The family of (b) tries again: it already has its booking (healed onto s1).
  expect(code(await cloud.call('reception', parentOpenid(21), 'book', { dayId, childId: childIdOf(21), slotId: s2, ...topic }))).toBe('RECEPTION_BOOKING_DUPLICATE');
  expect((await cloud.db.collection<ReceptionBookingDoc>('reception_bookings').doc(b).get()).data).toMatchObject({ status: 'booked', slotId: s1 });
  // The reconciler gives (c)'s orphan place back.
  expect(await healDay(cloud.db, dayId)).toMatchObject({ released: 1 });
  expect(await slotProblems(cloud.db, dayId)).toEqual([]);
  const slots = await allOf<ReceptionSlotDoc>(cloud.db, 'reception_slots', { dayId });
  expect(slots.map((s) => [s.start, s.placesLeft])).toEqual([['14:00', 0], ['14:30', 2]]);
  void PSY;
});
