/**
 * The rush: 1,000 families enrol at once on a 50-seat course through the app's front door
 * (POST /functions/course with dev sign-in tokens) → exactly 50 enrolled, 950 waitlisted in
 * arrival order, no errors; 10 cancel at once → the first 10 in line are promoted. Runs on the
 * local cloud's transaction semantics (snapshot isolation, immediate write conflicts).
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import type { Result } from '../../types/common/result';
import type { CourseDoc, CourseMutationOutput, EnrollOutput, EnrollmentDoc, CancelEnrollmentOutput } from '../../types/course/course.schema';
import { GRADE_A7, CLASS_A71, SCHOOL_A, TEACHER_A, allEnrollments, childIdOf, courseInput, invariantProblems, parentOpenid, putParents, putSecondGuardian, putStaff } from './test-fixtures';

jest.setTimeout(180_000);

const N = 1000;
const CAPACITY = 50;
let cloud: TestCloud;

async function front<T>(token: string, action: string, input: unknown): Promise<Result<T>> {
  const res = await fetch(`${cloud.url}/functions/course`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action, input }),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as Result<T>;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await putStaff(cloud.db);
  await putParents(cloud.db, 0, N, { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });
});
afterAll(async () => {
  await cloud?.close();
});

it('1,000 concurrent enrolments on 50 seats: 50 enrolled, 950 waitlisted in arrival order; 10 cancel → 10 promoted', async () => {
  const created = await cloud.call<CourseMutationOutput>('course', TEACHER_A, 'create', courseInput({ capacity: CAPACITY, seatsPerFamily: 1 }));
  if (!created.ok) throw new Error(created.error.code);
  const courseId = created.data.course.courseId;
  expect((await cloud.call('course', TEACHER_A, 'publish', { courseId })).ok).toBe(true);

  const tokens = Array.from({ length: N }, (_, i) => cloud.cloud.devToken(parentOpenid(i)));
  const results = await Promise.all(tokens.map((t, i) => front<EnrollOutput>(t, 'enroll', { courseId, childId: childIdOf(i) })));

  const failures = results.filter((r) => !r.ok);
  expect(failures).toEqual([]);
  const data = results.map((r) => (r as { data: EnrollOutput }).data);
  expect(data.filter((d) => d.status === 'enrolled')).toHaveLength(CAPACITY);
  expect(data.filter((d) => d.status === 'waitlisted')).toHaveLength(N - CAPACITY);

  const course = (await cloud.db.collection<CourseDoc>('courses').doc(courseId).get()).data;
  expect(course).toMatchObject({ enrolledSeats: CAPACITY, enrolledFamilies: CAPACITY, waitlistFamilies: N - CAPACITY, full: true });
  expect(await invariantProblems(cloud.db, courseId)).toEqual([]);

  // Arrival order: distinct keys; every family that got a seat arrived before every family that
  // waits; each waiting family was told a place no later than its place in the final line (a
  // family ahead of it may have written its record just after it counted).
  const records = await allEnrollments(cloud.db, courseId);
  expect(records).toHaveLength(N);
  const bySeq = [...records].sort((a, b) => a.seq - b.seq || (a._id < b._id ? -1 : 1));
  expect(new Set(records.map((e) => e.seq)).size).toBe(N);
  expect(bySeq.slice(0, CAPACITY).every((e) => e.status === 'enrolled')).toBe(true);
  expect(bySeq.slice(CAPACITY).every((e) => e.status === 'waitlisted')).toBe(true);
  const rank = new Map(bySeq.slice(CAPACITY).map((e, k) => [e.familyId, k + 1]));
  data.forEach((d, i) => {
    if (d.status !== 'waitlisted') return;
    expect(d.waitlistPosition).toBeGreaterThanOrEqual(1);
    expect(d.waitlistPosition).toBeLessThanOrEqual(rank.get(childIdOf(i))!);
  });

  // 10 enrolled families cancel at once → the first 10 in line move in.
  const leaving = bySeq.slice(0, 10).map((e) => Number(e.familyId.slice(-4)));
  const cancels = await Promise.all(leaving.map((i) => front<CancelEnrollmentOutput>(tokens[i], 'cancelEnrollment', { courseId, childId: childIdOf(i) })));
  expect(cancels.filter((r) => !r.ok)).toEqual([]);
  const promotedTotal = cancels.reduce((s, r) => s + (r.ok ? r.data.promoted : 0), 0);
  expect(promotedTotal).toBe(10);
  const after = await allEnrollments(cloud.db, courseId);
  const firstInLine = bySeq.slice(CAPACITY, CAPACITY + 10).map((e) => e._id);
  const byId = new Map(after.map((e) => [e._id, e]));
  expect(firstInLine.map((id) => byId.get(id)!.status)).toEqual(Array(10).fill('enrolled'));
  expect(bySeq.slice(CAPACITY + 10).every((e) => byId.get(e._id)!.status === 'waitlisted')).toBe(true);
  expect(after.filter((e: EnrollmentDoc) => e.status === 'cancelled')).toHaveLength(10);
  const c2 = (await cloud.db.collection<CourseDoc>('courses').doc(courseId).get()).data;
  expect(c2).toMatchObject({ enrolledSeats: CAPACITY, waitlistFamilies: N - CAPACITY - 10 });
  expect(await invariantProblems(cloud.db, courseId)).toEqual([]);
  const notices = await cloud.db.collection('notice_inbox').where({ courseId, kind: 'course.promoted' }).count();
  expect(notices.total).toBe(10);
});

it('the same family enrolling 20 times at once (two guardians) gets one record; the rest are duplicates', async () => {
  const created = await cloud.call<CourseMutationOutput>('course', TEACHER_A, 'create', courseInput({ capacity: 5, seatsPerFamily: 1 }));
  if (!created.ok) throw new Error(created.error.code);
  const courseId = created.data.course.courseId;
  await cloud.call('course', TEACHER_A, 'publish', { courseId });
  // guardian 2 of child 7 is parent 7's partner: same family (childId), other user
  await putSecondGuardian(cloud.db, 'cx-partner-0007', 7, { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });
  const t1 = cloud.cloud.devToken(parentOpenid(7));
  const t2 = cloud.cloud.devToken('cx-partner-0007');
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => front<EnrollOutput>(i % 2 ? t2 : t1, 'enroll', { courseId, childId: childIdOf(7) })));
  const codes = results.map((r) => (r.ok ? r.data.status : r.error.code));
  expect(codes.filter((c) => c === 'enrolled')).toHaveLength(1);
  expect(codes.filter((c) => c === 'ENROLLMENT_DUPLICATE')).toHaveLength(19);
  expect(await invariantProblems(cloud.db, courseId)).toEqual([]);
  const c = (await cloud.db.collection<CourseDoc>('courses').doc(courseId).get()).data;
  expect(c).toMatchObject({ enrolledSeats: 1, enrolledFamilies: 1, waitlistFamilies: 0 });
});
