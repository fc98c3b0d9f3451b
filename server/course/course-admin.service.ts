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
import { COURSES, liveEnrollments, loadCourse } from './course-store';
import { closeSeatsAbove, dropClosedSeats, openSeats } from './seats';
import { isCourseManager, requireCourseManager } from './course-access';
import { toDetail, withCoverUrls } from './course-dto';
import { notifyCourseFamilies } from '../notice/course-notices';
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
  await openSeats(ctx.db, course);
  return output(ctx, course);
}

/**
 * Capacity changes of one course run one at a time: a lease on the course document (a conditional
 * update that does not touch `updatedAt`), expiring after 30 s if its holder dies. Two concurrent
 * changes would otherwise open and close seats against each other's capacity.
 */
async function withSeatLease<R>(ctx: Ctx, courseId: string, fn: () => Promise<R>): Promise<R> {
  const _ = ctx.db.command;
  const token = newId();
  const started = Date.now();
  for (;;) {
    const now = new Date();
    const u = await ctx.db
      .collection(COURSES)
      .where(_.and([{ _id: courseId }, _.or([{ seatLease: _.exists(false) }, { seatLease: null }, { 'seatLease.until': _.lt(now) }])]))
      .update({ data: { seatLease: { token, until: new Date(now.getTime() + 30_000) } } });
    if (u.stats.updated === 1) break;
    if (Date.now() - started > 2000) fail('CONFLICT'); // within the 3 s function timeout
    await new Promise((r) => setTimeout(r, 40 + randomBytes(1)[0]));
  }
  try {
    return await fn();
  } finally {
    await ctx.db.collection(COURSES).where({ _id: courseId, 'seatLease.token': token }).update({ data: { seatLease: null } });
  }
}

export async function updateCourse(ctx: Ctx, input: UpdateCourseInput): Promise<CourseMutationOutput> {
  if (input.capacity !== undefined) return withSeatLease(ctx, input.courseId, () => applyUpdate(ctx, input));
  return applyUpdate(ctx, input);
}

async function applyUpdate(ctx: Ctx, input: UpdateCourseInput): Promise<CourseMutationOutput> {
  const [actor, current] = await Promise.all([ctx.actor(), loadCourse(ctx.db, input.courseId)]);
  requireCourseManager(actor, current.schoolId);
  checkCover(ctx, current.schoolId, input.coverFileId);
  // An edited course takes the school's current rule (a new snapshot); untouched courses keep theirs.
  const rule = await schoolRule(ctx, current.schoolId, input.semester ?? current.semester);
  const { courseId, ...change } = input;
  let closing = false;
  const edited = editCourse(ctx, courseId, async (c) => {
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
    // Fewer seats: close the seats above the new capacity BEFORE the capacity drops, so no family
    // can take one of them afterwards (no oversell); refused when the enrolled would not fit.
    if (merged.capacity < c.capacity) closing = true;
    if (merged.capacity < c.capacity && !(await closeSeatsAbove(ctx.db, courseId, merged.capacity, ctx.now))) {
      fail('COURSE_CAPACITY_TOO_LOW', { reason: '已报名的家庭超过新名额，名额不能少于已报名人数' });
    }
    // The edit never writes the counters (families move them with _.inc meanwhile).
    const { _id, enrolledSeats, enrolledFamilies, waitlistFamilies, full, seq, countedAt, seatLease, ...data } = merged;
    void _id, enrolledSeats, enrolledFamilies, waitlistFamilies, full, seq, countedAt, seatLease;
    const patch: Record<string, unknown> = { ...data };
    if (change.coverFileId === '') patch.coverFileId = ctx.db.command.remove();
    return { patch, after: merged };
  });
  const { before, after } = await edited.catch(async (e) => {
    // The edit did not go ahead: seats closed for it open again (within the unchanged capacity).
    if (closing) await openSeats(ctx.db, await loadCourse(ctx.db, courseId));
    throw e;
  });
  if (after.capacity < before.capacity) await dropClosedSeats(ctx.db, courseId, after.capacity);
  // More seats: the capacity is raised first (above), then the seats open.
  if (after.capacity > before.capacity) await openSeats(ctx.db, after, before.capacity + 1);
  let notified = 0;
  if ((before.status === 'published' || before.status === 'closed') && scheduleChanged(before, after)) {
    notified = (await notifyCourseFamilies(ctx, after, 'live', 'changed', { now: ctx.now })).notices;
  }
  const promoted = after.capacity > before.capacity ? await promoteAfterCommit(ctx, courseId, ctx.now) : 0;
  const fresh = promoted || after.capacity !== before.capacity ? await loadCourse(ctx.db, courseId) : after;
  return output(ctx, fresh, notified, promoted);
}

/**
 * One edit of a course document by a teacher: read, decide, then a conditional update on the
 * version read (`updatedAt`), retried on a fresh read when another edit won. No transaction: the
 * families' counter updates (`_.inc`, which never touch updatedAt) go on meanwhile and the patch
 * never contains the counters, so neither side waits for or overwrites the other.
 */
async function editCourse(
  ctx: Ctx,
  courseId: string,
  decide: (c: CourseDoc) => Promise<{ patch: Record<string, unknown>; after: CourseDoc }>,
): Promise<{ before: CourseDoc; after: CourseDoc }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const c = await loadCourse(ctx.db, courseId);
    const { patch, after } = await decide(c);
    const u = await ctx.db.collection(COURSES).where({ _id: courseId, updatedAt: c.updatedAt }).update({ data: patch });
    if (u.stats.updated === 1) return { before: c, after };
  }
  return fail('CONFLICT');
}

/** publish / close / reopen / finish / cancel */
export async function transition(ctx: Ctx, courseId: string, to: CourseStatus, reason?: string): Promise<CourseMutationOutput> {
  const [actor, current] = await Promise.all([ctx.actor(), loadCourse(ctx.db, courseId)]);
  requireCourseManager(actor, current.schoolId);
  const { after } = await editCourse(ctx, courseId, async (c) => {
    const ok = canTransition(c, to, ctx.now);
    if (!ok.ok) fail(ok.code, { reason: ok.reason });
    const patch: Partial<CourseDoc> = { status: to, updatedAt: ctx.now };
    if (to === 'published' && !c.publishedAt) patch.publishedAt = ctx.now;
    if (to === 'cancelled') Object.assign(patch, { cancelledAt: ctx.now, cancelReason: reason ?? '' });
    return { patch, after: { ...c, ...patch } as CourseDoc };
  });
  let notified = 0;
  if (to === 'cancelled' && current.status !== 'draft') {
    notified = (await notifyCourseFamilies(ctx, after, 'live', 'cancelled', { reason, now: ctx.now })).notices;
  }
  return output(ctx, after, notified, 0);
}
