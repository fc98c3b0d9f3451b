/**
 * Online micro-lessons: the server keeps its own start time; completion is accepted only when
 * the time since that start is plausible for the length (≥ 90 %), once per lesson and family.
 * Two kinds of lesson share this path, the plausibility rule and the ledger (one entry per
 * lesson and family, keyed `lesson_<lessonId>_<familyId>`): the school's own micro-lessons
 * (`online_lessons`) and the course domain's recorded courses (`rc_<courseId>`, read through
 * ./course-port.ts; enrolled families only, credited with the course's class hours).
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { membershipIn, requireRole, type Actor } from '../access/actor';
import { addLedgerInTx, ledgerEntry, ledgerKeys } from '../credit/ledger';
import { findById, isDuplicateKey, txGet, withTransaction } from '../core/persistence';
import { resolveFamily } from '../credit/school-port';
import { findRecordedCourse, getEnrollment, recordedAccess, recordedCourseIdOf, recordedCoursesFor, recordedLessonId, type RecordedCourseInfo } from './course-port';
import { PLAUSIBLE_SHARE, clampPosition, isPlayableMedia, judgeLessonCompletion } from '../../types/attendance/attendance.rules';
import type {
  LessonCompleteOutput,
  LessonInput,
  LessonProgressDoc,
  LessonProgressInput,
  LessonView,
  OnlineLessonDoc,
  SaveLessonInput,
} from '../../types/attendance/attendance.schema';
import type { ChildLink } from '../../types/school/roles';
import { familyRecordsChanged } from '../oversight/port';

const LESSONS = 'online_lessons';
const PROGRESS = 'lesson_progress';

type LessonContent = Pick<LessonView, 'title' | 'kind' | 'durationSeconds' | 'creditHours' | 'summary' | 'mediaUrl' | 'body'>;

/** A lesson's content fields, with the optional ones filled in ('' summary, null media and body). */
function content(l: Pick<OnlineLessonDoc, keyof LessonContent>): LessonContent {
  return {
    title: l.title,
    kind: l.kind,
    durationSeconds: l.durationSeconds,
    creditHours: l.creditHours,
    summary: l.summary ?? '',
    mediaUrl: l.mediaUrl ?? null,
    body: l.body ?? null,
  };
}

/**
 * A lesson as a page shows it. `elapsedSeconds` is the server's count since the start, as of this
 * answer: the page counts on from it rather than from `startedAt`, so a phone whose clock runs
 * ahead does not offer 完成学习 before the server will accept it (nor one behind, later).
 */
function view(l: OnlineLessonDoc, p: LessonProgressDoc | null, now: Date): LessonView {
  return {
    lessonId: l._id,
    ...content(l),
    progress: p
      ? {
          startedAt: new Date(p.startedAt).toISOString(),
          elapsedSeconds: Math.max(0, (now.getTime() - new Date(p.startedAt).getTime()) / 1000),
          positionSeconds: p.positionSeconds,
          completedAt: p.completedAt ? new Date(p.completedAt).toISOString() : null,
        }
      : null,
  };
}

export async function saveLesson(ctx: Ctx, input: SaveLessonInput): Promise<LessonView> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['teacher', 'admin']);
  const data = { schoolId: input.schoolId, ...content(input), published: input.published };
  if (input.lessonId) {
    const existing = await findById<OnlineLessonDoc>(ctx.db, LESSONS, input.lessonId);
    if (!existing) fail('NOT_FOUND');
    if (existing.schoolId !== input.schoolId) fail('FORBIDDEN');
    await ctx.db.collection(LESSONS).doc(input.lessonId).update({ data });
    return view({ ...existing, ...data }, null, ctx.now);
  }
  const doc = { ...data, createdAt: ctx.now, createdBy: actor.userId };
  const { _id } = await ctx.db.collection(LESSONS).add({ data: doc });
  return view({ _id, ...doc }, null, ctx.now);
}

/**
 * A recorded course (course domain, mode 'recorded') watched as a lesson: lessonId `rc_<courseId>`.
 * The family is the one asked for, or else the caller's first child who may watch it.
 */
async function recordedLessonForParent(ctx: Ctx, input: LessonInput, courseId: string): Promise<{ actor: Actor; lesson: OnlineLessonDoc; family: ChildLink }> {
  const [actor, course] = await Promise.all([ctx.actor(), findRecordedCourse(ctx.db, courseId)]);
  if (!course || !course.watchable) fail('NOT_FOUND');
  const candidates = input.familyId ? [resolveFamily(actor, input.familyId)] : actor.children;
  if (!candidates.length) fail('FORBIDDEN', { reason: 'no_child' });
  const enrolments = await Promise.all(candidates.map((c) => getEnrollment(ctx.db, courseId, c.childId)));
  const verdicts = candidates.map((c, i) => recordedAccess(course, c, enrolments[i]));
  const k = verdicts.indexOf('ok');
  if (k < 0) fail(verdicts.includes('not_enrolled') ? 'LESSON_NOT_ENROLLED' : 'COURSE_NOT_FOR_YOU');
  return { actor, lesson: recordedLesson(course), family: candidates[k] };
}

function recordedLesson(course: RecordedCourseInfo): OnlineLessonDoc {
  return {
    _id: recordedLessonId(course.courseId),
    schoolId: course.schoolId,
    title: course.title,
    // Without a playable video the page counts reading time, as for an article.
    kind: isPlayableMedia(course.mediaUrl) ? 'video' : 'article',
    durationSeconds: course.durationSeconds,
    creditHours: course.classHours,
    summary: course.summary,
    mediaUrl: course.mediaUrl,
    // No playable video: the course's description is what there is to read.
    body: isPlayableMedia(course.mediaUrl) ? null : course.summary || null,
    published: true,
    createdAt: new Date(0),
    createdBy: '',
  };
}

async function lessonForParent(ctx: Ctx, input: LessonInput): Promise<{ actor: Actor; lesson: OnlineLessonDoc; family: ChildLink }> {
  const recordedCourseId = recordedCourseIdOf(input.lessonId);
  if (recordedCourseId) return recordedLessonForParent(ctx, input, recordedCourseId);
  const [actor, lesson] = await Promise.all([ctx.actor(), findById<OnlineLessonDoc>(ctx.db, LESSONS, input.lessonId)]);
  if (!lesson || !lesson.published) fail('NOT_FOUND');
  const family = resolveFamily(actor, input.familyId, lesson.schoolId);
  return { actor, lesson, family };
}

export async function listLessons(ctx: Ctx, input: { schoolId?: string; familyId?: string }): Promise<LessonView[]> {
  const actor = await ctx.actor();
  let schoolId = input.schoolId;
  let family: ChildLink | null = null;
  if (input.familyId || !schoolId) {
    family = resolveFamily(actor, input.familyId, schoolId);
    schoolId = family.schoolId;
  } else if (!membershipIn(actor, schoolId) && !actor.children.some((c) => c.schoolId === schoolId)) {
    fail('FORBIDDEN');
  }
  const staff = !!membershipIn(actor, schoolId) && (membershipIn(actor, schoolId)!.roles.includes('teacher') || membershipIn(actor, schoolId)!.roles.includes('admin'));
  const res = await ctx.db.collection<OnlineLessonDoc>(LESSONS).where({ schoolId }).orderBy('createdAt', 'desc').limit(100).get();
  const lessons = res.data.filter((l) => l.published || staff);
  let progress = new Map<string, LessonProgressDoc>();
  let recorded: OnlineLessonDoc[] = [];
  if (family) {
    const [p, courses] = await Promise.all([
      ctx.db.collection<LessonProgressDoc>(PROGRESS).where({ familyId: family.childId }).orderBy('lastReportAt', 'desc').limit(500).get(),
      // The family's recorded courses (enrolled) are lessons too.
      recordedCoursesFor(ctx.db, family),
    ]);
    progress = new Map(p.data.map((x) => [x.lessonId, x]));
    recorded = courses.map(recordedLesson);
  }
  return [...recorded, ...lessons].map((l) => view(l, progress.get(l._id) ?? null, ctx.now));
}

/**
 * The address the player loads: a cloud file becomes its temporary https URL (the H5 <video>
 * cannot play cloud://; the weapp <Video> plays either). Unresolvable: null (the page says so).
 */
async function withPlayUrl(ctx: Ctx, v: LessonView): Promise<LessonView> {
  const url = v.mediaUrl;
  if (!url || !url.startsWith('cloud://')) return { ...v, playUrl: url };
  try {
    const r = (await ctx.cloud.getTempFileURL({ fileList: [url] })) as { fileList?: { tempFileURL?: string; status?: number }[] };
    const f = r.fileList?.[0];
    return { ...v, playUrl: f && f.tempFileURL && !f.status ? f.tempFileURL : null };
  } catch {
    return { ...v, playUrl: null };
  }
}

export async function getLesson(ctx: Ctx, input: LessonInput): Promise<LessonView> {
  const { lesson, family } = await lessonForParent(ctx, input);
  const p = await findById<LessonProgressDoc>(ctx.db, PROGRESS, `${lesson._id}_${family.childId}`);
  return withPlayUrl(ctx, view(lesson, p, ctx.now));
}

export async function startLesson(ctx: Ctx, input: LessonInput): Promise<LessonView> {
  const { actor, lesson, family } = await lessonForParent(ctx, input);
  const id = `${lesson._id}_${family.childId}`;
  const existing = await findById<LessonProgressDoc>(ctx.db, PROGRESS, id);
  if (existing) return withPlayUrl(ctx, view(lesson, existing, ctx.now));
  const doc: LessonProgressDoc = {
    _id: id,
    lessonId: lesson._id,
    schoolId: lesson.schoolId,
    familyId: family.childId,
    classId: family.classId,
    startedAt: ctx.now,
    lastReportAt: ctx.now,
    positionSeconds: 0,
    completedAt: null,
    startedBy: actor.userId,
  };
  try {
    await ctx.db.collection(PROGRESS).add({ data: doc });
  } catch (e) {
    // Started concurrently (two taps, two guardians): the first start counts.
    if (!isDuplicateKey(e)) throw e;
    const again = await findById<LessonProgressDoc>(ctx.db, PROGRESS, id);
    if (!again) throw e;
    return withPlayUrl(ctx, view(lesson, again, ctx.now));
  }
  return withPlayUrl(ctx, view(lesson, doc, ctx.now));
}

function reachedPosition(p: LessonProgressDoc, lesson: OnlineLessonDoc, reported: number, now: Date): number {
  const elapsed = (now.getTime() - new Date(p.startedAt).getTime()) / 1000;
  return Math.max(p.positionSeconds, clampPosition(reported, elapsed, lesson.durationSeconds));
}

export async function lessonProgress(ctx: Ctx, input: LessonProgressInput): Promise<LessonView> {
  const { lesson, family } = await lessonForParent(ctx, input);
  const id = `${lesson._id}_${family.childId}`;
  const p = await findById<LessonProgressDoc>(ctx.db, PROGRESS, id);
  if (!p) fail('LESSON_PROGRESS_IMPLAUSIBLE', { reason: 'not_started' });
  if (p.completedAt) return view(lesson, p, ctx.now);
  const positionSeconds = reachedPosition(p, lesson, input.positionSeconds, ctx.now);
  // Conditional: a report arriving after the completion changes nothing.
  const _ = ctx.db.command;
  await ctx.db.collection(PROGRESS).where({ _id: id, completedAt: null, positionSeconds: _.lt(positionSeconds) }).update({ data: { positionSeconds, lastReportAt: ctx.now } });
  return view(lesson, { ...p, positionSeconds, lastReportAt: ctx.now }, ctx.now);
}

export async function completeLesson(ctx: Ctx, input: LessonProgressInput): Promise<LessonCompleteOutput> {
  const { actor, lesson, family } = await lessonForParent(ctx, input);
  const id = `${lesson._id}_${family.childId}`;
  const p = await findById<LessonProgressDoc>(ctx.db, PROGRESS, id);
  const position = p ? reachedPosition(p, lesson, input.positionSeconds, ctx.now) : 0;
  const verdict = judgeLessonCompletion({
    now: ctx.now,
    startedAt: p ? new Date(p.startedAt) : null,
    completedAt: p?.completedAt ? new Date(p.completedAt) : null,
    durationSeconds: lesson.durationSeconds,
    positionSeconds: position,
  });
  if (verdict === 'already_completed') {
    return { lessonId: lesson._id, familyId: family.childId, completedAt: new Date(p!.completedAt!).toISOString(), creditedHours: lesson.creditHours, created: false };
  }
  if (verdict !== 'ok') {
    const elapsed = p ? Math.floor((ctx.now.getTime() - new Date(p.startedAt).getTime()) / 1000) : 0;
    fail('LESSON_PROGRESS_IMPLAUSIBLE', { reason: verdict, elapsedSeconds: elapsed, requiredSeconds: Math.ceil(lesson.durationSeconds * PLAUSIBLE_SHARE) });
  }
  const entry = ledgerEntry({
    key: ledgerKeys.lesson(lesson._id, family.childId),
    schoolId: lesson.schoolId,
    familyId: family.childId,
    classId: family.classId,
    source: 'online_lesson',
    sourceId: lesson._id,
    title: lesson.title,
    credit: { hours: lesson.creditHours, sessions: 1, collective: 0 },
    occurredAt: ctx.now,
    now: ctx.now,
    operatorUserId: actor.userId,
  });
  // Completion and credit in one transaction on the family's progress document: of concurrent
  // completions (two guardians, two taps) one commits, the retry of the others finds it completed.
  try {
    const completedAt = await withTransaction(ctx.db, async (t) => {
      const cur = await txGet<LessonProgressDoc>(t, PROGRESS, id);
      if (!cur) fail('LESSON_PROGRESS_IMPLAUSIBLE', { reason: 'not_started' });
      if (cur.completedAt) return new Date(cur.completedAt);
      await t.collection(PROGRESS).doc(id).update({ data: { completedAt: ctx.now, positionSeconds: position, lastReportAt: ctx.now } });
      await addLedgerInTx(t, entry);
      return null;
    });
    await familyRecordsChanged(ctx.db, [{ schoolId: lesson.schoolId, familyId: family.childId, at: entry.occurredAt }], ctx.now);
    return { lessonId: lesson._id, familyId: family.childId, completedAt: (completedAt ?? ctx.now).toISOString(), creditedHours: lesson.creditHours, created: !completedAt };
  } catch (e) {
    // The credit exists already (the entry's id is its source): completed once, by someone else.
    if (!isDuplicateKey(e)) throw e;
    const credited = await findById(ctx.db, 'credit_ledger', entry._id);
    if (!credited) throw e;
    await familyRecordsChanged(ctx.db, [{ schoolId: lesson.schoolId, familyId: family.childId, at: entry.occurredAt }], ctx.now);
    return { lessonId: lesson._id, familyId: family.childId, completedAt: ctx.now.toISOString(), creditedHours: lesson.creditHours, created: false };
  }
}
