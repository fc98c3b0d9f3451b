/** Teachers and school admins create, edit and run courses through their lifecycle. */
import { randomBytes } from 'crypto';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import {
  type CourseDoc,
  type CourseMutationOutput,
  type CourseSession,
  type CourseStatus,
  type CreateCourseInput,
  type SessionInput,
  type UpdateCourseInput,
  type ClassHourRule,
} from '../../types/course/course.schema';
import { audienceKeysFor, canEdit, canTransition, isCoverFileIdOf, isFull, scheduleChanged, schoolYearOfSemester, sessionClassHours } from '../../types/course/course.rules';
import { loadClassHourRule } from '../credit/credit.service';
import { COURSES, liveEnrollments, loadCourse, runTx, txCourse } from './course-store';
import { isCourseManager, requireCourseManager } from './course-access';
import { toDetail, withCoverUrls } from './course-dto';
import { notifyFamilies } from './notify.service';
import { promoteAfterCommit } from './enroll.service';

export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** Sessions in time order with ids (kept when given and known) and class hours. */
export function buildSessions(input: SessionInput[], rule: ClassHourRule, known: Set<string> = new Set()): CourseSession[] {
  return [...input]
    .sort((a, b) => a.startAt.getTime() - b.startAt.getTime())
    .map((s) => ({
      sessionId: s.sessionId && known.has(s.sessionId) ? s.sessionId : newId().slice(0, 20),
      startAt: s.startAt,
      endAt: s.endAt,
      ...(s.place ? { place: s.place } : {}),
      classHours: sessionClassHours(s, rule),
    }));
}

/** Fields derived from the editable ones (kept consistent on every write). */
function derived(c: Pick<CourseDoc, 'schoolId' | 'audience' | 'sessions' | 'capacity' | 'enrolledSeats' | 'waitlistFamilies'>) {
  const starts = c.sessions.map((s) => s.startAt.getTime());
  const ends = c.sessions.map((s) => s.endAt.getTime());
  return {
    audienceKeys: audienceKeysFor(c.schoolId, c.audience),
    startAt: new Date(Math.min(...starts)),
    endAt: new Date(Math.max(...ends)),
    totalClassHours: c.sessions.reduce((sum, s) => sum + s.classHours, 0),
    full: isFull(c),
  };
}

function checkDates(c: Pick<CourseDoc, 'enrollOpensAt' | 'enrollClosesAt' | 'cancelDeadline' | 'startAt'>): void {
  const problems: { path: string; message: string }[] = [];
  if (c.enrollClosesAt.getTime() <= c.enrollOpensAt.getTime()) problems.push({ path: 'enrollClosesAt', message: '报名截止时间须晚于报名开始时间' });
  if (c.enrollOpensAt.getTime() > c.startAt.getTime()) problems.push({ path: 'enrollOpensAt', message: '报名须在第一次课开始前开放' });
  if (c.cancelDeadline.getTime() < c.enrollOpensAt.getTime()) problems.push({ path: 'cancelDeadline', message: '取消截止时间不能早于报名开始时间' });
  if (problems.length) fail('VALIDATION_FAILED', problems);
}

/** A cover must be a file of this cloud environment under the school's folder (course-covers/<schoolId>/…). */
function checkCover(ctx: Ctx, schoolId: string, fileId: string | undefined): void {
  if (!fileId) return;
  if (!isCoverFileIdOf(fileId, ctx.cloud.getWXContext().ENV ?? '', schoolId)) {
    fail('VALIDATION_FAILED', [{ path: 'coverFileId', message: '封面图片无效，请重新选择上传' }]);
  }
}

/** The school's current class-hour rule for the course's school year. */
function schoolRule(ctx: Ctx, schoolId: string, semester: string): Promise<ClassHourRule> {
  return loadClassHourRule(ctx.db, schoolId, schoolYearOfSemester(semester));
}

async function output(ctx: Ctx, c: CourseDoc, notified = 0, promoted = 0): Promise<CourseMutationOutput> {
  const actor = await ctx.actor();
  const [course] = await withCoverUrls(ctx, [toDetail(c, null, isCourseManager(actor, c.schoolId))]);
  return { course, notified, promoted };
}

/** Everyone holding or waiting for a place (enroller of each family). */
async function liveRecipients(ctx: Ctx, courseId: string) {
  return (await liveEnrollments(ctx.db, courseId, { userId: true, openid: true })).map((e) => ({ userId: e.userId, openid: e.openid }));
}

export async function createCourse(ctx: Ctx, input: CreateCourseInput): Promise<CourseMutationOutput> {
  const actor = await ctx.actor();
  requireCourseManager(actor, input.schoolId);
  checkCover(ctx, input.schoolId, input.coverFileId);
  // A snapshot of the school's rule: changing the rule later does not rewrite this course.
  const rule = await schoolRule(ctx, input.schoolId, input.semester);
  const sessions = buildSessions(input.sessions, rule);
  const base = {
    schoolId: input.schoolId,
    title: input.title,
    summary: input.summary ?? '',
    form: input.form,
    topics: input.topics,
    audience: input.audience,
    speaker: input.speaker,
    mode: input.mode,
    sessions,
    classHourRule: rule,
    capacity: input.capacity,
    seatsPerFamily: input.seatsPerFamily,
    enrollOpensAt: input.enrollOpensAt,
    enrollClosesAt: input.enrollClosesAt,
    semester: input.semester,
    ...(input.coverFileId ? { coverFileId: input.coverFileId } : {}),
    status: 'draft' as CourseStatus,
    enrolledSeats: 0,
    enrolledFamilies: 0,
    waitlistFamilies: 0,
    seq: 0,
    createdBy: actor.userId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const d = derived(base);
  const course: CourseDoc = { _id: newId(), ...base, ...d, cancelDeadline: input.cancelDeadline ?? d.startAt };
  checkDates(course);
  await ctx.db.collection(COURSES).add({ data: course });
  return output(ctx, course);
}

export async function updateCourse(ctx: Ctx, input: UpdateCourseInput): Promise<CourseMutationOutput> {
  const [actor, current] = await Promise.all([ctx.actor(), loadCourse(ctx.db, input.courseId)]);
  requireCourseManager(actor, current.schoolId);
  checkCover(ctx, current.schoolId, input.coverFileId);
  // An edited course takes the school's current rule (a new snapshot); untouched courses keep theirs.
  const rule = await schoolRule(ctx, current.schoolId, input.semester ?? current.semester);
  const { courseId, ...change } = input;
  const { before, after } = await runTx(ctx.db, async (t) => {
    const c = await txCourse(t, courseId);
    const ok = canEdit(c, change);
    if (!ok.ok) fail(ok.code, { reason: ok.reason });
    const sessions = change.sessions ? buildSessions(change.sessions, rule, new Set(c.sessions.map((s) => s.sessionId))) : c.sessions.map((s) => ({ ...s, classHours: sessionClassHours(s, rule) }));
    const merged: CourseDoc = {
      ...c,
      ...(Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<CourseDoc>),
      sessions,
      classHourRule: rule,
      updatedAt: ctx.now,
    } as CourseDoc;
    // An empty cover id removes the cover.
    if (change.coverFileId === '') delete merged.coverFileId;
    Object.assign(merged, derived(merged));
    if (!change.cancelDeadline && c.cancelDeadline.getTime() === c.startAt.getTime()) merged.cancelDeadline = merged.startAt;
    checkDates(merged);
    const { _id, ...data } = merged;
    void _id;
    await t.collection(COURSES).doc(courseId).set({ data });
    return { before: c, after: merged };
  });
  let notified = 0;
  if ((before.status === 'published' || before.status === 'closed') && scheduleChanged(before, after)) {
    notified = (await notifyFamilies(ctx, after, await liveRecipients(ctx, courseId), 'changed', { now: ctx.now })).notices;
  }
  const promoted = after.capacity > before.capacity ? await promoteAfterCommit(ctx, courseId, ctx.now) : 0;
  const fresh = promoted ? await loadCourse(ctx.db, courseId) : after;
  return output(ctx, fresh, notified, promoted);
}

/** publish / close / reopen / finish / cancel */
export async function transition(ctx: Ctx, courseId: string, to: CourseStatus, reason?: string): Promise<CourseMutationOutput> {
  const [actor, current] = await Promise.all([ctx.actor(), loadCourse(ctx.db, courseId)]);
  requireCourseManager(actor, current.schoolId);
  const after = await runTx(ctx.db, async (t) => {
    const c = await txCourse(t, courseId);
    const ok = canTransition(c, to, ctx.now);
    if (!ok.ok) fail(ok.code, { reason: ok.reason });
    const patch: Partial<CourseDoc> = { status: to, updatedAt: ctx.now };
    if (to === 'published' && !c.publishedAt) patch.publishedAt = ctx.now;
    if (to === 'cancelled') Object.assign(patch, { cancelledAt: ctx.now, cancelReason: reason ?? '' });
    await t.collection(COURSES).doc(courseId).update({ data: patch });
    return { ...c, ...patch } as CourseDoc;
  });
  let notified = 0;
  if (to === 'cancelled' && current.status !== 'draft') {
    notified = (await notifyFamilies(ctx, after, await liveRecipients(ctx, courseId), 'cancelled', { reason, now: ctx.now })).notices;
  }
  return output(ctx, after, notified, 0);
}
