/**
 * Test data for attendance and credit tests: users (with denormalised memberships and children,
 * as server/access/actor.ts reads them), a course with sessions and enrolments, written directly
 * with the admin SDK database. Not used in production code.
 */
import type { Database } from '../core/cloud';
import { userIdFor } from '../access/actor';
import type { ChildLink, Membership } from '../../types/school/roles';
import type { Result } from '../../types/common/result';

export const SCHOOL_A = 'fx-school-a';
export const SCHOOL_B = 'fx-school-b';
export const CLASS_A1 = 'fx-class-a1';
export const CLASS_A2 = 'fx-class-a2';
export const TEACHER_A = 'fx-teacher-a'; // teacher + 班主任 of CLASS_A1
export const ADMIN_A = 'fx-admin-a';
export const TEACHER_B = 'fx-teacher-b'; // teacher of the other school
export const STRANGER = 'fx-stranger'; // signed in, no membership, no child

/** The data of an ok result; a failed one throws with its code and details, so the test says why. */
export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code} ${JSON.stringify(r.error.details ?? '')}`);
  return r.data;
}

/** 'OK' for an ok result, otherwise its error code. */
export function code(r: Result<unknown>): string {
  return r.ok ? 'OK' : r.error.code;
}

/** How many documents of a collection match `where`. */
export async function countWhere(db: Database, coll: string, where: Record<string, unknown>): Promise<number> {
  return (await db.collection(coll).where(where).count()).total;
}

export const parentOpenid = (i: number) => `fx-parent-${String(i).padStart(3, '0')}`;
export const childId = (i: number) => `fx-child-${String(i).padStart(3, '0')}`;

export async function putUser(db: Database, openid: string, memberships: Membership[], children: ChildLink[]): Promise<void> {
  await db.collection('users').doc(userIdFor(openid)).set({
    data: { openid, memberships, children, consent: { version: 'v1', acceptedAt: new Date() }, createdAt: new Date() },
  });
}

export interface CourseFixture {
  courseId: string;
  sessionId: string;
  schoolId: string;
  startAt: Date;
  endAt: Date;
}

export async function putCourse(
  db: Database,
  p: { courseId: string; schoolId?: string; startAt: Date; minutes?: number; title?: string; mode?: 'offline' | 'recorded'; sessions?: number },
): Promise<CourseFixture[]> {
  const minutes = p.minutes ?? 90;
  const n = p.sessions ?? 1;
  const sessions = Array.from({ length: n }, (_, i) => {
    const startAt = new Date(p.startAt.getTime() + i * 7 * 86400_000);
    const endAt = new Date(startAt.getTime() + minutes * 60_000);
    return { sessionId: `${p.courseId}-s${i + 1}`, startAt, endAt, place: '学校报告厅', classHours: Math.max(0.5, Math.round((minutes / 45) * 2) / 2) };
  });
  const schoolId = p.schoolId ?? SCHOOL_A;
  await db.collection('courses').doc(p.courseId).set({
    data: {
      schoolId,
      title: p.title ?? '如何与青春期孩子沟通',
      summary: '',
      form: '集体授课',
      topics: ['心理健康'],
      audience: { kind: 'school' },
      audienceKeys: [`school:${schoolId}`],
      speaker: { kind: 'staff', name: '李老师' },
      mode: p.mode === 'recorded' ? { kind: 'recorded' } : { kind: 'offline', place: '学校报告厅' },
      sessions,
      startAt: sessions[0].startAt,
      endAt: sessions[n - 1].endAt,
      totalClassHours: sessions.reduce((s, x) => s + x.classHours, 0),
      classHourRule: { minutesPerClassHour: 45 },
      capacity: 2000,
      seatsPerFamily: 2,
      enrollOpensAt: new Date(p.startAt.getTime() - 7 * 86400_000),
      enrollClosesAt: new Date(p.startAt.getTime() - 3600_000),
      cancelDeadline: p.startAt,
      semester: '2026-2027-1',
      status: 'published',
      enrolledSeats: 0,
      enrolledFamilies: 0,
      waitlistFamilies: 0,
      full: false,
      seq: 0,
      createdBy: userIdFor(TEACHER_A),
      createdAt: new Date(),
      updatedAt: new Date(),
    },
  });
  return sessions.map((s) => ({ courseId: p.courseId, sessionId: s.sessionId, schoolId, startAt: s.startAt, endAt: s.endAt }));
}

export async function enrol(db: Database, courseId: string, i: number, opts: { status?: string; schoolId?: string; classId?: string } = {}): Promise<void> {
  await db.collection('enrollments').doc(`${courseId}_${childId(i)}`).set({
    data: {
      courseId,
      schoolId: opts.schoolId ?? SCHOOL_A,
      semester: '2026-2027-1',
      familyId: childId(i),
      childSchoolId: opts.schoolId ?? SCHOOL_A,
      gradeId: 'fx-grade-7',
      classId: opts.classId ?? (i % 2 ? CLASS_A1 : CLASS_A2),
      childName: `学生${i}`,
      userId: userIdFor(parentOpenid(i)),
      openid: parentOpenid(i),
      seats: 1,
      status: opts.status ?? 'enrolled',
      seq: i,
      enrolledAt: new Date(),
      createdAt: new Date(),
      updatedAt: new Date(),
    },
  });
}

async function inBatches<T>(items: T[], size: number, fn: (x: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Staff of both schools and `parents` parents (parent i has child i; odd i in class A1, even in A2). */
export async function seedPeople(db: Database, parents: number): Promise<void> {
  const staff: [string, Membership[]][] = [
    [TEACHER_A, [{ schoolId: SCHOOL_A, roles: ['teacher'], positions: [{ title: '班主任', classId: CLASS_A1 }] }]],
    [ADMIN_A, [{ schoolId: SCHOOL_A, roles: ['teacher', 'admin'], positions: [{ title: '校长' }] }]],
    [TEACHER_B, [{ schoolId: SCHOOL_B, roles: ['teacher', 'admin'], positions: [{ title: '班主任', classId: CLASS_A1 }] }]],
    [STRANGER, []],
  ];
  await Promise.all(staff.map(([o, m]) => putUser(db, o, m, [])));
  await inBatches(
    Array.from({ length: parents }, (_, k) => k + 1),
    25,
    (i) =>
      putUser(db, parentOpenid(i), [{ schoolId: SCHOOL_A, roles: ['parent'], positions: [] }], [
        { childId: childId(i), schoolId: SCHOOL_A, gradeId: 'fx-grade-7', classId: i % 2 ? CLASS_A1 : CLASS_A2, childName: `学生${i}`, relation: '母亲' },
      ]),
  );
}

export async function enrolAll(db: Database, courseId: string, from: number, to: number): Promise<void> {
  await inBatches(
    Array.from({ length: to - from + 1 }, (_, k) => from + k),
    25,
    (i) => enrol(db, courseId, i),
  );
}
