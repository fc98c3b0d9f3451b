/**
 * The `course` function through the real wx-server-sdk against the local cloud (in-memory SQLite):
 * every action, role and school denial, bad input, waitlist promotion and notices.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import type { Result } from '../../types/common/result';
import type {
  CourseDetailDto,
  CourseDoc,
  CourseMutationOutput,
  EnrollOutput,
  EnrollmentDoc,
  EnrollmentListOutput,
  ListCoursesOutput,
  MyCoursesOutput,
} from '../../types/course/course.schema';
import { userIdFor } from '../access/actor';
import { NOTICE_TEMPLATES as COURSE_TEMPLATES } from '../notice/subscribe';
import { onGuardianRemoved, releaseFamilyEnrollments } from './enroll.service';
import {
  ADMIN_A,
  CLASS_A71,
  CLASS_A72,
  CLASS_A81,
  GRADE_A7,
  GRADE_A8,
  HEAD_A,
  SCHOOL_A,
  SCHOOL_B,
  STRANGER,
  SUBJECT_A,
  TEACHER_A,
  TEACHER_B,
  CLASS_B71,
  GRADE_B7,
  childIdOf,
  courseInput,
  invariantProblems,
  parentOpenid,
  putClasses,
  putParents,
  putSecondGuardian,
  putStaff,
} from './test-fixtures';

jest.setTimeout(60_000);

let cloud: TestCloud;
const DAY = 86400_000;

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${JSON.stringify(r.error.details ?? '')}`);
  return r.data;
}
function code(r: Result<unknown>): string {
  return r.ok ? 'ok' : r.error.code;
}
const call = <T>(openid: string, action: string, input?: unknown) => cloud.call<T>('course', openid, action, input);

async function createPublished(over: Record<string, unknown> = {}, by = TEACHER_A): Promise<string> {
  const created = ok(await call<CourseMutationOutput>(by, 'create', courseInput(over)));
  ok(await call(by, 'publish', { courseId: created.course.courseId }));
  return created.course.courseId;
}
async function countDocs(coll: string, where: Record<string, unknown> = {}) {
  return (await cloud.db.collection(coll).where(where).count()).total;
}

// Parents 0-19: class A7-1; 20-29: class A7-2; 30-39: class A8-1; 40-44: school B.
const where = (i: number) =>
  i < 20
    ? { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 }
    : i < 30
      ? { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A72 }
      : i < 40
        ? { schoolId: SCHOOL_A, gradeId: GRADE_A8, classId: CLASS_A81 }
        : { schoolId: SCHOOL_B, gradeId: GRADE_B7, classId: CLASS_B71 };
const P = parentOpenid;
const C = childIdOf;

/** The user tapped "allow" (the local cloud's record) and the app reported it (the server's count). */
async function accept(openid: string, templateIds: string[]): Promise<void> {
  cloud.acceptSubscriptions(openid, templateIds);
  const r = await cloud.call('notice', openid, 'reportSubscribe', { templateIds });
  if (!r.ok) throw new Error(`reportSubscribe failed: ${r.error.code}`);
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await putStaff(cloud.db);
  await putClasses(cloud.db);
  await putParents(cloud.db, 0, 45, where);
});
afterAll(async () => {
  await cloud?.close();
});

describe('create / update / lifecycle', () => {
  it('a 家庭教育指导教师 creates a draft with class hours, audience keys and a default cancel deadline', async () => {
    const r = ok(await call<CourseMutationOutput>(TEACHER_A, 'create', courseInput({ audience: { kind: 'grades', gradeIds: [GRADE_A7] } })));
    expect(r.course).toMatchObject({ status: 'draft', totalClassHours: 2, capacity: 50, seatsLeft: 50, canManage: true, countsToward: '计入2025-2026学年第一学期家长学校学时，共2课时' });
    expect(r.course.cancelDeadline).toBe(r.course.startAt);
    const doc = (await cloud.db.collection<CourseDoc>('courses').doc(r.course.courseId).get()).data;
    expect(doc.audienceKeys).toEqual([`grade:${GRADE_A7}`]);
    expect(doc.startAt).toBeInstanceOf(Date);
    expect(doc.sessions[0].sessionId).toMatch(/^[0-9a-f]{20}$/);
    expect(doc.createdBy).toBe(userIdFor(TEACHER_A));
  });

  it.each([
    ['班主任', HEAD_A, 'ok'],
    ['school admin', ADMIN_A, 'ok'],
    ['任课教师 only', SUBJECT_A, 'FORBIDDEN'],
    ['a parent', P(0), 'FORBIDDEN'],
    ['a teacher of another school', TEACHER_B, 'FORBIDDEN'],
    ['a user without membership', STRANGER, 'FORBIDDEN'],
    ['nobody signed in', '', 'UNAUTHENTICATED'],
  ])('create as %s → %s', async (_n, who, expected) => {
    expect(code(await call(who, 'create', courseInput()))).toBe(expected);
  });

  it('bad input → VALIDATION_FAILED and nothing written', async () => {
    const before = await countDocs('courses');
    const bad = [
      courseInput({ title: '' }),
      courseInput({ form: '讲故事' }),
      courseInput({ capacity: -1 }),
      courseInput({ seatsPerFamily: 3 }),
      courseInput({ sessions: [] }),
      courseInput({ enrollClosesAt: new Date(Date.now() - 5 * DAY).toISOString() }),
      { ...courseInput(), schoolId: undefined },
      'not an object',
    ];
    for (const input of bad) {
      const r = await call(TEACHER_A, 'create', input);
      expect(code(r)).toBe('VALIDATION_FAILED');
    }
    expect(await countDocs('courses')).toBe(before);
    expect(code(await call(P(0), 'enroll', { courseId: 'x' }))).toBe('VALIDATION_FAILED');
    expect(code(await call(P(0), 'enroll', { courseId: 'x', childId: C(0), seats: 5 }))).toBe('VALIDATION_FAILED');
    expect(code(await call(TEACHER_A, 'removeEnrollment', { courseId: 'x', childId: C(0) }))).toBe('VALIDATION_FAILED');
    expect(await countDocs('enrollments')).toBe(0);
  });

  it('publish → close → reopen → cancel, with role and school checks on each', async () => {
    const id = ok(await call<CourseMutationOutput>(TEACHER_A, 'create', courseInput())).course.courseId;
    expect(code(await call(TEACHER_B, 'publish', { courseId: id }))).toBe('FORBIDDEN');
    expect(code(await call(P(0), 'publish', { courseId: id }))).toBe('FORBIDDEN');
    expect(code(await call(TEACHER_A, 'close', { courseId: id }))).toBe('COURSE_STATE_INVALID');
    expect(ok(await call<CourseMutationOutput>(TEACHER_A, 'publish', { courseId: id })).course.status).toBe('published');
    expect(code(await call(TEACHER_A, 'publish', { courseId: id }))).toBe('COURSE_STATE_INVALID');
    expect(ok(await call<CourseMutationOutput>(ADMIN_A, 'close', { courseId: id })).course.status).toBe('closed');
    expect(ok(await call<CourseMutationOutput>(HEAD_A, 'reopen', { courseId: id })).course.status).toBe('published');
    expect(code(await call(TEACHER_A, 'finish', { courseId: id }))).toBe('COURSE_STATE_INVALID'); // not started yet
    expect(code(await call(TEACHER_B, 'cancel', { courseId: id, reason: '天气原因' }))).toBe('FORBIDDEN');
    expect(ok(await call<CourseMutationOutput>(TEACHER_A, 'cancel', { courseId: id, reason: '天气原因' })).course).toMatchObject({ status: 'cancelled', cancelReason: '天气原因' });
    expect(code(await call(TEACHER_A, 'publish', { courseId: id }))).toBe('COURSE_STATE_INVALID');
    expect(code(await call(TEACHER_A, 'publish', { courseId: 'no-such-course' }))).toBe('COURSE_NOT_FOUND');
  });

  it('finish once the course has begun', async () => {
    const now = Date.now();
    const id = await createPublished({
      sessions: [{ startAt: new Date(now - 3600_000).toISOString(), endAt: new Date(now - 600_000).toISOString() }],
      enrollOpensAt: new Date(now - 2 * DAY).toISOString(),
      enrollClosesAt: new Date(now + DAY).toISOString(),
    });
    expect(ok(await call<CourseMutationOutput>(TEACHER_A, 'finish', { courseId: id })).course.status).toBe('finished');
    expect(code(await call(P(0), 'enroll', { courseId: id, childId: C(0) }))).toBe('COURSE_STATE_INVALID');
  });

  it('update: teachers of another school are refused; capacity never below the seats taken', async () => {
    const id = await createPublished({ capacity: 3 });
    ok(await call(P(1), 'enroll', { courseId: id, childId: C(1), seats: 2 }));
    expect(code(await call(TEACHER_B, 'update', { courseId: id, title: '别校改名' }))).toBe('FORBIDDEN');
    expect(code(await call(TEACHER_A, 'update', { courseId: id, capacity: 1 }))).toBe('COURSE_CAPACITY_TOO_LOW');
    expect(code(await call(TEACHER_A, 'update', { courseId: id, capacity: 'many' }))).toBe('VALIDATION_FAILED');
    const r = ok(await call<CourseMutationOutput>(TEACHER_A, 'update', { courseId: id, title: '青春期沟通（第二讲）', capacity: 2 }));
    expect(r.course).toMatchObject({ title: '青春期沟通（第二讲）', capacity: 2, seatsLeft: 0, full: true });
    expect(r.notified).toBe(0);
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
  });

  it('moving a published course tells the enrolled and waiting families (notice, and a subscribe message where allowed)', async () => {
    const id = await createPublished({ capacity: 1 });
    ok(await call(P(2), 'enroll', { courseId: id, childId: C(2) }));
    ok(await call(P(3), 'enroll', { courseId: id, childId: C(3) }));
    await accept(P(2), [COURSE_TEMPLATES.courseChanged]);
    const before = cloud.outbox().length;
    const doc = (await cloud.db.collection<CourseDoc>('courses').doc(id).get()).data;
    const later = new Date(doc.startAt.getTime() + 2 * 3600_000);
    const r = ok(
      await call<CourseMutationOutput>(TEACHER_A, 'update', {
        courseId: id,
        mode: { kind: 'offline', place: '三楼多功能厅' },
        sessions: [{ sessionId: doc.sessions[0].sessionId, startAt: later.toISOString(), endAt: new Date(later.getTime() + 45 * 60_000).toISOString() }],
      }),
    );
    expect(r.notified).toBe(2);
    expect(r.course.sessions[0].sessionId).toBe(doc.sessions[0].sessionId); // attendance keeps its session
    expect(r.course.totalClassHours).toBe(1);
    const notices = await cloud.db.collection('notice_inbox').where({ courseId: id, kind: 'course.changed' }).get();
    expect(notices.data.map((n) => n.userId).sort()).toEqual([userIdFor(P(2)), userIdFor(P(3))].sort());
    const body = ((await cloud.db.collection('notices').doc(notices.data[0].noticeId).get()).data as { body: string }).body;
    expect(body).toContain('三楼多功能厅');
    const sent = cloud.outbox().slice(before).filter((o) => o.api === 'subscribeMessage.send');
    // Only where the app reported an acceptance (P(3) allowed nothing: in-app only, no 43101 attempt).
    expect(sent.map((s) => [s.params.touser, s.errcode]).sort()).toEqual([[P(2), 0]]);
    // a title-only edit tells nobody
    expect(ok(await call<CourseMutationOutput>(TEACHER_A, 'update', { courseId: id, summary: '补充说明' })).notified).toBe(0);
  });

  it('cancelling a published course tells its families', async () => {
    const id = await createPublished();
    ok(await call(P(4), 'enroll', { courseId: id, childId: C(4) }));
    const r = ok(await call<CourseMutationOutput>(TEACHER_A, 'cancel', { courseId: id, reason: '讲师临时有事' }));
    expect(r.notified).toBe(1);
    const n = await cloud.db.collection('notice_inbox').where({ courseId: id, kind: 'course.cancelled' }).get();
    expect(n.data[0]).toMatchObject({ userId: userIdFor(P(4)), schoolId: SCHOOL_A, readAt: null });
    const notice = (await cloud.db.collection('notices').doc(n.data[0].noticeId).get()).data as { body: string };
    expect(notice.body).toContain('讲师临时有事');
  });
});

describe('catalogue for parents', () => {
  let grade7: string;
  let class81: string;
  let online: string;
  let schoolB: string;
  beforeAll(async () => {
    grade7 = await createPublished({ title: '七年级亲子共读分享会', form: '家长沙龙/工作坊', topics: ['亲子共读'], audience: { kind: 'grades', gradeIds: [GRADE_A7] } });
    class81 = await createPublished({ title: '八1班网络素养家长课', form: '家长课堂', topics: ['网络素养'], audience: { kind: 'classes', classIds: [CLASS_A81] } });
    online = await createPublished({ title: '线上微课：孩子沉迷手机怎么办', form: '线上微课', topics: ['网络素养', '心理健康'], mode: { kind: 'live', link: 'https://live.example.cn/room/1' }, capacity: 1 });
    schoolB = await createPublished({ title: 'B校家长开放日', form: '家长开放日', schoolId: SCHOOL_B, topics: ['其他'] }, TEACHER_B);
    ok(await call(P(35), 'enroll', { courseId: online, childId: C(35) })); // fills the online course
  });

  const titles = async (openid: string, input: Record<string, unknown>) => ok(await call<ListCoursesOutput>(openid, 'list', input)).items.map((c) => c.title);

  it('shows the courses of the child’s school, grade and class only', async () => {
    const a7 = await titles(P(0), { childId: C(0), pageSize: 50 });
    expect(a7).toContain('七年级亲子共读分享会');
    expect(a7).not.toContain('八1班网络素养家长课');
    expect(a7).not.toContain('B校家长开放日');
    const a8 = await titles(P(30), { childId: C(30), pageSize: 50 });
    expect(a8).toContain('八1班网络素养家长课');
    expect(a8).not.toContain('七年级亲子共读分享会');
    const b = await titles(P(40), { childId: C(40), pageSize: 50 });
    expect(b).toEqual(['B校家长开放日']);
  });

  it('filters by form, topic, mode, open seats and title', async () => {
    expect(await titles(P(0), { childId: C(0), form: '家长沙龙/工作坊' })).toEqual(['七年级亲子共读分享会']);
    expect(await titles(P(0), { childId: C(0), topic: '网络素养' })).toEqual(['线上微课：孩子沉迷手机怎么办']);
    expect(await titles(P(0), { childId: C(0), mode: 'live' })).toEqual(['线上微课：孩子沉迷手机怎么办']);
    expect(await titles(P(0), { childId: C(0), q: '沉迷' })).toEqual(['线上微课：孩子沉迷手机怎么办']);
    expect(await titles(P(0), { childId: C(0), q: '.*' })).toEqual([]); // a search is text, not a pattern
    const open = await titles(P(0), { childId: C(0), openSeatsOnly: true, pageSize: 50 });
    expect(open).not.toContain('线上微课：孩子沉迷手机怎么办');
    expect(open).toContain('七年级亲子共读分享会');
  });

  it('pages by cursor without repeats', async () => {
    const all = await titles(P(0), { childId: C(0), pageSize: 50 });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = ok(await call<ListCoursesOutput>(P(0), 'list', { childId: C(0), pageSize: 2, cursor }));
      seen.push(...page.items.map((x) => x.title));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all);
    expect(code(await call(P(0), 'list', { childId: C(0), cursor: 'garbage' }))).toBe('VALIDATION_FAILED');
  });

  it('refuses a child that is not the caller’s', async () => {
    expect(code(await call(P(0), 'list', { childId: C(1) }))).toBe('FORBIDDEN');
    expect(code(await call(TEACHER_A, 'list', { childId: C(1) }))).toBe('FORBIDDEN');
  });

  it('detail: sessions, place, speaker, seats left, what it counts toward, my enrolment', async () => {
    const d = ok(await call<CourseDetailDto>(P(36), 'detail', { courseId: online, childId: C(36) }));
    expect(d).toMatchObject({ title: '线上微课：孩子沉迷手机怎么办', seatsLeft: 0, full: true, canManage: false, myEnrollment: null, mode: { kind: 'live' }, speaker: { name: '陈老师' } });
    expect(d.sessions).toHaveLength(1);
    const mine = ok(await call<CourseDetailDto>(P(35), 'detail', { courseId: online, childId: C(35) }));
    expect(mine.myEnrollment).toMatchObject({ status: 'enrolled', seats: 1 });
    expect(ok(await call<CourseDetailDto>(TEACHER_A, 'detail', { courseId: online })).canManage).toBe(true);
    // other school: neither its teacher nor its parents see it
    expect(code(await call(TEACHER_B, 'detail', { courseId: online }))).toBe('FORBIDDEN');
    expect(code(await call(P(40), 'detail', { courseId: online }))).toBe('FORBIDDEN');
    expect(code(await call(P(0), 'detail', { courseId: schoolB }))).toBe('FORBIDDEN');
    expect(code(await call(P(0), 'detail', { courseId: 'nope' }))).toBe('COURSE_NOT_FOUND');
    // a draft is invisible to parents
    const draft = ok(await call<CourseMutationOutput>(TEACHER_A, 'create', courseInput())).course.courseId;
    expect(code(await call(P(0), 'detail', { courseId: draft }))).toBe('COURSE_NOT_FOUND');
    void grade7;
    void class81;
  });

  it('enrolment follows the audience', async () => {
    expect(code(await call(P(30), 'enroll', { courseId: grade7, childId: C(30) }))).toBe('COURSE_NOT_FOR_YOU');
    expect(code(await call(P(20), 'enroll', { courseId: class81, childId: C(20) }))).toBe('COURSE_NOT_FOR_YOU');
    expect(code(await call(P(40), 'enroll', { courseId: grade7, childId: C(40) }))).toBe('COURSE_NOT_FOR_YOU');
    expect(code(await call(P(0), 'enroll', { courseId: schoolB, childId: C(0) }))).toBe('COURSE_NOT_FOR_YOU');
    expect(code(await call(P(0), 'enroll', { courseId: grade7, childId: C(40) }))).toBe('FORBIDDEN');
    expect(ok(await call<EnrollOutput>(P(20), 'enroll', { courseId: grade7, childId: C(20) })).status).toBe('enrolled');
    expect(await countDocs('enrollments', { courseId: class81 })).toBe(0);
  });

  it('a 教联体 course reaches the member schools', async () => {
    const id = await createPublished({ title: '教联体联合讲座', audience: { kind: 'alliance', schoolIds: [SCHOOL_B] } });
    expect(await titles(P(40), { childId: C(40), q: '教联体' })).toEqual(['教联体联合讲座']);
    expect(ok(await call<EnrollOutput>(P(40), 'enroll', { courseId: id, childId: C(40) })).status).toBe('enrolled');
    expect(ok(await call<CourseDetailDto>(P(40), 'detail', { courseId: id, childId: C(40) })).myEnrollment?.status).toBe('enrolled');
  });
});

describe('enrol, waitlist, cancel, promotion', () => {
  it('enrols, refuses duplicates and too many seats, waitlists when full with positions in arrival order', async () => {
    const id = await createPublished({ capacity: 3, seatsPerFamily: 2 });
    expect(ok(await call<EnrollOutput>(P(5), 'enroll', { courseId: id, childId: C(5), seats: 2 }))).toMatchObject({ status: 'enrolled', seats: 2, course: { enrolledSeats: 2, seatsLeft: 1 } });
    expect(code(await call(P(5), 'enroll', { courseId: id, childId: C(5) }))).toBe('ENROLLMENT_DUPLICATE');
    // the other guardian of the same child shares the family's record
    await putSecondGuardian(cloud.db, 'cx-grandma-5', 5, where(5));
    expect(code(await call('cx-grandma-5', 'enroll', { courseId: id, childId: C(5) }))).toBe('ENROLLMENT_DUPLICATE');
    // one seat left: a family of two waits, then a family of one behind it also waits (order kept)
    expect(ok(await call<EnrollOutput>(P(6), 'enroll', { courseId: id, childId: C(6), seats: 2 }))).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(ok(await call<EnrollOutput>(P(7), 'enroll', { courseId: id, childId: C(7) }))).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(code(await call(P(7), 'enroll', { courseId: id, childId: C(7) }))).toBe('ENROLLMENT_DUPLICATE');
    const d = ok(await call<CourseDetailDto>(P(7), 'detail', { courseId: id, childId: C(7) }));
    expect(d.myEnrollment).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(await invariantProblems(cloud.db, id)).toEqual([]);

    const one = await createPublished({ seatsPerFamily: 1 });
    expect(code(await call(P(5), 'enroll', { courseId: one, childId: C(5), seats: 2 }))).toBe('ENROLLMENT_SEATS_EXCEEDED');
    expect(await countDocs('enrollments', { courseId: one })).toBe(0);

    // the family of two leaves the waitlist: the family of one moves up
    ok(await call(P(6), 'cancelEnrollment', { courseId: id, childId: C(6) }));
    expect(ok(await call<CourseDetailDto>(P(7), 'detail', { courseId: id, childId: C(7) })).myEnrollment?.waitlistPosition).toBe(1);
  });

  it('a cancelled seat goes to the first in line, who is told; a promoted family that cancels frees it for the next', async () => {
    const id = await createPublished({ capacity: 1 });
    ok(await call(P(8), 'enroll', { courseId: id, childId: C(8) }));
    ok(await call(P(9), 'enroll', { courseId: id, childId: C(9) }));
    ok(await call(P(10), 'enroll', { courseId: id, childId: C(10) }));
    await accept(P(9), [COURSE_TEMPLATES.enrollResult]);
    const before = cloud.outbox().length;
    expect(code(await call(P(9), 'cancelEnrollment', { courseId: id, childId: C(8) }))).toBe('FORBIDDEN');
    expect(ok(await call(P(8), 'cancelEnrollment', { courseId: id, childId: C(8) }))).toEqual({ status: 'cancelled', promoted: 1 });
    const e9 = (await cloud.db.collection<EnrollmentDoc>('enrollments').doc(`${id}_${C(9)}`).get()).data;
    expect(e9).toMatchObject({ status: 'enrolled' });
    expect(e9.promotedAt).toBeInstanceOf(Date);
    const notice = await cloud.db.collection('notice_inbox').where({ courseId: id, userId: userIdFor(P(9)) }).get();
    expect(notice.data[0]).toMatchObject({ kind: 'course.promoted', title: '候补成功，已为您保留名额' });
    const sent = cloud.outbox().slice(before).filter((o) => o.api === 'subscribeMessage.send');
    expect(sent).toEqual([expect.objectContaining({ errcode: 0, params: expect.objectContaining({ touser: P(9), template_id: COURSE_TEMPLATES.enrollResult }) })]);
    expect(code(await call(P(8), 'cancelEnrollment', { courseId: id, childId: C(8) }))).toBe('ENROLLMENT_NOT_FOUND');
    // the promoted family cancels: the next one moves in (its send gets 43101 and does not fail)
    expect(ok(await call(P(9), 'cancelEnrollment', { courseId: id, childId: C(9) }))).toEqual({ status: 'cancelled', promoted: 1 });
    expect((await cloud.db.collection<EnrollmentDoc>('enrollments').doc(`${id}_${C(10)}`).get()).data.status).toBe('enrolled');
    // cancelled families may enrol again — at the back of the line
    expect(ok(await call<EnrollOutput>(P(8), 'enroll', { courseId: id, childId: C(8) }))).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const again = (await cloud.db.collection<EnrollmentDoc>('enrollments').doc(`${id}_${C(8)}`).get()).data;
    // arrival keys come from the clock: the comeback's key is after every earlier family's
    const others = await Promise.all([9, 10].map(async (n) => (await cloud.db.collection<EnrollmentDoc>('enrollments').doc(`${id}_${C(n)}`).get()).data.seq));
    expect(again.seq).toBeGreaterThan(Math.max(...others));
    expect(again.cancelledAt).toBeNull();
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
  });

  it('cancelling after the deadline is refused; leaving the waitlist is not', async () => {
    const now = Date.now();
    const id = await createPublished({ capacity: 1, enrollOpensAt: new Date(now - 3 * DAY).toISOString(), cancelDeadline: new Date(now - DAY).toISOString() });
    ok(await call(P(11), 'enroll', { courseId: id, childId: C(11) }));
    ok(await call(P(12), 'enroll', { courseId: id, childId: C(12) }));
    const r = await call(P(11), 'cancelEnrollment', { courseId: id, childId: C(11) });
    expect(code(r)).toBe('ENROLLMENT_CANCEL_CLOSED');
    expect(!r.ok && (r.error.details as { reason: string }).reason).toContain('取消截止时间');
    expect(ok(await call(P(12), 'cancelEnrollment', { courseId: id, childId: C(12) }))).toEqual({ status: 'cancelled', promoted: 0 });
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
  });

  it('raising capacity promotes the waiting families in order', async () => {
    const id = await createPublished({ capacity: 1 });
    for (const i of [13, 14, 15, 16]) ok(await call(P(i), 'enroll', { courseId: id, childId: C(i) }));
    const r = ok(await call<CourseMutationOutput>(TEACHER_A, 'update', { courseId: id, capacity: 3 }));
    expect(r.promoted).toBe(2);
    expect(r.course).toMatchObject({ enrolledSeats: 3, waitlistFamilies: 1 });
    const statuses = await Promise.all([13, 14, 15, 16].map(async (i) => (await cloud.db.collection<EnrollmentDoc>('enrollments').doc(`${id}_${C(i)}`).get()).data.status));
    expect(statuses).toEqual(['enrolled', 'enrolled', 'enrolled', 'waitlisted']);
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
  });

  it('a removed guardian frees the seat for the next family', async () => {
    const id = await createPublished({ capacity: 1 });
    ok(await call(P(17), 'enroll', { courseId: id, childId: C(17) }));
    ok(await call(P(18), 'enroll', { courseId: id, childId: C(18) }));
    // another guardian's removal does not touch the enrolment parent 17 made
    expect(await onGuardianRemoved({ db: cloud.db, cloud: cloud.sdk }, { childId: C(17), userId: userIdFor('someone-else') })).toEqual({ cancelled: 0, promoted: 0 });
    const r = await onGuardianRemoved({ db: cloud.db, cloud: cloud.sdk }, { childId: C(17), userId: userIdFor(P(17)) });
    expect(r).toEqual({ cancelled: 1, promoted: 1 });
    expect((await cloud.db.collection<EnrollmentDoc>('enrollments').doc(`${id}_${C(17)}`).get()).data).toMatchObject({ status: 'cancelled', removedReason: '监护关系已解除' });
    expect((await cloud.db.collection<EnrollmentDoc>('enrollments').doc(`${id}_${C(18)}`).get()).data.status).toBe('enrolled');
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
    // a family's data deleted: all its live enrolments go, whoever made them
    const other = await createPublished({ capacity: 5 });
    ok(await call(P(18), 'enroll', { courseId: other, childId: C(18) }));
    expect(await releaseFamilyEnrollments({ db: cloud.db, cloud: cloud.sdk }, { childId: C(18), reason: '撤回授权，数据删除' })).toEqual({ cancelled: 2, promoted: 0 });
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
    expect(await invariantProblems(cloud.db, other)).toEqual([]);
  });
});

describe('我的课程 and the teacher’s enrolment list', () => {
  it('groups my courses into upcoming, waitlisted and finished', async () => {
    const now = Date.now();
    const up = await createPublished({ title: '我的-即将开始' });
    const full = await createPublished({ title: '我的-候补', capacity: 1 });
    const past = await createPublished({
      title: '我的-已结束',
      sessions: [{ startAt: new Date(now - 7200_000).toISOString(), endAt: new Date(now - 3600_000).toISOString() }],
      enrollOpensAt: new Date(now - 3 * DAY).toISOString(),
      enrollClosesAt: new Date(now + DAY).toISOString(),
    });
    ok(await call(P(21), 'enroll', { courseId: full, childId: C(21) }));
    for (const id of [up, full]) ok(await call(P(22), 'enroll', { courseId: id, childId: C(22) }));
    // enrol in the past course while it was still open (before its end), then finish it
    await cloud.db.collection('courses').doc(past).update({ data: { endAt: new Date(now + 3600_000) } });
    ok(await call(P(22), 'enroll', { courseId: past, childId: C(22) }));
    await cloud.db.collection('courses').doc(past).update({ data: { endAt: new Date(now - 3600_000) } });
    ok(await call(TEACHER_A, 'finish', { courseId: past }));
    const mine = ok(await call<MyCoursesOutput>(P(22), 'myCourses', {}));
    expect(mine.upcoming.map((x) => x.course.title)).toContain('我的-即将开始');
    expect(mine.waitlisted.map((x) => [x.course.title, x.enrollment.waitlistPosition])).toEqual([['我的-候补', 1]]);
    expect(mine.finished.map((x) => x.course.title)).toEqual(['我的-已结束']);
    expect(mine.upcoming[0].childName).toBe('学生22');
    expect(code(await call(P(22), 'myCourses', { childId: C(0) }))).toBe('FORBIDDEN');
    expect(ok(await call<MyCoursesOutput>(STRANGER, 'myCourses', {}))).toEqual({ upcoming: [], waitlisted: [], finished: [] });
  });

  it('lists enrolments with a class breakdown, removes one with a reason and promotes the next', async () => {
    const id = await createPublished({ capacity: 4 });
    for (const i of [0, 1, 20, 31, 2]) ok(await call(P(i), 'enroll', { courseId: id, childId: C(i), seats: i === 0 ? 2 : 1 }));
    const list = ok(await call<EnrollmentListOutput>(TEACHER_A, 'enrollments', { courseId: id }));
    expect(list.enrolled.map((e) => e.familyId)).toEqual([C(0), C(1), C(20)]);
    expect(list.waitlisted.map((e) => [e.familyId, e.waitlistPosition])).toEqual([[C(31), 1], [C(2), 2]]);
    expect(list.byClass).toEqual([
      { classId: CLASS_A71, className: '七年级1班', families: 2, seats: 3 },
      { classId: CLASS_A72, className: '七年级2班', families: 1, seats: 1 },
    ]);
    for (const who of [P(0), SUBJECT_A, TEACHER_B]) {
      expect(code(await call(who, 'enrollments', { courseId: id }))).toBe('FORBIDDEN');
      expect(code(await call(who, 'removeEnrollment', { courseId: id, childId: C(1), reason: '重复报名' }))).toBe('FORBIDDEN');
    }
    expect(ok(await call(HEAD_A, 'removeEnrollment', { courseId: id, childId: C(1), reason: '家长申请更换场次' }))).toEqual({ status: 'removed', promoted: 1 });
    const removed = (await cloud.db.collection<EnrollmentDoc>('enrollments').doc(`${id}_${C(1)}`).get()).data;
    expect(removed).toMatchObject({ status: 'removed', removedReason: '家长申请更换场次', removedBy: userIdFor(HEAD_A) });
    const n = await cloud.db.collection('notice_inbox').where({ courseId: id, userId: userIdFor(P(1)) }).get();
    expect(n.data[0].kind).toBe('course.removed');
    expect(code(await call(TEACHER_A, 'removeEnrollment', { courseId: id, childId: C(1), reason: '再次移除' }))).toBe('ENROLLMENT_NOT_FOUND');
    const after = ok(await call<EnrollmentListOutput>(ADMIN_A, 'enrollments', { courseId: id }));
    expect(after.enrolled.map((e) => e.familyId)).toEqual([C(0), C(20), C(31)]);
    expect(after.byClass.map((b) => b.className)).toEqual(['七年级1班', '七年级2班', '八年级1班']);
    expect(await invariantProblems(cloud.db, id)).toEqual([]);
  });

  it('listManaged: the school’s courses for its staff only, paged', async () => {
    const r = ok(await call<ListCoursesOutput>(TEACHER_A, 'listManaged', { schoolId: SCHOOL_A, pageSize: 5 }));
    expect(r.items).toHaveLength(5);
    expect(r.nextCursor).not.toBeNull();
    expect(r.items.every((c) => c.schoolId === SCHOOL_A)).toBe(true);
    const drafts = ok(await call<ListCoursesOutput>(TEACHER_A, 'listManaged', { schoolId: SCHOOL_A, status: 'draft', pageSize: 50 }));
    expect(drafts.items.length).toBeGreaterThan(0);
    expect(drafts.items.every((c) => c.status === 'draft')).toBe(true);
    expect(code(await call(TEACHER_B, 'listManaged', { schoolId: SCHOOL_A }))).toBe('FORBIDDEN');
    expect(code(await call(P(0), 'listManaged', { schoolId: SCHOOL_A }))).toBe('FORBIDDEN');
  });

  it('unknown action', async () => {
    expect(code(await call(P(0), 'dropTables', {}))).toBe('UNKNOWN_ACTION');
  });
});
