/**
 * Figures counted at read time from small collections with indexed queries (the bench measures
 * them): courses' sessions of the term, 家长会 notices, notices' read counts, reception days and
 * bookings, open cases, certificates. The large ones (ledger, attendance) come from the rollups.
 */
import type { Database } from '../core/cloud';
import { findAll } from '../core/persistence';
import { shanghai } from '../../types/common/time';
import type { CourseDoc } from '../../types/course/course.schema';
import type { NoticeDoc } from '../../types/notice/notice.schema';
import type { ReceptionDayDoc } from '../../types/reception/reception.schema';
import type { TermInfo } from '../../types/credit/credit.rules';
import type { Scope } from '../../types/oversight/oversight.schema';
import type { Layout } from './access';

export interface HeldSession {
  sessionId: string;
  courseId: string;
  title: string;
  form: string;
  startAt: Date;
  minutes: number;
}

/** Scope keys a course / notice audience must name to concern the scope. */
function audienceKeysOf(layout: Layout, scope: Scope, classIds: string[]): string[] {
  const keys = [`school:${scope.schoolId}`];
  if (scope.kind === 'grade') keys.push(`grade:${scope.gradeId}`, ...classIds.map((c) => `class:${c}`));
  if (scope.kind === 'class') {
    const cls = layout.classes.find((c) => c._id === scope.classId);
    if (cls) keys.push(`grade:${cls.gradeId}`);
    keys.push(`class:${scope.classId}`);
  }
  return keys;
}

/** Sessions held (started by now) in the term: the school's own courses, or those open to the grade / class. */
export async function heldSessions(db: Database, layout: Layout, scope: Scope, classIds: string[], term: TermInfo, now: Date): Promise<HeldSession[]> {
  const _ = db.command;
  const where = scope.kind === 'school' || scope.kind === 'alliance' ? { schoolId: scope.schoolId, semester: term.term } : { audienceKeys: _.in(audienceKeysOf(layout, scope, classIds)), semester: term.term };
  const courses = await findAll<CourseDoc>(db, 'courses', where, 5000);
  const out: HeldSession[] = [];
  for (const c of courses) {
    if (c.status === 'draft' || c.status === 'cancelled') continue;
    for (const s of c.sessions ?? []) {
      const startAt = new Date(s.startAt);
      if (startAt.getTime() > now.getTime() || startAt < term.startsAt || startAt > term.endsAt) continue;
      out.push({ sessionId: s.sessionId, courseId: c._id, title: c.title, form: c.form, startAt, minutes: Math.round((new Date(s.endAt).getTime() - startAt.getTime()) / 60000) });
    }
  }
  return out.sort((a, b) => b.startAt.getTime() - a.startAt.getTime() || a.sessionId.localeCompare(b.sessionId));
}

/** Notices the school sent in the term (sending / sent, not withdrawn), newest first. */
export async function termNotices(db: Database, schoolId: string, term: TermInfo, now: Date): Promise<NoticeDoc[]> {
  const _ = db.command;
  const hi = now < term.endsAt ? now : term.endsAt;
  const list = await findAll<NoticeDoc>(db, 'notices', { schoolId, sendAt: _.gte(term.startsAt).and(_.lte(hi)), status: _.in(['sending', 'sent']) }, 5000);
  return list.sort((a, b) => new Date(b.sendAt).getTime() - new Date(a.sendAt).getTime());
}

/** Does a notice reach the class? (school-wide, its grade, or naming it) */
export function noticeCoversClass(n: NoticeDoc, cls: { _id: string; gradeId: string }): boolean {
  const a = n.audience;
  if (a.kind === 'school' || a.kind === 'alliance') return true;
  if (a.kind === 'grade') return a.gradeId === cls.gradeId;
  if (a.kind === 'classes') return a.classIds.includes(cls._id);
  return (n.audienceClassIds ?? []).includes(cls._id);
}

/** Read counts of the notices that reached the scope's classes in the term. */
export async function readCounts(db: Database, scope: Scope, classIds: string[], notices: NoticeDoc[], term: TermInfo): Promise<{ delivered: number; read: number }> {
  if (scope.kind === 'school' || scope.kind === 'alliance') {
    return notices.reduce((acc, n) => ({ delivered: acc.delivered + (n.counts?.recipients ?? 0), read: acc.read + (n.counts?.read ?? 0) }), { delivered: 0, read: 0 });
  }
  if (classIds.length === 0) return { delivered: 0, read: 0 };
  const _ = db.command;
  const r = await db
    .collection('notice_inbox')
    .aggregate()
    .match({ classIds: _.in(classIds), sendAt: _.gte(term.startsAt).and(_.lte(term.endsAt)), status: 'active', schoolId: scope.schoolId })
    .group({ _id: null, delivered: { $sum: 1 }, read: { $sum: { $cond: [{ $ifNull: ['$readAt', false] }, 1, 0] } } })
    .end();
  const row = r.list[0] as { delivered?: number; read?: number } | undefined;
  return { delivered: row?.delivered ?? 0, read: row?.read ?? 0 };
}

/** Reception days held (published, dated up to today) in the term, for the scope's grade(s). */
export async function heldReceptionDays(db: Database, scope: Scope, layout: Layout, term: TermInfo, now: Date): Promise<ReceptionDayDoc[]> {
  const _ = db.command;
  const from = shanghai(term.startsAt).format('YYYY-MM-DD');
  const today = shanghai(now).format('YYYY-MM-DD');
  const endDay = shanghai(term.endsAt).format('YYYY-MM-DD');
  const to = today < endDay ? today : endDay;
  const days = await findAll<ReceptionDayDoc>(db, 'reception_days', { schoolId: scope.schoolId, status: 'published', date: _.gte(from).and(_.lte(to)) }, 2000);
  const gradeId = scope.kind === 'grade' ? scope.gradeId : scope.kind === 'class' ? layout.classes.find((c) => c._id === scope.classId)?.gradeId : undefined;
  return days.filter((d) => !gradeId || !d.gradeId || d.gradeId === gradeId).sort((a, b) => b.date.localeCompare(a.date));
}

/** Families received (bookings that arrived) on those days, in the scope's classes. */
export async function familiesReceived(db: Database, scope: Scope, dayIds: string[], classIds: string[]): Promise<number> {
  if (dayIds.length === 0) return 0;
  const _ = db.command;
  const match: Record<string, unknown> = { dayId: _.in(dayIds), status: 'arrived' };
  if (scope.kind === 'grade' || scope.kind === 'class') match.classId = _.in(classIds);
  const r = await db.collection('reception_bookings').aggregate().match(match).group({ _id: '$familyId' }).count('n').end();
  return (r.list[0] as { n?: number } | undefined)?.n ?? 0;
}

const ACTIVE = ['open', 'answered', 'reopened'];

/** Open suggestions and overdue follow-ups of the scope (a 班主任 sees only cases not hidden from them). */
export async function caseCounts(db: Database, scope: Scope, classIds: string[], leader: boolean, now: Date): Promise<{ openSuggestions: number; overdue: number }> {
  const _ = db.command;
  const base: Record<string, unknown> = { schoolId: scope.schoolId, status: _.in(ACTIVE) };
  if (scope.kind === 'grade' || scope.kind === 'class') base.classId = _.in(classIds);
  if (!leader) base.hideFromClassTeacher = false;
  const coll = db.collection('reception_cases');
  const [open, overdue] = await Promise.all([coll.where({ ...base, kind: 'suggestion' }).count(), coll.where({ ...base, dueAt: _.lt(now) }).count()]);
  return { openSuggestions: open.total, overdue: overdue.total };
}

/** Valid certificates of the school year (a reissue replaces, never adds). */
export async function certificatesIssued(db: Database, scope: Scope, classIds: string[], schoolYear: string): Promise<number> {
  const _ = db.command;
  const where: Record<string, unknown> = { schoolId: scope.schoolId, schoolYear, status: 'valid' };
  if (scope.kind === 'grade' || scope.kind === 'class') where.classId = _.in(classIds);
  const r = await db.collection('certificates').aggregate().match(where).group({ _id: '$familyId' }).count('n').end();
  return (r.list[0] as { n?: number } | undefined)?.n ?? 0;
}

/** Children (families) per class in the scope. */
export async function familiesPerClass(db: Database, scope: Scope, classIds: string[]): Promise<Map<string, number>> {
  const _ = db.command;
  const match = scope.kind === 'class' ? { classId: scope.classId } : scope.kind === 'grade' ? { classId: _.in(classIds) } : { schoolId: scope.schoolId };
  const r = await db.collection('children').aggregate().match(match).group({ _id: '$classId', n: { $sum: 1 } }).end();
  return new Map(r.list.map((x) => [String((x as { _id: string })._id), (x as { n: number }).n]));
}
