/**
 * The ONE place where attendance and credit read the course domain's data (collections
 * `courses` and `enrollments`, owned by server/course). If their model changes, fix it here.
 */
import type { Database } from '../core/cloud';
import { findById } from '../core/persistence';
import type { Actor } from '../access/actor';
import { membershipIn } from '../access/actor';
import type { CourseDoc, CourseSession, EnrollmentDoc } from '../../types/course/course.schema';
import { audienceMatches } from '../../types/course/course.rules';
import type { ChildLink } from '../../types/school/roles';

export interface SessionInfo {
  sessionId: string;
  courseId: string;
  schoolId: string;
  courseTitle: string;
  semester: string;
  modeKind: 'offline' | 'live' | 'recorded';
  startAt: Date;
  endAt: Date;
  durationMinutes: number;
  /** Class hours this session is worth (the course domain computes them). */
  classHours: number | null;
  courseStatus: string;
}

export interface EnrollmentInfo {
  courseId: string;
  familyId: string;
  schoolId: string;
  classId: string;
  childName: string;
  status: 'enrolled' | 'waitlisted' | 'cancelled' | 'removed';
  /** The guardian who enrolled (users/_id) and their openid. */
  userId: string;
  openid: string;
}

function toDate(v: unknown): Date {
  return v instanceof Date ? v : new Date(v as string);
}

function sessionInfo(course: CourseDoc, s: CourseSession): SessionInfo {
  const startAt = toDate(s.startAt);
  const endAt = toDate(s.endAt);
  return {
    sessionId: s.sessionId,
    courseId: course._id,
    schoolId: course.schoolId,
    courseTitle: course.title,
    semester: course.semester,
    modeKind: (course.mode?.kind ?? 'offline') as SessionInfo['modeKind'],
    startAt,
    endAt,
    durationMinutes: Math.round((endAt.getTime() - startAt.getTime()) / 60_000),
    classHours: typeof s.classHours === 'number' ? s.classHours : null,
    courseStatus: course.status,
  };
}

export async function findSession(db: Database, sessionId: string): Promise<SessionInfo | null> {
  const res = await db.collection<CourseDoc>('courses').where({ 'sessions.sessionId': sessionId }).limit(1).get();
  const course = res.data[0];
  if (!course) return null;
  const s = (course.sessions || []).find((x) => x.sessionId === sessionId);
  return s ? sessionInfo(course, s) : null;
}

export function enrollmentId(courseId: string, familyId: string): string {
  return `${courseId}_${familyId}`;
}

function enrollmentInfo(e: EnrollmentDoc): EnrollmentInfo {
  return { courseId: e.courseId, familyId: e.familyId, schoolId: e.schoolId, classId: e.classId, childName: e.childName, status: e.status, userId: e.userId, openid: e.openid };
}

export async function getEnrollment(db: Database, courseId: string, familyId: string): Promise<EnrollmentInfo | null> {
  const e = await findById<EnrollmentDoc>(db, 'enrollments', enrollmentId(courseId, familyId));
  return e ? enrollmentInfo(e) : null;
}

/** Every enrolled family of a course (paged by _id; a course has at most a few thousand). */
export async function listEnrolled(db: Database, courseId: string): Promise<EnrollmentInfo[]> {
  const _ = db.command;
  const out: EnrollmentInfo[] = [];
  let last = '';
  for (;;) {
    const where: Record<string, unknown> = { courseId, status: 'enrolled' };
    if (last) where._id = _.gt(last);
    const res = await db.collection<EnrollmentDoc>('enrollments').where(where).orderBy('_id', 'asc').limit(1000).get();
    out.push(...res.data.map(enrollmentInfo));
    if (res.data.length < 1000) return out;
    last = res.data[res.data.length - 1]._id;
  }
}

/** Who may run check-in and the roster of a course: teachers and admins of the course's school. */
export function canRunSession(actor: Actor, session: SessionInfo): boolean {
  const m = membershipIn(actor, session.schoolId);
  return !!m && (m.roles.includes('teacher') || m.roles.includes('admin'));
}

/** Sessions of these schools' courses that overlap [from, to] (for the teacher's "today" list). */
export async function sessionsBetween(db: Database, schoolIds: string[], from: Date, to: Date): Promise<(SessionInfo & { place: string })[]> {
  if (!schoolIds.length) return [];
  const _ = db.command;
  const res = await db
    .collection<CourseDoc>('courses')
    .where({ schoolId: _.in(schoolIds), status: _.in(['published', 'closed', 'finished']), startAt: _.lte(to), endAt: _.gte(from) })
    .orderBy('startAt', 'asc')
    .limit(200)
    .get();
  const out: (SessionInfo & { place: string })[] = [];
  for (const c of res.data) {
    for (const s of c.sessions || []) {
      const info = sessionInfo(c, s);
      if (info.modeKind === 'recorded') continue;
      if (info.endAt.getTime() < from.getTime() || info.startAt.getTime() > to.getTime()) continue;
      const place = s.place ?? (c.mode?.kind === 'offline' ? (c.mode as { place: string }).place : '线上');
      out.push({ ...info, place });
    }
  }
  return out.sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
}

export async function countEnrolled(db: Database, courseId: string): Promise<number> {
  return (await db.collection('enrollments').where({ courseId, status: 'enrolled' }).count()).total;
}

// ---------- recorded courses as online lessons ----------
/**
 * A course with mode.kind === 'recorded' (form 线上微课) is watched as an online lesson whose id is
 * `rc_<courseId>` (recordedLessonId in types/attendance/attendance.rules.ts). Its length is the sum
 * of its sessions' lengths and completing it credits the course's class hours
 * (`totalClassHours`, computed by the course domain with the school's class-hour rule).
 */
export { recordedCourseIdOf, recordedLessonId } from '../../types/attendance/attendance.rules';

export interface RecordedCourseInfo {
  courseId: string;
  schoolId: string;
  title: string;
  summary: string;
  mediaUrl: string | null;
  durationSeconds: number;
  classHours: number;
  /** Published, enrolment closed or finished: watchable. Draft and cancelled: not. */
  watchable: boolean;
  audience: CourseDoc['audience'];
}

function recordedCourseInfo(c: CourseDoc): RecordedCourseInfo {
  const seconds = (c.sessions || []).reduce((sum, s) => sum + Math.max(0, Math.round((toDate(s.endAt).getTime() - toDate(s.startAt).getTime()) / 1000)), 0);
  return {
    courseId: c._id,
    schoolId: c.schoolId,
    title: c.title,
    summary: c.summary ?? '',
    // A link, or a cloud file id (cloud://…, which the weapp <Video> plays).
    mediaUrl: (c.mode as { link?: string }).link ?? (c.mode as { fileId?: string }).fileId ?? null,
    durationSeconds: seconds,
    classHours: typeof c.totalClassHours === 'number' ? c.totalClassHours : 0,
    watchable: c.status === 'published' || c.status === 'closed' || c.status === 'finished',
    audience: c.audience,
  };
}

export async function findRecordedCourse(db: Database, courseId: string): Promise<RecordedCourseInfo | null> {
  const c = await findById<CourseDoc>(db, 'courses', courseId);
  return c && c.mode?.kind === 'recorded' ? recordedCourseInfo(c) : null;
}

/** The watchable recorded courses this family may watch for credit (enrolled, in the audience), newest first. */
export async function recordedCoursesFor(db: Database, family: ChildLink): Promise<RecordedCourseInfo[]> {
  const _ = db.command;
  const enrolments = (await db.collection<EnrollmentDoc>('enrollments').where({ familyId: family.childId, status: 'enrolled' }).limit(100).get()).data;
  if (!enrolments.length) return [];
  const courses = (
    await db
      .collection<CourseDoc>('courses')
      .where({ _id: _.in(enrolments.map((e) => e.courseId)), 'mode.kind': 'recorded' })
      .orderBy('startAt', 'desc')
      .limit(100)
      .get()
  ).data;
  const byCourse = new Map(enrolments.map((e) => [e.courseId, enrollmentInfo(e)]));
  return courses.map(recordedCourseInfo).filter((c) => c.watchable && recordedAccess(c, family, byCourse.get(c.courseId) ?? null) === 'ok');
}

/**
 * Who may watch a recorded course for credit. Recorded courses keep the course domain's seat
 * semantics (capacity is required for every mode and canEnroll applies it to recorded courses
 * too), so the family must be in the audience AND enrolled (not waitlisted, not cancelled).
 */
export type RecordedAccess = 'ok' | 'not_for_you' | 'not_enrolled';

export function recordedAccess(course: RecordedCourseInfo, family: ChildLink, enrollment: EnrollmentInfo | null): RecordedAccess {
  if (!audienceMatches({ schoolId: course.schoolId, audience: course.audience }, family)) return 'not_for_you';
  return enrollment && enrollment.status === 'enrolled' ? 'ok' : 'not_enrolled';
}
