/** What parents and teachers read: course lists, detail, 我的课程, the enrolment list of a course. */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { encodePageCursor, pageCursorOf } from '../core/page-cursor';
import type {
  ClassBreakdownDto,
  CourseDetailDto,
  CourseDoc,
  EnrollmentDoc,
  EnrollmentListOutput,
  EnrollmentRowDto,
  ListCoursesOutput,
  MyCourseItemDto,
  MyCoursesOutput,
} from '../../types/course/course.schema';
import { familyKeys } from '../../types/course/course.rules';
import { COURSES, ENROLLMENTS, enrollmentId, liveEnrollments, loadCourse } from './course-store';
import { findById } from '../core/persistence';
import { isCourseManager, requireChild, requireCourseManager } from './course-access';
import { iso, toDetail, toMyEnrollment, toSummary, withCoverUrls } from './course-dto';
import { recountCounters, waitlistPosition } from './enroll.service';

function encodeCursor(c: CourseDoc): string {
  return encodePageCursor({ t: c.startAt.getTime(), i: c._id });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Page by range on (startAt, _id): never a large skip. */
async function page(ctx: Ctx, filter: Record<string, unknown>, dir: 'asc' | 'desc', cursorText: string | undefined, pageSize: number): Promise<ListCoursesOutput> {
  const _ = ctx.db.command;
  const cursor = pageCursorOf(cursorText);
  const conds: Record<string, unknown>[] = [filter];
  if (cursor) {
    const t = new Date(cursor.t);
    conds.push(_.or([{ startAt: dir === 'asc' ? _.gt(t) : _.lt(t) }, { startAt: t, _id: dir === 'asc' ? _.gt(cursor.i) : _.lt(cursor.i) }]));
  }
  const res = await ctx.db
    .collection<CourseDoc>(COURSES)
    .where(conds.length === 1 ? filter : _.and(conds))
    .orderBy('startAt', dir)
    .orderBy('_id', dir)
    .limit(pageSize + 1)
    .get();
  const items = res.data.slice(0, pageSize);
  return { items: await withCoverUrls(ctx, items.map(toSummary)), nextCursor: res.data.length > pageSize ? encodeCursor(items[items.length - 1]) : null };
}

export async function listCourses(
  ctx: Ctx,
  input: { childId: string; form?: string; topic?: string; mode?: string; openSeatsOnly?: boolean; q?: string; when: 'upcoming' | 'past'; cursor?: string; pageSize: number },
): Promise<ListCoursesOutput> {
  const actor = await ctx.actor();
  const child = requireChild(actor, input.childId);
  const _ = ctx.db.command;
  const filter: Record<string, unknown> = {
    audienceKeys: _.in(familyKeys(child)),
    ...(input.when === 'upcoming'
      ? { status: _.in(['published', 'closed']), endAt: _.gte(ctx.now) }
      : { status: _.in(['published', 'closed', 'finished']), endAt: _.lt(ctx.now) }),
  };
  if (input.form) filter.form = input.form;
  if (input.topic) filter.topics = input.topic;
  if (input.mode) filter['mode.kind'] = input.mode;
  if (input.openSeatsOnly) filter.full = false;
  if (input.q) filter.title = ctx.db.RegExp({ regexp: escapeRegExp(input.q), options: 'i' });
  const out = await page(ctx, filter, input.when === 'upcoming' ? 'asc' : 'desc', input.cursor, input.pageSize);
  // Grades and classes are ids of the owner school; a key of another school never matches them,
  // but keep the rule explicit (a 教联体 course lists the member schools).
  return out;
}

export async function listManaged(ctx: Ctx, input: { schoolId: string; status?: string; semester?: string; cursor?: string; pageSize: number }): Promise<ListCoursesOutput> {
  const actor = await ctx.actor();
  requireCourseManager(actor, input.schoolId);
  const filter: Record<string, unknown> = { schoolId: input.schoolId };
  if (input.status) filter.status = input.status;
  if (input.semester) filter.semester = input.semester;
  return page(ctx, filter, 'desc', input.cursor, input.pageSize);
}

export async function courseDetail(ctx: Ctx, input: { courseId: string; childId?: string }): Promise<CourseDetailDto> {
  const [actor, course] = await Promise.all([ctx.actor(), findById<CourseDoc>(ctx.db, COURSES, input.courseId)]);
  if (!course) fail('COURSE_NOT_FOUND');
  const manager = isCourseManager(actor, course.schoolId);
  const child = input.childId ? requireChild(actor, input.childId) : null;
  // Visible to the school's members, and to families of the audience (a 教联体 member school).
  const inAudience = actor.children.some((c) => familyKeys(c).some((k) => course.audienceKeys.includes(k)));
  const member = actor.memberships.some((m) => m.schoolId === course.schoolId);
  if (!manager && !member && !inAudience) fail('FORBIDDEN');
  if (course.status === 'draft' && !manager) fail('COURSE_NOT_FOUND');
  let my = null;
  if (child) {
    const e = await findById<EnrollmentDoc>(ctx.db, ENROLLMENTS, enrollmentId(course._id, child.childId));
    if (e && (e.status === 'enrolled' || e.status === 'waitlisted')) {
      my = toMyEnrollment(e, e.status === 'waitlisted' ? await waitlistPosition(ctx.db, e) : undefined);
    } else if (e) {
      my = toMyEnrollment(e);
    }
  }
  const [detail] = await withCoverUrls(ctx, [toDetail(course, my, manager)]);
  return detail;
}

export async function myCourses(ctx: Ctx, input: { childId?: string }): Promise<MyCoursesOutput> {
  const actor = await ctx.actor();
  const children = input.childId ? [requireChild(actor, input.childId)] : actor.children;
  if (children.length === 0) return { upcoming: [], waitlisted: [], finished: [] };
  const _ = ctx.db.command;
  const res = await ctx.db
    .collection<EnrollmentDoc>(ENROLLMENTS)
    .where({ familyId: _.in(children.map((c) => c.childId)), status: _.in(['enrolled', 'waitlisted']) })
    .limit(500)
    .get();
  const courseIds = [...new Set(res.data.map((e) => e.courseId))];
  const courses = new Map<string, CourseDoc>();
  for (let i = 0; i < courseIds.length; i += 100) {
    const r = await ctx.db.collection<CourseDoc>(COURSES).where({ _id: _.in(courseIds.slice(i, i + 100)) }).limit(100).get();
    r.data.forEach((c) => courses.set(c._id, c));
  }
  const names = new Map(children.map((c) => [c.childId, c.childName]));
  const out: MyCoursesOutput = { upcoming: [], waitlisted: [], finished: [] };
  const waiting: { item: MyCourseItemDto; e: EnrollmentDoc }[] = [];
  for (const e of res.data) {
    const c = courses.get(e.courseId);
    if (!c) continue;
    const item: MyCourseItemDto = { course: toSummary(c), enrollment: toMyEnrollment(e), childName: names.get(e.familyId) ?? '' };
    const over = c.status === 'finished' || c.status === 'cancelled' || c.endAt.getTime() < ctx.now.getTime();
    if (over) {
      if (e.status === 'enrolled' || c.status === 'cancelled') out.finished.push(item);
    } else if (e.status === 'waitlisted') {
      out.waitlisted.push(item);
      waiting.push({ item, e });
    } else out.upcoming.push(item);
  }
  await Promise.all([
    ...waiting.map(async ({ item, e }) => (item.enrollment.waitlistPosition = await waitlistPosition(ctx.db, e))),
    withCoverUrls(ctx, [...out.upcoming, ...out.waitlisted, ...out.finished].map((i) => i.course)),
  ]);
  const byStart = (a: MyCourseItemDto, b: MyCourseItemDto) => a.course.startAt.localeCompare(b.course.startAt);
  out.upcoming.sort(byStart);
  out.waitlisted.sort(byStart);
  out.finished.sort((a, b) => -byStart(a, b));
  return out;
}

const ZH_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** 七年级2班 < 八年级1班 < 八年级10班: Chinese and Arabic numerals compared as numbers. */
export function sortKey(name: string): string {
  return name
    .replace(/[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]/g, (m) => {
      if (!m.includes('十')) return String(ZH_DIGITS[m]);
      const [tens, ones] = m.split('十');
      return String((tens ? ZH_DIGITS[tens] : 1) * 10 + (ones ? ZH_DIGITS[ones] : 0));
    })
    .replace(/\d+/g, (d) => d.padStart(4, '0'));
}

/** Class names for the breakdown, e.g. 三年级1班 (school collections; ids shown when a class is unknown). */
async function classNames(ctx: Ctx, classIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (classIds.length === 0) return out;
  const _ = ctx.db.command;
  try {
    const classes: { _id: string; name?: string; gradeId?: string }[] = [];
    for (let i = 0; i < classIds.length; i += 100) {
      const r = await ctx.db.collection<{ _id: string; name?: string; gradeId?: string }>('classes').where({ _id: _.in(classIds.slice(i, i + 100)) }).limit(100).get();
      classes.push(...r.data);
    }
    const gradeIds = [...new Set(classes.map((c) => c.gradeId).filter((g): g is string => !!g))];
    const grades = new Map<string, string>();
    for (let i = 0; i < gradeIds.length; i += 100) {
      const r = await ctx.db.collection<{ _id: string; name?: string }>('grades').where({ _id: _.in(gradeIds.slice(i, i + 100)) }).limit(100).get();
      r.data.forEach((g) => g.name && grades.set(g._id, g.name));
    }
    for (const c of classes) {
      const grade = c.gradeId ? grades.get(c.gradeId) : undefined;
      const name = c.name ?? c._id;
      out.set(c._id, grade && !name.startsWith(grade) ? `${grade}${name}` : name);
    }
  } catch {
    /* class names are a nicety: fall back to ids */
  }
  return out;
}

export async function enrollmentList(ctx: Ctx, input: { courseId: string }): Promise<EnrollmentListOutput> {
  const [actor, course] = await Promise.all([ctx.actor(), loadCourse(ctx.db, input.courseId)]);
  requireCourseManager(actor, course.schoolId);
  const all = await liveEnrollments(ctx.db, course._id);
  // The teacher reads every live record anyway: if the counters drifted (a crash between a record
  // change and its counter update), set them right and show the right numbers.
  if (await recountCounters(ctx.db, course, all)) Object.assign(course, await loadCourse(ctx.db, course._id));
  const names = await classNames(ctx, [...new Set(all.map((e) => e.classId))]);
  let pos = 0;
  const row = (e: EnrollmentDoc): EnrollmentRowDto => ({
    familyId: e.familyId,
    childName: e.childName,
    gradeId: e.gradeId,
    classId: e.classId,
    className: names.get(e.classId) ?? e.classId,
    seats: e.seats,
    status: e.status,
    seq: e.seq,
    waitlistPosition: e.status === 'waitlisted' ? ++pos : undefined,
    at: iso(e.enrolledAt ?? e.waitlistedAt ?? e.createdAt),
  });
  const rows = all.map(row);
  const byClass = new Map<string, ClassBreakdownDto>();
  for (const r of rows.filter((x) => x.status === 'enrolled')) {
    const b = byClass.get(r.classId) ?? { classId: r.classId, className: r.className, families: 0, seats: 0 };
    b.families += 1;
    b.seats += r.seats;
    byClass.set(r.classId, b);
  }
  return {
    course: toSummary(course),
    enrolled: rows.filter((r) => r.status === 'enrolled'),
    waitlisted: rows.filter((r) => r.status === 'waitlisted'),
    byClass: [...byClass.values()].sort((a, b) => sortKey(a.className).localeCompare(sortKey(b.className), 'zh')),
  };
}
