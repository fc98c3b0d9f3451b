/**
 * The school's class-hour rule (set by the admin with the credit settings) applied to courses, and
 * cover images (upload → validate → temp URL in list and detail), through the real SDK on the
 * local cloud.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import type { Result } from '../../types/common/result';
import type { CourseDoc, CourseMutationOutput, CourseDetailDto, ListCoursesOutput } from '../../types/course/course.schema';
import type { SettingsOutput } from '../../types/credit/credit.schema';
import { ADMIN_A, CLASS_A71, GRADE_A7, SCHOOL_A, SCHOOL_B, TEACHER_A, TEACHER_B, childIdOf, courseInput, parentOpenid, putClasses, putParents, putStaff } from './test-fixtures';

jest.setTimeout(60_000);

let cloud: TestCloud;
function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${JSON.stringify(r.error.details ?? '')}`);
  return r.data;
}
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const call = <T>(openid: string, action: string, input?: unknown) => cloud.call<T>('course', openid, action, input);
const THRESHOLDS = { basis: 'hours', levels: [4, 8, 16, 24, 32] };
const saveRule = (rule: unknown, by = ADMIN_A, extra: Record<string, unknown> = {}) =>
  cloud.call<SettingsOutput>('credit', by, 'saveSettings', { schoolId: SCHOOL_A, schoolYear: '2025-2026', thresholds: THRESHOLDS, profileId: 'guangzhou', ...(rule ? { classHourRule: rule } : {}), ...extra });
/** One 68-minute session: 1.5 课时 at 45/half, 1 at 45/whole, 1.5 at 40/half, 1 at 60/half. */
const SESSION_68 = (() => {
  const start = new Date(Date.now() + 7 * 86400_000);
  return [{ startAt: start.toISOString(), endAt: new Date(start.getTime() + 68 * 60_000).toISOString() }];
})();
const courseDoc = async (id: string) => (await cloud.db.collection<CourseDoc>('courses').doc(id).get()).data;

beforeAll(async () => {
  cloud = await startTestCloud();
  await putStaff(cloud.db);
  await putClasses(cloud.db);
  await putParents(cloud.db, 0, 2, { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });
});
afterAll(async () => {
  await cloud?.close();
});

describe("the school's class-hour rule", () => {
  it('defaults to 45 minutes = 1 课时, half 课时, and says so in the settings', async () => {
    const s = ok(await cloud.call<SettingsOutput>('credit', ADMIN_A, 'getSettings', { schoolId: SCHOOL_A, schoolYear: '2025-2026' }));
    expect(s.classHourRule).toEqual({ minutesPerClassHour: 45, rounding: 'half' });
    const c = ok(await call<CourseMutationOutput>(TEACHER_A, 'create', courseInput({ sessions: SESSION_68 }))).course;
    expect(c.totalClassHours).toBe(1.5);
    expect(c.classHourRule).toEqual({ minutesPerClassHour: 45, rounding: 'half' });
  });

  it('only the school admin sets it; bad rules are refused and nothing is written', async () => {
    expect(code(await saveRule({ minutesPerClassHour: 40, rounding: 'whole' }, TEACHER_A))).toBe('FORBIDDEN');
    expect(code(await saveRule({ minutesPerClassHour: 5, rounding: 'half' }))).toBe('VALIDATION_FAILED');
    expect(code(await saveRule({ minutesPerClassHour: 45, rounding: 'quarter' }))).toBe('VALIDATION_FAILED');
    expect((await cloud.db.collection('credit_settings').where({ schoolId: SCHOOL_A }).count()).total).toBe(0);
  });

  it('a new course takes the rule; a later change leaves existing courses alone until they are edited', async () => {
    ok(await saveRule({ minutesPerClassHour: 45, rounding: 'whole' }));
    const first = ok(await call<CourseMutationOutput>(TEACHER_A, 'create', courseInput({ sessions: SESSION_68 }))).course;
    expect(first.totalClassHours).toBe(1);
    expect(first.sessions[0].classHours).toBe(1);
    expect(first.classHourRule).toEqual({ minutesPerClassHour: 45, rounding: 'whole' });

    // The admin changes the rule: the existing course keeps its snapshot…
    ok(await saveRule({ minutesPerClassHour: 40, rounding: 'half' }));
    expect((await courseDoc(first.courseId)).totalClassHours).toBe(1);
    const seen = ok(await call<CourseDetailDto>(TEACHER_A, 'detail', { courseId: first.courseId }));
    expect(seen.totalClassHours).toBe(1);
    // … a new course takes the new rule …
    const second = ok(await call<CourseMutationOutput>(TEACHER_A, 'create', courseInput({ sessions: SESSION_68 }))).course;
    expect(second.totalClassHours).toBe(1.5);
    // … and an edit re-applies the school's current rule to the edited course only.
    const edited = ok(await call<CourseMutationOutput>(TEACHER_A, 'update', { courseId: first.courseId, title: '亲子沟通（修订）' })).course;
    expect(edited.totalClassHours).toBe(1.5);
    expect(edited.classHourRule).toEqual({ minutesPerClassHour: 40, rounding: 'half' });
    expect((await courseDoc(first.courseId)).sessions[0].classHours).toBe(1.5);
  });

  it('saving the star settings without a rule keeps the rule; a course cannot bring its own rule', async () => {
    const s = ok(await saveRule(null));
    expect(s.classHourRule).toEqual({ minutesPerClassHour: 40, rounding: 'half' });
    expect(code(await call(TEACHER_A, 'create', courseInput({ classHourRule: { minutesPerClassHour: 20 } })))).toBe('VALIDATION_FAILED');
  });

  it("another school's rule does not apply", async () => {
    const c = ok(await call<CourseMutationOutput>(TEACHER_B, 'create', courseInput({ schoolId: SCHOOL_B, sessions: SESSION_68 }))).course;
    expect(c.totalClassHours).toBe(1.5);
    expect(c.classHourRule).toEqual({ minutesPerClassHour: 45, rounding: 'half' });
  });
});

describe('cover images', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const envId = () => cloud.cloud.envId;

  it('an uploaded cover under the school folder is kept and shown in detail and list through temp URLs', async () => {
    const up = (await cloud.sdk.uploadFile({ cloudPath: `course-covers/${SCHOOL_A}/cover1.png`, fileContent: PNG })) as { fileID: string };
    const created = ok(await call<CourseMutationOutput>(TEACHER_A, 'create', courseInput({ title: '有封面的课', coverFileId: up.fileID }))).course;
    expect(created.coverFileId).toBe(up.fileID);
    expect(created.coverUrl).toMatch(/^https?:\/\//);
    ok(await call(TEACHER_A, 'publish', { courseId: created.courseId }));
    const detail = ok(await call<CourseDetailDto>(parentOpenid(0), 'detail', { courseId: created.courseId, childId: childIdOf(0) }));
    const bytes = Buffer.from(await (await fetch(detail.coverUrl!)).arrayBuffer());
    expect(bytes.equals(PNG)).toBe(true);
    const list = ok(await call<ListCoursesOutput>(parentOpenid(0), 'list', { childId: childIdOf(0), q: '有封面' }));
    expect(list.items).toHaveLength(1);
    expect(list.items[0].coverUrl).toBe(detail.coverUrl);
    // Removing the cover with an empty id.
    const removed = ok(await call<CourseMutationOutput>(TEACHER_A, 'update', { courseId: created.courseId, coverFileId: '' })).course;
    expect(removed.coverFileId).toBeUndefined();
    expect((await courseDoc(created.courseId)).coverFileId).toBeUndefined();
  });

  it.each([
    ['another environment', () => `cloud://other-env.bucket/course-covers/${SCHOOL_A}/x.png`],
    ["another school's folder", () => `cloud://${envId()}.bucket/course-covers/${SCHOOL_B}/x.png`],
    ['outside the covers folder', () => `cloud://${envId()}.bucket/join-codes/x.png`],
    ['a plain URL', () => 'https://example.com/x.png'],
  ])('a cover from %s is refused (VALIDATION_FAILED, nothing written)', async (_what, fileId) => {
    const before = (await cloud.db.collection('courses').count()).total;
    const r = await call(TEACHER_A, 'create', courseInput({ coverFileId: fileId() }));
    expect(code(r)).toBe('VALIDATION_FAILED');
    expect((await cloud.db.collection('courses').count()).total).toBe(before);
    const some = ok(await call<CourseMutationOutput>(TEACHER_A, 'create', courseInput())).course;
    expect(code(await call(TEACHER_A, 'update', { courseId: some.courseId, coverFileId: fileId() }))).toBe('VALIDATION_FAILED');
    expect((await courseDoc(some.courseId)).coverFileId).toBeUndefined();
  });
});
