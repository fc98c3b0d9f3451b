/**
 * Cross-domain: when a guardian leaves a family (removed by the head teacher, or deleted after
 * withdrawing consent), the seats that guardian holds go back to the course's waitlist, and the
 * course's counters still equal its enrolment records.
 */
import { startTestCloud, type TestCloud } from './helpers/local-cloud';
import { seedDemo } from '../scripts/seed';
import type { CourseDoc, EnrollmentDoc } from '../types/course/course.schema';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
}, 60_000);
afterAll(() => cloud?.close());

async function fullCourseWithWaitlist(skip: string[] = []): Promise<CourseDoc> {
  const _ = cloud.db.command;
  const r = await cloud.db.collection<CourseDoc>('courses').where({ status: 'published', waitlistFamilies: _.gt(0) }).limit(100).get();
  const c = r.data.find((x) => x.enrolledSeats >= x.capacity && !skip.includes(x._id));
  if (!c) throw new Error('the demo seed has no full published course with a waitlist');
  return c;
}

async function enrollmentsOf(courseId: string): Promise<EnrollmentDoc[]> {
  const r = await cloud.db.collection<EnrollmentDoc>('enrollments').where({ courseId }).limit(1000).get();
  return r.data;
}

async function expectCountersEqualRecords(courseId: string) {
  const course = (await cloud.db.collection<CourseDoc>('courses').doc(courseId).get()).data;
  const list = await enrollmentsOf(courseId);
  const enrolled = list.filter((e) => e.status === 'enrolled');
  expect(course.enrolledSeats).toBe(enrolled.reduce((n, e) => n + e.seats, 0));
  expect(course.waitlistFamilies).toBe(list.filter((e) => e.status === 'waitlisted').length);
  expect(course.enrolledSeats).toBeLessThanOrEqual(course.capacity);
}

async function openidOf(userId: string): Promise<string> {
  return ((await cloud.db.collection('users').doc(userId).get()).data as { openid: string }).openid;
}

it('a guardian who leaves a family frees the seat and the first waitlisted family is promoted', async () => {
  const course = await fullCourseWithWaitlist();
  const before = await enrollmentsOf(course._id);
  const leaving = before.filter((e) => e.status === 'enrolled').sort((a, b) => a.seq - b.seq)[0];
  const firstInLine = before.filter((e) => e.status === 'waitlisted').sort((a, b) => a.seq - b.seq)[0];

  const r = await cloud.call('school', await openidOf(leaving.userId), 'removeGuardian', { childId: leaving.familyId, userId: leaving.userId });
  expect(r.ok).toBe(true);

  const after = await enrollmentsOf(course._id);
  expect(after.find((e) => e._id === leaving._id)?.status).toBe('cancelled');
  if (leaving.seats >= firstInLine.seats) expect(after.find((e) => e._id === firstInLine._id)?.status).toBe('enrolled');
  await expectCountersEqualRecords(course._id);
});

it('deleting a family after consent is withdrawn releases its seats before the records go', async () => {
  const course = await fullCourseWithWaitlist();
  const before = await enrollmentsOf(course._id);
  const leaving = before.filter((e) => e.status === 'enrolled').sort((a, b) => a.seq - b.seq)[0];
  const openid = await openidOf(leaving.userId);

  const w = await cloud.call('school', openid, 'withdrawConsent', {});
  expect(w.ok).toBe(true);
  await cloud.db.collection('deletion_jobs').doc(leaving.userId).update({ data: { dueAt: new Date(Date.now() - 1000) } });
  const done = (await cloud.fireTimer('school-cron', 'purgeWithdrawnConsent')) as { ok: boolean; data: { processed: number } };
  expect(done.ok).toBe(true);
  expect(done.data.processed).toBeGreaterThanOrEqual(1);

  const after = await enrollmentsOf(course._id);
  const mine = after.find((e) => e._id === leaving._id);
  // either cancelled (another guardian keeps the family) or removed with the family's data
  expect(mine === undefined || mine.status === 'cancelled').toBe(true);
  await expectCountersEqualRecords(course._id);
  const course2 = (await cloud.db.collection<CourseDoc>('courses').doc(course._id).get()).data;
  expect(course2.enrolledSeats).toBeGreaterThan(course.enrolledSeats - leaving.seats);
});
