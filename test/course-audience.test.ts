/**
 * Regression: a course's audience may name only the owner school's grades / classes and schools of
 * its own 教联体. Before the fix a course manager of a school outside the 教联体 could publish a
 * course "for" school A's families (alliance audience), take their enrolments and read their
 * children's names in the enrolment list; and any school could push courses into A's lists.
 */
import { startTestCloud, type TestCloud } from './helpers/local-cloud';
import { courseFields } from './helpers/course-fields';
import { A, ADMIN_B, B } from './helpers/school-function';
import { seedDemo, SCHOOL_SEED } from '../scripts/seed';
import { userIdFor } from '../server/access/actor';
import { PRIVACY_VERSION } from '../types/school/school.rules';

jest.setTimeout(120_000);

const C = 'school-outside';
const ADMIN_C = 'audience-admin-c';

let cloud: TestCloud;

function input(schoolId: string, audience: unknown) {
  return { schoolId, ...courseFields('受众校验课程', audience) };
}

const courseCount = async () => (await cloud.db.collection('courses').count()).total;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  // A school outside the 教联体, with its own admin.
  await cloud.db.collection('schools').doc(C).set({ data: { name: '区外学校', district: '外区', allianceId: null, createdAt: new Date() } });
  await cloud.db.collection('users').doc(userIdFor(ADMIN_C)).set({
    data: {
      openid: ADMIN_C,
      memberships: [{ schoolId: C, roles: ['teacher', 'admin'], positions: [] }],
      children: [],
      consent: { version: PRIVACY_VERSION, acceptedAt: new Date(), guardianConsent: true },
      createdAt: new Date(),
    },
  });
});

afterAll(async () => {
  await cloud?.close();
});

test.each([
  ['another school’s classes', B, ADMIN_B, { kind: 'classes', classIds: [SCHOOL_SEED.classA31] }, 'audience.classIds'],
  ['another school’s grades', B, ADMIN_B, { kind: 'grades', gradeIds: [SCHOOL_SEED.gradeA3] }, 'audience.gradeIds'],
  ['a school outside the 教联体', C, ADMIN_C, { kind: 'alliance', schoolIds: [A] }, 'audience.schoolIds'],
])('create refuses an audience naming %s; nothing is written', async (_what, schoolId, admin, audience, path) => {
  const before = await courseCount();
  const r = await cloud.call('course', admin, 'create', input(schoolId, audience));
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe('VALIDATION_FAILED');
  expect(r.error.details).toEqual([expect.objectContaining({ path })]);
  expect(await courseCount()).toBe(before);
});

test('update refuses the same; the course keeps its audience', async () => {
  const made = await cloud.call<{ course: { courseId: string } }>('course', ADMIN_B, 'create', input(B, { kind: 'classes', classIds: [SCHOOL_SEED.classB71] }));
  expect(made.ok).toBe(true);
  if (!made.ok) return;
  const courseId = made.data.course.courseId;
  const r = await cloud.call('course', ADMIN_B, 'update', { courseId, audience: { kind: 'classes', classIds: [SCHOOL_SEED.classB71, SCHOOL_SEED.classA31] } });
  expect(r.ok ? 'OK' : r.error.code).toBe('VALIDATION_FAILED');
  const stored = (await cloud.db.collection('courses').doc(courseId).get()).data as { audienceKeys: string[] };
  expect(stored.audienceKeys).toEqual([`class:${SCHOOL_SEED.classB71}`]);
});

test('the owner school’s own grades and classes, and its 教联体 schools, are accepted', async () => {
  for (const audience of [
    { kind: 'classes', classIds: [SCHOOL_SEED.classA31, SCHOOL_SEED.classA32] },
    { kind: 'grades', gradeIds: [SCHOOL_SEED.gradeA3] },
    { kind: 'alliance', schoolIds: [B] },
    { kind: 'school' },
  ]) {
    const r = await cloud.call('course', 'demo-admin-001', 'create', input(A, audience));
    expect(r.ok ? 'OK' : r.error.code).toBe('OK');
  }
});

test('a non-manager still gets FORBIDDEN before any audience detail', async () => {
  const r = await cloud.call('course', ADMIN_C, 'create', input(A, { kind: 'classes', classIds: ['nope'] }));
  expect(r.ok ? 'OK' : r.error.code).toBe('FORBIDDEN');
});
