/**
 * Reads and writes of the course domain's documents, and the transaction helper.
 * Transactions use single-document operations only (doc().get/update/set, add), as WeChat requires.
 */
import type { Database } from '../core/cloud';
import type { Transaction } from '../core/db-types';
import { fail, isDomainError } from '../core/errors';
import type { CourseDoc, EnrollmentDoc } from '../../types/course/course.schema';
import { isFull } from '../../types/course/course.rules';

export const COURSES = 'courses';
export const ENROLLMENTS = 'enrollments';

export function enrollmentId(courseId: string, familyId: string): string {
  return `${courseId}_${familyId}`;
}

/** One read; null when missing (where() does not throw on a miss, doc().get() does). */
export async function findById<T>(db: Database, collection: string, id: string): Promise<T | null> {
  const res = await db.collection<T>(collection).where({ _id: id }).limit(1).get();
  return (res.data[0] as T | undefined) ?? null;
}

export async function loadCourse(db: Database, courseId: string): Promise<CourseDoc> {
  const c = await findById<CourseDoc>(db, COURSES, courseId);
  if (!c) fail('COURSE_NOT_FOUND');
  return c;
}

function isMissing(e: unknown): boolean {
  const msg = typeof e === 'string' ? e : e instanceof Error ? e.message : String((e as { errMsg?: string })?.errMsg ?? e);
  return /does not exist/.test(msg);
}

/** doc().get() inside a transaction; null when the document does not exist. */
export async function txGet<T>(t: Transaction, collection: string, id: string): Promise<T | null> {
  try {
    const r = await t.collection<T>(collection).doc(id).get();
    return (r.data as T) ?? null;
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

export async function txCourse(t: Transaction, courseId: string): Promise<CourseDoc> {
  const c = await txGet<CourseDoc>(t, COURSES, courseId);
  if (!c) fail('COURSE_NOT_FOUND');
  return c;
}

/** The counters written back to the course after seats move. */
export function countsPatch(c: Pick<CourseDoc, 'capacity' | 'enrolledSeats' | 'enrolledFamilies' | 'waitlistFamilies'>, now: Date) {
  return {
    enrolledSeats: c.enrolledSeats,
    enrolledFamilies: c.enrolledFamilies,
    waitlistFamilies: c.waitlistFamilies,
    full: isFull(c),
    updatedAt: now,
  };
}

function errorText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') {
    const o = e as { errMsg?: string; message?: string; code?: string };
    return `${o.code ?? ''} ${o.errMsg ?? ''} ${o.message ?? ''}`;
  }
  return String(e);
}

/** A transaction that failed for a reason a retry can fix (conflict, aborted, timed out). */
export function isRetryable(e: unknown): boolean {
  return /conflict|TRANSACTION_FAIL|is not active|ECONNRESET|socket hang up/i.test(errorText(e));
}

export function isDuplicateKey(e: unknown): boolean {
  return /E11000|duplicate key/i.test(errorText(e));
}

/**
 * db.runTransaction with retries on transient failures. Domain failures (fail(...)) thrown in the
 * callback roll the transaction back and reach the caller unchanged.
 */
export async function runTx<R>(db: Database, fn: (t: Transaction) => Promise<R>, attempts = 5): Promise<R> {
  for (let i = 1; ; i++) {
    try {
      return await db.runTransaction(fn, 1);
    } catch (e) {
      if (isDomainError(e) || i >= attempts || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10 * i));
    }
  }
}

/** Every live (enrolled or waiting) enrolment of a course in arrival order, paged by seq. */
export async function liveEnrollments(db: Database, courseId: string, projection?: Record<string, boolean>): Promise<EnrollmentDoc[]> {
  const _ = db.command;
  const out: EnrollmentDoc[] = [];
  let lastSeq = -1;
  for (;;) {
    let q = db
      .collection<EnrollmentDoc>(ENROLLMENTS)
      .where({ courseId, status: _.in(['enrolled', 'waitlisted']), seq: _.gt(lastSeq) })
      .orderBy('seq', 'asc')
      .limit(1000);
    if (projection) q = q.field({ ...projection, seq: true });
    const res = await q.get();
    out.push(...res.data);
    if (res.data.length < 1000) return out;
    lastSeq = res.data[res.data.length - 1].seq;
  }
}

export type { CourseDoc, EnrollmentDoc };
