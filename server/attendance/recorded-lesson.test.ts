/**
 * Recorded courses (course domain, mode 'recorded', form 线上微课) watched as online lessons, through
 * the real wx-server-sdk on the local cloud: same plausibility rule, same ledger, credited once.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { CLASS_A1, SCHOOL_B, childId, enrol, parentOpenid, putCourse, putUser, seedPeople, code, countWhere, ok } from './test-fixtures';
import { recordedLessonId } from './course-port';
import type { LessonCompleteOutput, LessonView } from '../../types/attendance/attendance.schema';
import type { ArchiveOutput } from '../../types/credit/credit.schema';

jest.setTimeout(60_000);

let cloud: TestCloud;
const REC = 'fx-rec-phone';
const REC_A1 = 'fx-rec-a1-only';
const lessonId = recordedLessonId(REC);
const FOREIGN = 'fx-parent-school-b';

const count = (coll: string, where: Record<string, unknown>) => countWhere(cloud.db, coll, where);
const call = <T>(openid: string, action: string, input: unknown) => cloud.call<T>('attendance', openid, action, input);

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedPeople(cloud.db, 8);
  await putUser(cloud.db, FOREIGN, [{ schoolId: SCHOOL_B, roles: ['parent'], positions: [] }], [
    { childId: 'fx-child-b1', schoolId: SCHOOL_B, gradeId: 'fx-grade-7', classId: 'fx-class-b1', childName: '乙校学生', relation: '父亲' },
  ]);
  // A 45-minute recorded course (1 class hour), for the whole school, published yesterday.
  await putCourse(cloud.db, { courseId: REC, startAt: new Date(Date.now() - 86400_000), minutes: 45, mode: 'recorded', title: '孩子沉迷手机怎么办' });
  await cloud.db.collection('courses').doc(REC).update({ data: { form: '线上微课', mode: { kind: 'recorded', link: 'https://video.example.cn/micro/phone.mp4' } } });
  await enrol(cloud.db, REC, 1);
  await enrol(cloud.db, REC, 2);
  await enrol(cloud.db, REC, 5, { status: 'waitlisted' });
  await enrol(cloud.db, REC, 7, { status: 'cancelled' });
  // One for class A1 only; parent 2 (class A2) holds an enrolment from before the audience changed.
  await putCourse(cloud.db, { courseId: REC_A1, startAt: new Date(Date.now() - 86400_000), minutes: 30, mode: 'recorded', title: '初一新生家长必修' });
  await cloud.db.collection('courses').doc(REC_A1).update({ data: { audience: { kind: 'classes', classIds: [CLASS_A1] }, audienceKeys: [`class:${CLASS_A1}`] } });
  await enrol(cloud.db, REC_A1, 2);
  await enrol(cloud.db, REC_A1, 3);
});
afterAll(async () => {
  await cloud?.close();
});

describe('a recorded course counts as an online lesson', () => {
  it('an enrolled family opens it: the course length and class hours, the course link', async () => {
    const v = ok(await call<LessonView>(parentOpenid(1), 'startLesson', { lessonId }));
    expect(v).toMatchObject({ lessonId, title: '孩子沉迷手机怎么办', kind: 'video', durationSeconds: 45 * 60, creditHours: 1, mediaUrl: 'https://video.example.cn/micro/phone.mp4' });
    expect(v.progress).toMatchObject({ positionSeconds: 0, completedAt: null });
    expect(await count('lesson_progress', { _id: `${lessonId}_${childId(1)}` })).toBe(1);
  });

  it('a too-fast completion is refused and credits nothing', async () => {
    const r = await call(parentOpenid(1), 'completeLesson', { lessonId, positionSeconds: 45 * 60 });
    expect(code(r)).toBe('LESSON_PROGRESS_IMPLAUSIBLE');
    expect(!r.ok && r.error.details).toMatchObject({ reason: 'too_fast', requiredSeconds: Math.ceil(45 * 60 * 0.9) });
    // Never started: refused too.
    expect(code(await call(parentOpenid(2), 'completeLesson', { lessonId, positionSeconds: 45 * 60 }))).toBe('LESSON_PROGRESS_IMPLAUSIBLE');
    expect(await count('credit_ledger', {})).toBe(0);
  });

  it('a plausible completion credits the course class hours exactly once, however often it is sent', async () => {
    // 41 minutes have passed since the server recorded the start (≥ 90 % of 45).
    await cloud.db.collection('lesson_progress').doc(`${lessonId}_${childId(1)}`).update({ data: { startedAt: new Date(Date.now() - 41 * 60_000) } });
    const results = await Promise.all(Array.from({ length: 10 }, () => call<LessonCompleteOutput>(parentOpenid(1), 'completeLesson', { lessonId, positionSeconds: 45 * 60 })));
    expect(results.map((r) => ok(r).created).filter(Boolean)).toHaveLength(1);
    expect(ok(await call<LessonCompleteOutput>(parentOpenid(1), 'completeLesson', { lessonId, positionSeconds: 45 * 60 })).created).toBe(false);
    const ledger = (await cloud.db.collection('credit_ledger').where({ familyId: childId(1) }).get()).data as { _id: string; hours: number; source: string; sourceId: string }[];
    expect(ledger).toEqual([expect.objectContaining({ _id: `lesson_${lessonId}_${childId(1)}`, hours: 1, source: 'online_lesson', sourceId: lessonId })]);
    const a = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(1), 'myArchive', {}));
    expect(a.yearTotals.hours).toBe(1);
    expect(a.ledger[0]).toMatchObject({ source: 'online_lesson', title: '孩子沉迷手机怎么办', hours: 1 });
  });

  it('families that are not enrolled are refused: not enrolled, waitlisted, cancelled', async () => {
    for (const i of [3, 5, 7]) {
      expect(code(await call(parentOpenid(i), 'startLesson', { lessonId }))).toBe('LESSON_NOT_ENROLLED');
      expect(code(await call(parentOpenid(i), 'completeLesson', { lessonId, positionSeconds: 45 * 60 }))).toBe('LESSON_NOT_ENROLLED');
    }
    // Another family's child.
    expect(code(await call(parentOpenid(3), 'startLesson', { lessonId, familyId: childId(1) }))).toBe('FORBIDDEN');
  });

  it('a family outside the audience is refused, even with an enrolment', async () => {
    const a1 = recordedLessonId(REC_A1);
    expect(code(await call(parentOpenid(2), 'startLesson', { lessonId: a1 }))).toBe('COURSE_NOT_FOR_YOU');
    expect(code(await call(parentOpenid(2), 'completeLesson', { lessonId: a1, positionSeconds: 1800 }))).toBe('COURSE_NOT_FOR_YOU');
    expect(code(await call(FOREIGN, 'startLesson', { lessonId }))).toBe('COURSE_NOT_FOR_YOU');
    expect(await count('lesson_progress', { familyId: childId(2), lessonId: a1 })).toBe(0);
    expect(await count('lesson_progress', { familyId: 'fx-child-b1' })).toBe(0);
    // Parent 3 (class A1, enrolled) may watch it.
    expect(ok(await call<LessonView>(parentOpenid(3), 'startLesson', { lessonId: a1 })).durationSeconds).toBe(30 * 60);
  });

  it('draft, cancelled and non-recorded courses are no lessons', async () => {
    const [offline] = await putCourse(cloud.db, { courseId: 'fx-offline', startAt: new Date(Date.now() + 86400_000) });
    await enrol(cloud.db, offline.courseId, 1);
    expect(code(await call(parentOpenid(1), 'startLesson', { lessonId: recordedLessonId(offline.courseId) }))).toBe('NOT_FOUND');
    expect(code(await call(parentOpenid(1), 'startLesson', { lessonId: recordedLessonId('no-such-course') }))).toBe('NOT_FOUND');
    await cloud.db.collection('courses').doc(REC).update({ data: { status: 'cancelled' } });
    expect(code(await call(parentOpenid(2), 'startLesson', { lessonId }))).toBe('NOT_FOUND');
    await cloud.db.collection('courses').doc(REC).update({ data: { status: 'published' } });
  });

  it("a family's lesson list shows the recorded courses it may watch, with its progress", async () => {
    const ids = async (i: number) => ok(await call<LessonView[]>(parentOpenid(i), 'listLessons', {})).map((l) => l.lessonId);
    const mine = ok(await call<LessonView[]>(parentOpenid(1), 'listLessons', {}));
    expect(mine.find((l) => l.lessonId === lessonId)?.progress?.completedAt).toEqual(expect.any(String));
    expect(await ids(2)).toEqual([lessonId]); // REC_A1 is not for class A2
    expect(await ids(3)).toEqual([recordedLessonId(REC_A1)]); // not enrolled in REC
    expect(await ids(5)).toEqual([]); // waitlisted
  });
});
