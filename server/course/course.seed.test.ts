/** The demo courses build on the school seed, cover every form, and keep counters equal to records. */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedSchool, SCHOOL_SEED } from '../school/school.seed';
import { seedCourses, semesterOf } from './course.seed';
import { COURSE_FORMS, type CourseDoc, type ListCoursesOutput, type EnrollOutput } from '../../types/course/course.schema';
import { invariantProblems } from './test-fixtures';
import type { Result } from '../../types/common/result';

jest.setTimeout(120_000);
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedSchool(cloud.db);
});
afterAll(async () => {
  await cloud?.close();
});

it('semester of a date (Asia/Shanghai)', () => {
  expect(semesterOf(new Date('2026-11-24T10:00:00+08:00'))).toBe('2026-2027-1');
  expect(semesterOf(new Date('2027-01-10T10:00:00+08:00'))).toBe('2026-2027-1');
  expect(semesterOf(new Date('2027-03-01T10:00:00+08:00'))).toBe('2026-2027-2');
  expect(semesterOf(new Date('2026-07-31T23:00:00+08:00'))).toBe('2025-2026-2');
});

it('gives each school a term of courses of every form, consistent and idempotent', async () => {
  const first = await seedCourses(cloud.db);
  expect(first.courses).toBeGreaterThanOrEqual(26);
  expect(first.enrollments).toBeGreaterThan(100);
  const courses = (await cloud.db.collection<CourseDoc>('courses').limit(1000).get()).data;
  for (const schoolId of [SCHOOL_SEED.schoolA, SCHOOL_SEED.schoolB]) {
    const mine = courses.filter((c) => c.schoolId === schoolId);
    expect(new Set(mine.map((c) => c.form))).toEqual(new Set(COURSE_FORMS));
    expect(mine.some((c) => c.full && c.waitlistFamilies > 0 && c.status === 'published')).toBe(true);
    expect(mine.some((c) => c.status === 'finished')).toBe(true);
    expect(mine.some((c) => c.mode.kind === 'live')).toBe(true);
    expect(mine.some((c) => c.mode.kind === 'recorded')).toBe(true);
  }
  for (const c of courses) expect(await invariantProblems(cloud.db, c._id)).toEqual([]);
  expect(await seedCourses(cloud.db)).toEqual({ courses: 0, enrollments: 0 });
});

it('a demo parent sees open courses and can join a waitlist', async () => {
  const openid = SCHOOL_SEED.parentOpenid(1);
  const user = (await cloud.db.collection('users').where({ openid }).get()).data[0];
  const childId = user.children[0].childId as string;
  const list = (await cloud.call('course', openid, 'list', { childId, pageSize: 50 })) as Result<ListCoursesOutput>;
  if (!list.ok) throw new Error(list.error.code);
  expect(list.data.items.length).toBeGreaterThan(3);
  const fullOnes = list.data.items.filter((c) => c.full);
  expect(fullOnes.length).toBeGreaterThan(0);
  let target: string | undefined;
  for (const c of fullOnes) {
    const d = await cloud.call<{ myEnrollment: unknown }>('course', openid, 'detail', { courseId: c.courseId, childId });
    if (d.ok && d.data.myEnrollment === null) target = c.courseId;
  }
  expect(target).toBeDefined();
  const r = (await cloud.call('course', openid, 'enroll', { courseId: target!, childId })) as Result<EnrollOutput>;
  if (!r.ok) throw new Error(`${r.error.code} ${JSON.stringify(r.error.details)}`);
  expect(r.data.status).toBe('waitlisted');
});
