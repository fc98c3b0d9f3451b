/**
 * Reads and writes of the course domain's documents. Transactions, conflict handling and lookups
 * by id come from server/core/persistence.ts; this file holds what is specific to courses: the
 * collections, the deterministic enrolment id, the arrival key and the counters on the course.
 */
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findById } from '../core/persistence';
import type { CourseDoc, EnrollmentDoc } from '../../types/course/course.schema';

export const COURSES = 'courses';
export const ENROLLMENTS = 'enrollments';

export function enrollmentId(courseId: string, familyId: string): string {
  return `${courseId}_${familyId}`;
}

export async function loadCourse(db: Database, courseId: string): Promise<CourseDoc> {
  const c = await findById<CourseDoc>(db, COURSES, courseId);
  if (!c) fail('COURSE_NOT_FOUND');
  return c;
}

let lastKey = 0;
/**
 * Arrival key: the function's clock in microseconds (ms from Date, the sub-millisecond part from
 * the monotonic clock), strictly increasing within an instance. Equal keys from two instances are
 * ordered by `_id`. No shared counter: taking a key writes nothing.
 */
export function arrivalKey(now: number = Date.now()): number {
  const micros = now * 1000 + Math.floor((Number(process.hrtime.bigint() % 1_000_000n) / 1000) % 1000);
  lastKey = Math.max(lastKey + 1, micros);
  return lastKey;
}

export interface CounterDelta {
  enrolledSeats?: number;
  enrolledFamilies?: number;
  waitlistFamilies?: number;
}

/**
 * Moves the counters on the course by `d` with one `_.inc` (a plain single-document update: never
 * a transaction, never a conflict). Called after the records they count changed; a crash in between
 * leaves a difference that healCourse's recount removes.
 */
export async function bumpCounters(db: Database, courseId: string, d: CounterDelta, extra: Record<string, unknown> = {}): Promise<void> {
  const _ = db.command;
  const data: Record<string, unknown> = { ...extra };
  for (const [k, v] of Object.entries(d)) if (v) data[k] = _.inc(v);
  if (!Object.keys(data).length) return;
  // countedAt: when the counters last moved (a recount only runs on counters at rest).
  await db.collection(COURSES).where({ _id: courseId }).update({ data: { ...data, countedAt: new Date() } });
}

/** Every live (enrolled or waiting) enrolment of a course in arrival order, paged by (seq, _id). */
export async function liveEnrollments(db: Database, courseId: string, projection?: Record<string, boolean>): Promise<EnrollmentDoc[]> {
  const _ = db.command;
  const out: EnrollmentDoc[] = [];
  let after: { seq: number; id: string } | null = null;
  for (;;) {
    const base = { courseId, status: _.in(['enrolled', 'waitlisted']) };
    const where: Record<string, unknown> = after ? _.and([base, _.or([{ seq: _.gt(after.seq) }, { seq: after.seq, _id: _.gt(after.id) }])]) : base;
    let q: ReturnType<Database['collection']> | ReturnType<ReturnType<Database['collection']>['where']> = db.collection<EnrollmentDoc>(ENROLLMENTS).where(where).orderBy('seq', 'asc').orderBy('_id', 'asc').limit(1000);
    if (projection) q = q.field({ ...projection, seq: true, _id: true });
    const res = (await q.get()) as { data: EnrollmentDoc[] };
    out.push(...res.data);
    if (res.data.length < 1000) return out;
    const last: EnrollmentDoc = res.data[res.data.length - 1];
    after = { seq: last.seq, id: last._id };
  }
}

export type { CourseDoc, EnrollmentDoc };
