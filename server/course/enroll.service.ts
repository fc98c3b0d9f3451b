/**
 * Enrolment with capacity and a waitlist, rush-proof.
 *
 * Invariants (under any concurrency):
 *  - seats taken never exceed capacity;
 *  - at most one live enrolment per family per course: the record id is `${courseId}_${familyId}`,
 *    so a second one is a duplicate key inside the transaction;
 *  - waitlist order = arrival order: each enrolment takes `course.seq + 1` in the same transaction
 *    that writes it, and the transaction holds the course document;
 *  - the counters on the course change in the same transaction as the records they count.
 *
 * Round trips of a first-time enrolment: actor (1) + startTransaction (1) + get course (1)
 * + [add enrolment ‖ update course] (2, sent together) + commit (1) = 6 database operations,
 * 5 sequential round trips. Why 5 operations is not reachable without giving up an invariant:
 * docs/course-enrolment.md.
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail, isDomainError } from '../core/errors';
import type { ChildLink } from '../../types/school/roles';
import type {
  CancelEnrollmentOutput,
  CourseDoc,
  EnrollOutput,
  EnrollmentDoc,
  RemoveEnrollmentOutput,
} from '../../types/course/course.schema';
import { canCancel, canEnroll, canRemove, seatsLeft } from '../../types/course/course.rules';
import { COURSES, ENROLLMENTS, countsPatch, enrollmentId, findById, isDuplicateKey, loadCourse, runTx, txCourse, txGet } from './course-store';
import { requireChild, requireCourseManager } from './course-access';
import { notifyFamilies, type Recipient } from './notify.service';

type Deps = Pick<Ctx, 'db' | 'cloud'>;

function counts(c: CourseDoc) {
  return {
    capacity: c.capacity,
    enrolledSeats: c.enrolledSeats,
    enrolledFamilies: c.enrolledFamilies,
    waitlistFamilies: c.waitlistFamilies,
    seatsLeft: seatsLeft(c),
  };
}

function familyOf(child: ChildLink) {
  return { familyId: child.childId, schoolId: child.schoolId, gradeId: child.gradeId, classId: child.classId };
}

/** Take a seat (or a waitlist place) in the course document held by the transaction. */
function takePlace(c: CourseDoc, outcome: 'enrolled' | 'waitlisted', seats: number): CourseDoc {
  const next = { ...c, seq: c.seq + 1 };
  if (outcome === 'enrolled') {
    next.enrolledSeats += seats;
    next.enrolledFamilies += 1;
  } else {
    next.waitlistFamilies += 1;
  }
  // Belt and braces: never commit more seats than capacity, whatever the caller decided.
  if (next.enrolledSeats > next.capacity) fail('CONFLICT');
  return next;
}

/** Give back the place an enrolment held. */
function releasePlace(c: CourseDoc, e: Pick<EnrollmentDoc, 'status' | 'seats'>): CourseDoc {
  const next = { ...c };
  if (e.status === 'enrolled') {
    next.enrolledSeats -= e.seats;
    next.enrolledFamilies -= 1;
  } else if (e.status === 'waitlisted') {
    next.waitlistFamilies -= 1;
  }
  return next;
}

export async function enroll(ctx: Ctx, input: { courseId: string; childId: string; seats: 1 | 2 }): Promise<EnrollOutput> {
  const actor = await ctx.actor();
  const child = requireChild(actor, input.childId);
  const family = familyOf(child);
  const id = enrollmentId(input.courseId, child.childId);
  const now = ctx.now;

  const record = (c: CourseDoc, outcome: 'enrolled' | 'waitlisted', seq: number): Omit<EnrollmentDoc, '_id' | 'createdAt'> => ({
    courseId: c._id,
    schoolId: c.schoolId,
    semester: c.semester,
    familyId: child.childId,
    childSchoolId: child.schoolId,
    gradeId: child.gradeId,
    classId: child.classId,
    childName: child.childName,
    userId: actor.userId,
    openid: actor.openid,
    seats: input.seats,
    status: outcome,
    seq,
    ...(outcome === 'enrolled' ? { enrolledAt: now } : { waitlistedAt: now }),
    updatedAt: now,
  });

  const done = (c: CourseDoc, outcome: 'enrolled' | 'waitlisted'): EnrollOutput => ({
    status: outcome,
    // Everyone waiting arrived earlier (lower seq), so the place is the waitlist length.
    waitlistPosition: outcome === 'waitlisted' ? c.waitlistFamilies : undefined,
    seats: input.seats,
    course: counts(c),
  });

  let result: EnrollOutput;
  try {
    // Fast path: the family has never had a record for this course.
    result = await runTx(ctx.db, async (t) => {
      const c = await txCourse(t, input.courseId);
      const r = canEnroll(c, family, null, now, input.seats);
      if (!r.ok) fail(r.code, { reason: r.reason });
      const next = takePlace(c, r.outcome, input.seats);
      await Promise.all([
        t.collection(ENROLLMENTS).add({ data: { _id: id, ...record(c, r.outcome, next.seq), createdAt: now } }),
        t.collection(COURSES).doc(c._id).update({ data: { seq: next.seq, ...countsPatch(next, now) } }),
      ]);
      return done(next, r.outcome);
    });
  } catch (e) {
    if (isDomainError(e)) throw e;
    if (!isDuplicateKey(e)) {
      // Not obviously a duplicate: check before giving up (the record may exist all the same).
      const existing = await findById<EnrollmentDoc>(ctx.db, ENROLLMENTS, id);
      if (!existing) throw e;
    }
    // Slow path: a record exists (live → duplicate; cancelled / removed → enrol again).
    result = await runTx(ctx.db, async (t) => {
      const [c, existing] = await Promise.all([txCourse(t, input.courseId), txGet<EnrollmentDoc>(t, ENROLLMENTS, id)]);
      const r = canEnroll(c, family, existing, now, input.seats);
      if (!r.ok) fail(r.code, { reason: r.reason });
      const next = takePlace(c, r.outcome, input.seats);
      const data = { ...record(c, r.outcome, next.seq), cancelledAt: null, removedAt: null, removedBy: null, removedReason: null, promotedAt: null };
      await Promise.all([
        existing
          ? t.collection(ENROLLMENTS).doc(id).update({ data })
          : t.collection(ENROLLMENTS).add({ data: { _id: id, ...data, createdAt: now } }),
        t.collection(COURSES).doc(c._id).update({ data: { seq: next.seq, ...countsPatch(next, now) } }),
      ]);
      return done(next, r.outcome);
    });
  }
  // Seats free while people wait (e.g. a crash between a cancel and its promotion): heal now.
  if (result.status === 'waitlisted' && result.course.seatsLeft > 0) await promoteAfterCommit(ctx, input.courseId, now);
  return result;
}

/** Free a place: the family cancels (guardian) or a teacher removes it. */
async function release(
  deps: Deps,
  courseId: string,
  familyId: string,
  now: Date,
  check: (c: CourseDoc, e: EnrollmentDoc | null) => void,
  patch: (e: EnrollmentDoc) => Partial<EnrollmentDoc>,
): Promise<{ course: CourseDoc; before: EnrollmentDoc }> {
  const id = enrollmentId(courseId, familyId);
  return runTx(deps.db, async (t) => {
    const [c, e] = await Promise.all([txCourse(t, courseId), txGet<EnrollmentDoc>(t, ENROLLMENTS, id)]);
    check(c, e);
    const before = e!;
    const next = releasePlace(c, before);
    await Promise.all([
      t.collection(ENROLLMENTS).doc(id).update({ data: { ...patch(before), updatedAt: now } }),
      t.collection(COURSES).doc(courseId).update({ data: countsPatch(next, now) }),
    ]);
    return { course: next, before };
  });
}

export async function cancelEnrollment(ctx: Ctx, input: { courseId: string; childId: string }): Promise<CancelEnrollmentOutput> {
  const actor = await ctx.actor();
  requireChild(actor, input.childId);
  const { before } = await release(
    ctx,
    input.courseId,
    input.childId,
    ctx.now,
    (c, e) => {
      const r = canCancel(c, e, ctx.now);
      if (!r.ok) fail(r.code, { reason: r.reason });
    },
    () => ({ status: 'cancelled', cancelledAt: ctx.now }),
  );
  const promoted = before.status === 'enrolled' ? await promoteAfterCommit(ctx, input.courseId, ctx.now) : 0;
  return { status: 'cancelled', promoted };
}

export async function removeEnrollment(ctx: Ctx, input: { courseId: string; childId: string; reason: string }): Promise<RemoveEnrollmentOutput> {
  const [actor, course] = await Promise.all([ctx.actor(), loadCourse(ctx.db, input.courseId)]);
  requireCourseManager(actor, course.schoolId);
  const { course: after, before } = await release(
    ctx,
    input.courseId,
    input.childId,
    ctx.now,
    (c, e) => {
      const r = canRemove(c, e);
      if (!r.ok) fail(r.code, { reason: r.reason });
    },
    () => ({ status: 'removed', removedAt: ctx.now, removedBy: actor.userId, removedReason: input.reason }),
  );
  await notifyFamilies(ctx, after, [{ userId: before.userId, openid: before.openid }], 'removed', { reason: input.reason, now: ctx.now });
  const promoted = before.status === 'enrolled' ? await promoteAfterCommit(ctx, input.courseId, ctx.now) : 0;
  return { status: 'removed', promoted };
}

const HEAD = 20;

/**
 * Fill free seats from the head of the waitlist, in arrival order, and tell the promoted families.
 * Candidates are read outside the transaction (WeChat forbids where() inside) and re-checked inside
 * it by id: one that is no longer waiting is skipped; strict order — if the head of the line needs
 * more seats than are free, nobody behind it jumps ahead. Safe to run concurrently and repeatedly.
 */
export async function promoteWaitlist(deps: Deps, courseId: string, now: Date = new Date()): Promise<number> {
  let total = 0;
  for (let round = 0; round < 50; round++) {
    const c0 = await findById<CourseDoc>(deps.db, COURSES, courseId);
    if (!c0 || (c0.status !== 'published' && c0.status !== 'closed')) break;
    if (c0.waitlistFamilies <= 0 || c0.enrolledSeats >= c0.capacity) break;
    const head = await deps.db
      .collection<EnrollmentDoc>(ENROLLMENTS)
      .where({ courseId, status: 'waitlisted' })
      .orderBy('seq', 'asc')
      .limit(HEAD)
      .field({ _id: true })
      .get();
    if (head.data.length === 0) break;
    const { course, promoted } = await runTx(deps.db, async (t) => {
      let c = await txCourse(t, courseId);
      const out: EnrollmentDoc[] = [];
      for (const cand of head.data) {
        if (c.enrolledSeats >= c.capacity || c.waitlistFamilies <= 0) break;
        const e = await txGet<EnrollmentDoc>(t, ENROLLMENTS, cand._id);
        if (!e || e.status !== 'waitlisted') continue; // promoted or gone meanwhile
        if (c.enrolledSeats + e.seats > c.capacity) break; // strict arrival order
        await t.collection(ENROLLMENTS).doc(e._id).update({ data: { status: 'enrolled', enrolledAt: now, promotedAt: now, updatedAt: now } });
        c = { ...c, enrolledSeats: c.enrolledSeats + e.seats, enrolledFamilies: c.enrolledFamilies + 1, waitlistFamilies: c.waitlistFamilies - 1 };
        out.push(e);
      }
      if (out.length) await t.collection(COURSES).doc(courseId).update({ data: countsPatch(c, now) });
      return { course: c, promoted: out };
    });
    if (promoted.length === 0) {
      // Everyone we saw was taken by a concurrent promotion; look again unless the head blocks.
      const still = await findById<CourseDoc>(deps.db, COURSES, courseId);
      if (!still || still.enrolledSeats >= still.capacity || still.waitlistFamilies <= 0) break;
      const first = await deps.db.collection<EnrollmentDoc>(ENROLLMENTS).where({ courseId, status: 'waitlisted' }).orderBy('seq', 'asc').limit(1).get();
      if (!first.data[0] || still.enrolledSeats + first.data[0].seats > still.capacity) break;
      continue;
    }
    total += promoted.length;
    await notifyFamilies(deps, course, promoted.map<Recipient>((e) => ({ userId: e.userId, openid: e.openid })), 'promoted', { now });
  }
  return total;
}

/**
 * Promotion after a committed change: the change stands even if promotion fails now (the seats stay
 * free with people waiting, and the next enrolment, cancellation or capacity change fills them).
 */
export async function promoteAfterCommit(deps: Deps, courseId: string, now: Date): Promise<number> {
  try {
    return await promoteWaitlist(deps, courseId, now);
  } catch (e) {
    console.error(`[course] promotion of course ${courseId} deferred: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300));
    return 0;
  }
}

/** 1-based waitlist position of a waiting enrolment (one count on the courseId+status+seq index). */
export async function waitlistPosition(db: Database, e: Pick<EnrollmentDoc, 'courseId' | 'seq'>): Promise<number> {
  const _ = db.command;
  const r = await db.collection(ENROLLMENTS).where({ courseId: e.courseId, status: 'waitlisted', seq: _.lt(e.seq) }).count();
  return r.total + 1;
}

/**
 * A guardian was removed from a child (school service, after its commit): the live enrolments that
 * guardian made for the family are cancelled and the freed seats go to the waitlist.
 */
export function onGuardianRemoved(deps: Deps, input: { childId: string; userId: string }, now: Date = new Date()): Promise<{ cancelled: number; promoted: number }> {
  return releaseFamilyEnrollments(deps, { childId: input.childId, userId: input.userId, reason: '监护关系已解除' }, now);
}

/**
 * Cancel a family's live enrolments (all of them, or only those a given guardian made), keeping the
 * course counters in step and promoting the waitlist — e.g. when a guardian is removed or a
 * family's data is deleted after consent was withdrawn.
 */
export async function releaseFamilyEnrollments(
  deps: Deps,
  input: { childId: string; userId?: string; reason: string },
  now: Date = new Date(),
): Promise<{ cancelled: number; promoted: number }> {
  const _ = deps.db.command;
  const res = await deps.db
    .collection<EnrollmentDoc>(ENROLLMENTS)
    .where({ familyId: input.childId, status: _.in(['enrolled', 'waitlisted']) })
    .limit(1000)
    .get();
  let cancelled = 0;
  let promoted = 0;
  for (const e of res.data.filter((x) => !input.userId || x.userId === input.userId)) {
    try {
      const { before } = await release(
        deps,
        e.courseId,
        e.familyId,
        now,
        (c, cur) => {
          if (!cur || (cur.status !== 'enrolled' && cur.status !== 'waitlisted') || (input.userId && cur.userId !== input.userId)) fail('ENROLLMENT_NOT_FOUND');
          if (c.status === 'finished' || c.status === 'cancelled') fail('COURSE_STATE_INVALID');
        },
        () => ({ status: 'cancelled', cancelledAt: now, removedReason: input.reason }),
      );
      cancelled++;
      if (before.status === 'enrolled') promoted += await promoteAfterCommit(deps, e.courseId, now);
    } catch (err) {
      if (!isDomainError(err)) throw err;
    }
  }
  return { cancelled, promoted };
}
