/**
 * From an audience to its parent users: the facts the rule needs (classes, grade, course owner,
 * 教联体), the label the sender sees, and the paged source the fan-out reads. Parent users are read
 * from `users` (one document per user, so a parent with several children in the audience is one
 * recipient) by their denormalised children; a course's families from `enrollments` (enroller).
 */
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findById, findByIds } from '../core/persistence';
import type { Actor, UserDoc } from '../access/actor';
import { membershipIn } from '../access/actor';
import { C, type AllianceDoc, type ClassDoc, type GradeDoc, type SchoolDoc } from '../school/model';
import type { CourseDoc } from '../../types/course/course.schema';
import type { InboxChild, NoticeAudience } from '../../types/notice/notice.schema';
import { canSendTo, type AudienceFacts } from '../../types/notice/notice.rules';

export interface ResolvedAudience {
  facts: AudienceFacts;
  label: string;
  classIds: string[];
  courseId: string | null;
}

export async function classLabels(db: Database, classIds: string[]): Promise<Map<string, string>> {
  const classes = await findByIds<ClassDoc>(db, C.classes, classIds);
  const grades = await findByIds<GradeDoc>(db, C.grades, classes.map((c) => c.gradeId));
  const gradeName = new Map(grades.map((g) => [g._id, g.name]));
  return new Map(classes.map((c) => [c._id, `${gradeName.get(c.gradeId) ?? ''}${c.name}`]));
}

export async function allianceOf(db: Database, schoolId: string): Promise<AllianceDoc | null> {
  const school = await findById<SchoolDoc>(db, C.schools, schoolId);
  return school?.allianceId ? findById<AllianceDoc>(db, C.alliances, school.allianceId) : null;
}

/** Loads what canSendTo needs, checks it for the actor, and labels the audience. */
export async function authorizeAudience(db: Database, actor: Actor, schoolId: string, audience: NoticeAudience): Promise<ResolvedAudience> {
  const facts: AudienceFacts = { schoolId };
  let label = '';
  let classIds: string[] = [];
  let courseId: string | null = null;
  switch (audience.kind) {
    case 'classes': {
      const classes = await findByIds<ClassDoc>(db, C.classes, audience.classIds);
      facts.classes = classes.map((c) => ({ classId: c._id, schoolId: c.schoolId, gradeId: c.gradeId }));
      classIds = [...new Set(audience.classIds)];
      break;
    }
    case 'grade': {
      const g = await findById<GradeDoc>(db, C.grades, audience.gradeId);
      facts.grade = g ? { gradeId: g._id, schoolId: g.schoolId } : null;
      label = g && g.schoolId === schoolId ? `${g.name}全体家长` : '';
      break;
    }
    case 'course': {
      const c = await findById<CourseDoc>(db, 'courses', audience.courseId);
      facts.course = c ? { courseId: c._id, schoolId: c.schoolId, ownerId: c.createdBy } : null;
      label = c && c.schoolId === schoolId ? `课程“${c.title}”报名及候补家庭` : '';
      courseId = audience.courseId;
      break;
    }
    case 'school':
      label = '全校家长';
      break;
    case 'alliance': {
      const a = await allianceOf(db, schoolId);
      facts.alliance = a ? { leadSchoolId: a.leadSchoolId, schoolIds: a.schoolIds } : null;
      label = a ? `${a.name}全部学校家长` : '';
      break;
    }
  }
  const ok = canSendTo({ userId: actor.userId, membership: membershipIn(actor, schoolId) }, audience, facts);
  if (!ok.ok) fail(ok.code);
  if (audience.kind === 'classes') label = [...(await classLabels(db, classIds)).values()].join('、');
  return { facts, label, classIds, courseId };
}

/** Where the fan-out reads the audience, page by page (by _id). */
export type AudienceQuery =
  | { collection: 'users'; where: Record<string, unknown>; pick: (u: UserDoc) => InboxChild[] }
  | { collection: 'enrollments'; where: Record<string, unknown> }
  | { collection: 'list' };

const childOf = (c: UserDoc['children'][number]): InboxChild => ({ childId: c.childId, classId: c.classId, schoolId: c.schoolId, childName: c.childName, relation: c.relation });

export async function audienceQuery(
  db: Database,
  schoolId: string,
  audience: NoticeAudience | { kind: 'users' },
  opts: { courseStatuses?: string[] } = {},
): Promise<AudienceQuery> {
  const _ = db.command;
  switch (audience.kind) {
    case 'users':
      return { collection: 'list' };
    case 'classes': {
      const set = new Set(audience.classIds);
      return { collection: 'users', where: { 'children.classId': _.in([...set]) }, pick: (u) => u.children.filter((c) => set.has(c.classId)).map(childOf) };
    }
    case 'grade': {
      const classes = (await db.collection<ClassDoc>(C.classes).where({ gradeId: audience.gradeId }).limit(100).get()).data;
      const set = new Set(classes.map((c) => c._id));
      return { collection: 'users', where: { 'children.classId': _.in([...set]) }, pick: (u) => u.children.filter((c) => set.has(c.classId)).map(childOf) };
    }
    case 'school':
      return { collection: 'users', where: { 'children.schoolId': schoolId }, pick: (u) => u.children.filter((c) => c.schoolId === schoolId).map(childOf) };
    case 'alliance': {
      const a = await allianceOf(db, schoolId);
      const set = new Set(a?.schoolIds ?? [schoolId]);
      return { collection: 'users', where: { 'children.schoolId': _.in([...set]) }, pick: (u) => u.children.filter((c) => set.has(c.schoolId)).map(childOf) };
    }
    case 'course':
      return { collection: 'enrollments', where: { courseId: audience.courseId, status: _.in(opts.courseStatuses ?? ['enrolled', 'waitlisted']) } };
  }
}

/** How many documents the audience query matches (the progress bar's total; 0: nobody to send to). */
export async function countAudience(db: Database, q: AudienceQuery, listSize = 0): Promise<number> {
  if (q.collection === 'list') return listSize;
  return (await db.collection(q.collection).where(q.where).count()).total;
}
