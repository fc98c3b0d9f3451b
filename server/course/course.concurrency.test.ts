/**
 * Enrolment under concurrency, through the real wx-server-sdk on the local cloud (its transaction
 * semantics: snapshot isolation, immediate write conflicts): concurrent cancels promote exactly in
 * arrival order; one family enrolling many times at once gets one record; a mix of enrolments,
 * cancellations, removals and capacity changes keeps counters = records and seats held = seats
 * enrolled with zero unexpected errors; crashes between two steps are healed.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import type { Result } from '../../types/common/result';
import type { CourseDoc, CourseMutationOutput, EnrollOutput, EnrollmentDoc } from '../../types/course/course.schema';
import { healCourse, recountCounters } from './enroll.service';
import { FREE, SEATS, seatId } from './seats';
import { CLASS_A71, GRADE_A7, SCHOOL_A, TEACHER_A, allEnrollments, childIdOf, courseInput, invariantProblems, parentOpenid, putParents, putSecondGuardian, putStaff } from './test-fixtures';

jest.setTimeout(120_000);

let cloud: TestCloud;
const N = 200;
const A7 = { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 };

beforeAll(async () => {
  cloud = await startTestCloud();
  await putStaff(cloud.db);
  await putParents(cloud.db, 0, N, A7);
});
afterAll(() => cloud?.close());

const call = <T>(openid: string, action: string, input?: unknown) => cloud.call<T>('course', openid, action, input);
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const deps = () => ({ db: cloud.db, cloud: cloud.sdk as never });
const course = async (id: string) => (await cloud.db.collection<CourseDoc>('courses').doc(id).get()).data;
const bySeq = (a: EnrollmentDoc, b: EnrollmentDoc) => a.seq - b.seq || (a._id < b._id ? -1 : 1);

async function published(over: Record<string, unknown>): Promise<string> {
  const r = await call<CourseMutationOutput>(TEACHER_A, 'create', courseInput(over));
  if (!r.ok) throw new Error(r.error.code);
  const id = r.data.course.courseId;
  expect(code(await call(TEACHER_A, 'publish', { courseId: id }))).toBe('ok');
  return id;
}

const enrol = (i: number, courseId: string, seats = 1) => call<EnrollOutput>(parentOpenid(i), 'enroll', { courseId, childId: childIdOf(i), seats });

it('concurrent cancels promote exactly the first in line, in arrival order', async () => {
  const id = await published({ capacity: 20, seatsPerFamily: 1 });
  const first = await Promise.all(Array.from({ length: 60 }, (_, i) => enrol(i, id)));
  expect(first.map(code).filter((c) => c !== 'ok')).toEqual([]);
  const before = (await allEnrollments(cloud.db, id)).sort(bySeq);
  expect(before.slice(0, 20).every((e) => e.status === 'enrolled')).toBe(true);
  const leaving = before.slice(0, 15).map((e) => Number(e.familyId.slice(-4)));
  const cancels = await Promise.all(leaving.map((i) => call<{ promoted: number }>(parentOpenid(i), 'cancelEnrollment', { courseId: id, childId: childIdOf(i) })));
  expect(cancels.map(code).filter((c) => c !== 'ok')).toEqual([]);
  expect(cancels.reduce((s, r) => s + (r.ok ? r.data.promoted : 0), 0)).toBe(15);
  const after = new Map((await allEnrollments(cloud.db, id)).map((e) => [e._id, e]));
  expect(before.slice(20, 35).map((e) => after.get(e._id)!.status)).toEqual(Array(15).fill('enrolled'));
  expect(before.slice(35).every((e) => after.get(e._id)!.status === 'waitlisted')).toBe(true);
  expect(await course(id)).toMatchObject({ enrolledSeats: 20, enrolledFamilies: 20, waitlistFamilies: 25 });
  expect(await invariantProblems(cloud.db, id)).toEqual([]);
  // every promoted family got exactly one notice
  expect((await cloud.db.collection('notice_inbox').where({ courseId: id, kind: 'course.promoted' }).count()).total).toBe(15);
});

it('one family enrolling 20 times at once (two guardians, two seats, course full) gets one record', async () => {
  const id = await published({ capacity: 3, seatsPerFamily: 2 });
  expect((await Promise.all([enrol(100, id, 2), enrol(101, id, 1)])).map(code)).toEqual(['ok', 'ok']);
  await putSecondGuardian(cloud.db, 'cx-partner-0102', 102, A7);
  const results = await Promise.all(Array.from({ length: 20 }, (_, k) => call<EnrollOutput>(k % 2 ? 'cx-partner-0102' : parentOpenid(102), 'enroll', { courseId: id, childId: childIdOf(102), seats: 2 })));
  const codes = results.map((r) => (r.ok ? r.data.status : r.error.code));
  expect(codes.filter((c) => c === 'waitlisted')).toHaveLength(1);
  expect(codes.filter((c) => c === 'ENROLLMENT_DUPLICATE')).toHaveLength(19);
  expect(await course(id)).toMatchObject({ enrolledSeats: 3, enrolledFamilies: 2, waitlistFamilies: 1 });
  expect(await invariantProblems(cloud.db, id)).toEqual([]);
});

it('enrolments, cancellations, removals and capacity changes at once keep counters = records and seats = enrolled', async () => {
  const id = await published({ capacity: 30, seatsPerFamily: 2 });
  const seatsOf = (i: number) => (i % 3 === 0 ? 2 : 1);
  // arrange 80 families, 20 at a time (the concurrency under test is the mix below)
  const first: Result<EnrollOutput>[] = [];
  for (let k = 0; k < 80; k += 20) first.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => enrol(k + j, id, seatsOf(k + j))))));
  expect(first.map(code).filter((c) => c !== 'ok')).toEqual([]);
  expect(await invariantProblems(cloud.db, id)).toEqual([]);
  const mid = (await allEnrollments(cloud.db, id)).sort(bySeq);
  const enrolledIdx = mid.filter((e) => e.status === 'enrolled').map((e) => Number(e.familyId.slice(-4)));
  const waitingIdx = mid.filter((e) => e.status === 'waitlisted').map((e) => Number(e.familyId.slice(-4)));
  const ops: Promise<Result<unknown>>[] = [
    // 25 newcomers
    ...Array.from({ length: 25 }, (_, k) => enrol(120 + k, id, seatsOf(120 + k))),
    // 8 seated families and 6 waiting families cancel
    ...[...enrolledIdx.slice(0, 8), ...waitingIdx.slice(0, 6)].map((i) => call(parentOpenid(i), 'cancelEnrollment', { courseId: id, childId: childIdOf(i) })),
    // the teacher removes 5 seated families
    ...enrolledIdx.slice(8, 13).map((i) => call(TEACHER_A, 'removeEnrollment', { courseId: id, childId: childIdOf(i), reason: '重复报名' })),
    // the teacher raises the capacity, then lowers it, while all of that goes on
    (async () => {
      const up = await call(TEACHER_A, 'update', { courseId: id, capacity: 40 });
      if (!up.ok) return up;
      return call(TEACHER_A, 'update', { courseId: id, capacity: 36 });
    })(),
  ];
  const codes = (await Promise.all(ops)).map(code);
  // Allowed refusals only: a capacity decrease that would not fit the seated families.
  expect(codes.filter((c) => c !== 'ok' && c !== 'COURSE_CAPACITY_TOO_LOW')).toEqual([]);
  expect(await invariantProblems(cloud.db, id)).toEqual([]);
  const all = await allEnrollments(cloud.db, id);
  const c = await course(id);
  expect([36, 40]).toContain(c.capacity);
  expect(c.seatLease ?? null).toBeNull();
  // Promotion takes the head of the line: every promoted family arrived before every family still waiting.
  const promoted = all.filter((e) => e.status === 'enrolled' && e.promotedAt);
  const waiting = all.filter((e) => e.status === 'waitlisted');
  if (promoted.length && waiting.length) expect(Math.max(...promoted.map((e) => e.seq))).toBeLessThan(Math.min(...waiting.map((e) => e.seq)));
  // No seat stays free while the head of the line fits in it.
  if (waiting.length) {
    const head = [...waiting].sort(bySeq)[0];
    expect(c.capacity - c.enrolledSeats).toBeLessThan(head.seats);
  }
});

it('a capacity decrease moves seated families off the seats it removes, and refuses one they would not fit', async () => {
  const id = await published({ capacity: 10, seatsPerFamily: 1 });
  await Promise.all(Array.from({ length: 6 }, (_, k) => enrol(150 + k, id)));
  // Free the lowest seats so that the seated families hold high numbers.
  const held = (await cloud.db.collection<{ _id: string; n: number; holder: string }>(SEATS).where({ courseId: id }).limit(100).get()).data.filter((s) => !s.holder.startsWith('#'));
  const low = held.sort((a, b) => a.n - b.n).slice(0, 3);
  const family = (holder: string) => Number(/cx-child-(\d{4})#/.exec(holder)![1]);
  await Promise.all(low.map((s) => call(parentOpenid(family(s.holder)), 'cancelEnrollment', { courseId: id, childId: childIdOf(family(s.holder)) })));
  expect(code(await call(TEACHER_A, 'update', { courseId: id, capacity: 4 }))).toBe('ok');
  expect(await invariantProblems(cloud.db, id)).toEqual([]);
  expect(code(await call(TEACHER_A, 'update', { courseId: id, capacity: 2 }))).toBe('COURSE_CAPACITY_TOO_LOW');
  expect(await course(id)).toMatchObject({ capacity: 4, enrolledSeats: 3 });
  expect(await invariantProblems(cloud.db, id)).toEqual([]);
  // the seats are all there and open to newcomers
  expect(await enrol(160, id)).toMatchObject({ ok: true, data: { status: 'enrolled' } });
  expect(await invariantProblems(cloud.db, id)).toEqual([]);
});

describe('crash between two steps, healed', () => {
  it('a seat taken by an attempt that died before writing its record: the retry counts once, the heal pass frees the dead seat', async () => {
    const id = await published({ capacity: 5, seatsPerFamily: 1 });
    const eid = `${id}_${childIdOf(170)}`;
    // the first attempt took seat 3 under its claim token and crashed before writing the record
    await cloud.db.collection(SEATS).where({ _id: seatId(id, 3) }).update({ data: { holder: `${eid}#dead`, heldAt: new Date(Date.now() - 120_000) } });
    expect(await enrol(170, id)).toMatchObject({ ok: true, data: { status: 'enrolled' } });
    expect(await course(id)).toMatchObject({ enrolledSeats: 1, enrolledFamilies: 1 });
    expect((await invariantProblems(cloud.db, id)).join()).toMatch(/no enrolled record names/);
    expect(await healCourse(deps(), id)).toMatchObject({ orphanSeatsFreed: 1 });
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
    expect((await cloud.db.collection(SEATS).where({ holder: FREE(id) }).count()).total).toBe(4);
  });

  it('a seat held by nobody enrolled (crash after the claim, never retried) is freed and goes to the line', async () => {
    const id = await published({ capacity: 2, seatsPerFamily: 1 });
    const ghost = `${id}_nobody#x`;
    await cloud.db.collection(SEATS).where({ _id: seatId(id, 1) }).update({ data: { holder: ghost, heldAt: new Date(Date.now() - 120_000) } });
    expect((await Promise.all([enrol(171, id), enrol(172, id)])).map((r) => (r.ok ? r.data.status : r.error.code)).sort()).toEqual(['enrolled', 'waitlisted']);
    expect((await invariantProblems(cloud.db, id)).join()).toMatch(/no enrolled record names/);
    const report = await healCourse(deps(), id);
    expect(report).toMatchObject({ orphanSeatsFreed: 1, promoted: 1 });
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
    expect(await course(id)).toMatchObject({ enrolledSeats: 2, waitlistFamilies: 0 });
  });

  it('a cancellation that crashed before giving its seat back, and counters that missed an update, are healed', async () => {
    const id = await published({ capacity: 1, seatsPerFamily: 1 });
    await enrol(173, id);
    await enrol(174, id);
    // the cancellation wrote the record, then crashed: seat still held, counters unchanged
    await cloud.db.collection('enrollments').where({ _id: `${id}_${childIdOf(173)}` }).update({ data: { status: 'cancelled', cancelledAt: new Date() } });
    const drifted = await course(id);
    expect(drifted).toMatchObject({ enrolledSeats: 1, waitlistFamilies: 1 });
    // counters that moved just now are left alone (a change may be in flight) …
    expect(await recountCounters(cloud.db, drifted, [], new Date())).toBe(false);
    // … the heal pass (grace 0 in the test) frees the seat, recounts and promotes the head
    await cloud.db.collection('courses').where({ _id: id }).update({ data: { countedAt: new Date(Date.now() - 60_000) } });
    const report = await healCourse(deps(), id, new Date(), 0);
    expect(report).toMatchObject({ orphanSeatsFreed: 1, countersFixed: true, promoted: 1 });
    expect(await course(id)).toMatchObject({ enrolledSeats: 1, enrolledFamilies: 1, waitlistFamilies: 0 });
    expect((await cloud.db.collection<EnrollmentDoc>('enrollments').doc(`${id}_${childIdOf(174)}`).get()).data.status).toBe('enrolled');
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
  });

  it('a course written before seats existed gets them on first use, the seated families holding theirs', async () => {
    const id = await published({ capacity: 5, seatsPerFamily: 2 });
    await enrol(175, id, 2);
    // as written before seats existed: no seat documents, no seatHolder on the record
    await cloud.db.collection(SEATS).where({ courseId: id }).remove();
    await cloud.db.collection('enrollments').where({ _id: `${id}_${childIdOf(175)}` }).update({ data: { seatHolder: cloud.db.command.remove() } });
    const results = await Promise.all([enrol(176, id, 2), enrol(177, id, 1), enrol(178, id, 2)]);
    expect(results.map((r) => (r.ok ? r.data.status : r.error.code)).sort()).toEqual(['enrolled', 'enrolled', 'waitlisted']);
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
    expect(await course(id)).toMatchObject({ enrolledSeats: 5, waitlistFamilies: 1 });
  });
});
