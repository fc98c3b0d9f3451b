/**
 * Test data for the course tests: users with denormalised memberships and children (the identity
 * model of server/access/actor.ts), written directly with the admin SDK database, and a helper
 * that checks the course invariants against the records. Not used in production code.
 */
import type { Database } from '../core/cloud';
import { userIdFor } from '../access/actor';
import type { ChildLink, Membership, PositionTitle } from '../../types/school/roles';
import type { CourseDoc, EnrollmentDoc } from '../../types/course/course.schema';

export const SCHOOL_A = 'cx-school-a';
export const SCHOOL_B = 'cx-school-b';
export const GRADE_A7 = 'cx-grade-a7';
export const GRADE_A8 = 'cx-grade-a8';
export const CLASS_A71 = 'cx-class-a7-1';
export const CLASS_A72 = 'cx-class-a7-2';
export const CLASS_A81 = 'cx-class-a8-1';
export const GRADE_B7 = 'cx-grade-b7';
export const CLASS_B71 = 'cx-class-b7-1';

export const TEACHER_A = 'cx-teacher-a'; // 家庭教育指导教师 of school A
export const HEAD_A = 'cx-head-a'; // 班主任 of CLASS_A71
export const SUBJECT_A = 'cx-subject-a'; // 任课教师 only: may not manage courses
export const ADMIN_A = 'cx-admin-a';
export const TEACHER_B = 'cx-teacher-b'; // 家庭教育指导教师 of school B
export const STRANGER = 'cx-stranger';

export const parentOpenid = (i: number) => `cx-parent-${String(i).padStart(4, '0')}`;
export const childIdOf = (i: number) => `cx-child-${String(i).padStart(4, '0')}`;

export async function putUser(db: Database, openid: string, memberships: Membership[], children: ChildLink[]): Promise<void> {
  await db.collection('users').doc(userIdFor(openid)).set({
    data: { openid, memberships, children, consent: { version: 'v1', acceptedAt: new Date() }, createdAt: new Date() },
  });
}

const staff = (schoolId: string, title: PositionTitle, extra: { classId?: string; gradeId?: string } = {}): Membership => ({
  schoolId,
  roles: ['teacher'],
  staffId: `staff-${schoolId}-${title}`,
  positions: [{ title, ...extra }],
});

export async function putStaff(db: Database): Promise<void> {
  await Promise.all([
    putUser(db, TEACHER_A, [staff(SCHOOL_A, '家庭教育指导教师')], []),
    putUser(db, HEAD_A, [staff(SCHOOL_A, '班主任', { classId: CLASS_A71 })], []),
    putUser(db, SUBJECT_A, [{ ...staff(SCHOOL_A, '任课教师', { classId: CLASS_A71 }), positions: [{ title: '任课教师', classId: CLASS_A71, subject: '语文' }] }], []),
    putUser(db, ADMIN_A, [{ schoolId: SCHOOL_A, roles: ['admin'], positions: [] }], []),
    putUser(db, TEACHER_B, [staff(SCHOOL_B, '家庭教育指导教师')], []),
    putUser(db, STRANGER, [], []),
  ]);
}

export interface FamilySpec {
  schoolId: string;
  gradeId: string;
  classId: string;
}

/** Parents 0..n-1 (each with their own child = family) in the given class; written in batches. */
export async function putParents(db: Database, from: number, to: number, where: FamilySpec | ((i: number) => FamilySpec)): Promise<void> {
  const ids = Array.from({ length: to - from }, (_, k) => from + k);
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids.slice(i, i + 50).map((n) => {
        const w = typeof where === 'function' ? where(n) : where;
        return putUser(db, parentOpenid(n), [{ schoolId: w.schoolId, roles: ['parent'], positions: [] }], [
          { childId: childIdOf(n), schoolId: w.schoolId, gradeId: w.gradeId, classId: w.classId, childName: `学生${n}`, relation: n % 2 ? '父亲' : '母亲' },
        ]);
      }),
    );
  }
}

/** A second guardian of an existing child (same family). */
export async function putSecondGuardian(db: Database, openid: string, n: number, where: FamilySpec): Promise<void> {
  await putUser(db, openid, [{ schoolId: where.schoolId, roles: ['parent'], positions: [] }], [
    { childId: childIdOf(n), schoolId: where.schoolId, gradeId: where.gradeId, classId: where.classId, childName: `学生${n}`, relation: '祖父母' },
  ]);
}

export async function putClasses(db: Database): Promise<void> {
  const classes = [
    { _id: CLASS_A71, schoolId: SCHOOL_A, gradeId: GRADE_A7, name: '七年级1班' },
    { _id: CLASS_A72, schoolId: SCHOOL_A, gradeId: GRADE_A7, name: '七年级2班' },
    { _id: CLASS_A81, schoolId: SCHOOL_A, gradeId: GRADE_A8, name: '八年级1班' },
  ];
  // Grades too: a course's audience may name only the owner school's grades and classes (course-audience.ts).
  const grades = [
    { _id: GRADE_A7, schoolId: SCHOOL_A, name: '七年级', order: 7 },
    { _id: GRADE_A8, schoolId: SCHOOL_A, name: '八年级', order: 8 },
  ];
  // Schools A and B form a 教联体 (an 'alliance' audience may name only schools of the owner's 教联体).
  const alliance = 'cx-alliance';
  await Promise.all([
    db.collection('alliances').doc(alliance).set({ data: { name: '测试教联体', leadSchoolId: SCHOOL_A, schoolIds: [SCHOOL_A, SCHOOL_B] } }),
    ...[SCHOOL_A, SCHOOL_B].map((id) => db.collection('schools').doc(id).set({ data: { name: id, district: '', allianceId: alliance } })),
    ...classes.map(({ _id, ...c }) => db.collection('classes').doc(_id).set({ data: c })),
    ...grades.map(({ _id, ...g }) => db.collection('grades').doc(_id).set({ data: g })),
  ]);
}

/** Every enrolment record of a course (paged). */
export async function allEnrollments(db: Database, courseId: string): Promise<EnrollmentDoc[]> {
  const out: EnrollmentDoc[] = [];
  for (;;) {
    const r = await db.collection<EnrollmentDoc>('enrollments').where({ courseId }).orderBy('_id', 'asc').skip(out.length).limit(1000).get();
    out.push(...r.data);
    if (r.data.length < 1000) return out;
  }
}

/** The course's counters against its records; returns a description of every mismatch. */
export async function invariantProblems(db: Database, courseId: string): Promise<string[]> {
  const c = (await db.collection<CourseDoc>('courses').doc(courseId).get()).data;
  const all = await allEnrollments(db, courseId);
  const enrolled = all.filter((e) => e.status === 'enrolled');
  const waiting = all.filter((e) => e.status === 'waitlisted');
  const seats = enrolled.reduce((s, e) => s + e.seats, 0);
  const problems: string[] = [];
  if (seats > c.capacity) problems.push(`seats ${seats} > capacity ${c.capacity}`);
  if (c.enrolledSeats !== seats) problems.push(`enrolledSeats ${c.enrolledSeats} ≠ records ${seats}`);
  if (c.enrolledFamilies !== enrolled.length) problems.push(`enrolledFamilies ${c.enrolledFamilies} ≠ records ${enrolled.length}`);
  if (c.waitlistFamilies !== waiting.length) problems.push(`waitlistFamilies ${c.waitlistFamilies} ≠ records ${waiting.length}`);
  const fams = new Set(all.map((e) => e.familyId));
  if (fams.size !== all.length) problems.push('more than one record for a family');
  const live = all.filter((e) => e.status === 'enrolled' || e.status === 'waitlisted');
  const seqs = live.map((e) => e.seq);
  if (new Set(seqs).size !== seqs.length) problems.push('duplicate arrival keys');
  // Seats: exactly `capacity` seat documents; an enrolled record holds exactly its seats; nothing else holds one.
  const seatDocs: { _id: string; holder: string; n: number }[] = [];
  for (;;) {
    const r = await db.collection<{ _id: string; holder: string; n: number }>('course_seats').where({ courseId }).orderBy('_id', 'asc').skip(seatDocs.length).limit(1000).get();
    seatDocs.push(...r.data);
    if (r.data.length < 1000) break;
  }
  if (seatDocs.length !== c.capacity) problems.push(`${seatDocs.length} seat documents ≠ capacity ${c.capacity}`);
  const heldBy = new Map<string, number>();
  for (const s of seatDocs) if (s.holder && !s.holder.startsWith('#')) heldBy.set(s.holder, (heldBy.get(s.holder) ?? 0) + 1);
  for (const e of enrolled) {
    const n = e.seatHolder ? heldBy.get(e.seatHolder) ?? 0 : 0;
    if (n !== e.seats) problems.push(`${e._id} enrolled with ${e.seats} seats holds ${n}`);
  }
  const named = new Set(enrolled.map((e) => e.seatHolder));
  for (const [h, n] of heldBy) if (!named.has(h)) problems.push(`${n} seats held by ${h}, which no enrolled record names`);
  if (seatDocs.some((s) => s.holder.startsWith('#closed'))) problems.push('closed seats left behind');
  if (seatDocs.some((s) => s.holder.startsWith('#free:') && s.holder !== `#free:${courseId}`)) problems.push('a seat marked free for another course');
  return problems;
}

const DAY = 86400_000;
/** A valid create input relative to now (enrolment open, course in a week). */
export function courseInput(over: Record<string, unknown> = {}, now = Date.now()) {
  const start = new Date(now + 7 * DAY);
  return {
    schoolId: SCHOOL_A,
    title: '如何与青春期孩子沟通',
    summary: '帮助家长理解青春期孩子的情绪变化，学会倾听与表达。',
    form: '专题讲座',
    topics: ['心理健康'],
    audience: { kind: 'school' },
    speaker: { kind: 'expert', name: '陈老师', title: '国家二级心理咨询师' },
    mode: { kind: 'offline', place: '学校报告厅' },
    sessions: [{ startAt: start.toISOString(), endAt: new Date(start.getTime() + 90 * 60_000).toISOString() }],
    capacity: 50,
    seatsPerFamily: 2,
    enrollOpensAt: new Date(now - DAY).toISOString(),
    enrollClosesAt: new Date(now + 5 * DAY).toISOString(),
    semester: '2025-2026-1',
    ...over,
  };
}
