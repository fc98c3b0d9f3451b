/**
 * Enrolment with capacity and a waitlist, rush-proof without a hot document.
 *
 * Invariants (under any concurrency, on a database with snapshot isolation):
 *  - no oversell: an enrolment is 'enrolled' only while it holds `seats` seat documents
 *    (seats.ts), each taken by one conditional single-document update, and there are never more
 *    open seat documents than the capacity;
 *  - one live enrolment per family per course: the record id is `${courseId}_${familyId}`, so a
 *    second one is a duplicate key; coming back after a cancellation is a conditional update of
 *    the cancelled record (only one of two racing updates matches);
 *  - waitlist and promotion in arrival order: each record carries an arrival key `seq` taken from
 *    the clock (arrivalKey), the waitlist is the records ordered by (seq, _id), and promotion
 *    always takes the head (strictly: if the head needs more seats than are free, nobody behind it
 *    jumps ahead);
 *  - counters equal records: enrolledSeats / enrolledFamilies / waitlistFamilies on the course
 *    move by `_.inc` right after the record change they count (never in a transaction), and
 *    healCourse recounts them from the records after a crash.
 *
 * Nothing in the request path writes the course document inside a transaction, so 1,000 families
 * at once neither queue on it nor conflict over it. Design and proofs: docs/course-enrolment.md.
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail, isDomainError } from '../core/errors';
import { findById, isDuplicateKey } from '../core/persistence';
import type { ChildLink } from '../../types/school/roles';
import type {
  CancelEnrollmentOutput,
  CourseDoc,
  EnrollOutput,
  EnrollmentDoc,
  RemoveEnrollmentOutput,
} from '../../types/course/course.schema';
import { canCancel, canEnroll, canRemove, isFull, seatsLeft } from '../../types/course/course.rules';
import { COURSES, ENROLLMENTS, arrivalKey, bumpCounters, enrollmentId, liveEnrollments, loadCourse } from './course-store';
import { FREE, ORPHAN_GRACE_MS, SEATS, claimSeats, claimToken, ensureSeats, freeSeatsOf, giveBack, seatCensus, type Claim, type SeatDoc } from './seats';
import { requireChild, requireCourseManager } from './course-access';
import { notifyCourseFamilies } from '../notice/course-notices';

type Deps = Pick<Ctx, 'db' | 'cloud'>;
type Counts = Pick<CourseDoc, 'capacity' | 'enrolledSeats' | 'enrolledFamilies' | 'waitlistFamilies'>;

function counts(c: Counts) {
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

const RESET = { cancelledAt: null, removedAt: null, removedBy: null, removedReason: null, promotedAt: null, enrolledAt: null, waitlistedAt: null };

/** 1-based waitlist position of a waiting enrolment (one count on the courseId+status+seq index). */
export async function waitlistPosition(db: Database, e: Pick<EnrollmentDoc, 'courseId' | 'seq'>): Promise<number> {
  const _ = db.command;
  const r = await db.collection(ENROLLMENTS).where({ courseId: e.courseId, status: 'waitlisted', seq: _.lt(e.seq) }).count();
  return r.total + 1;
}

/** Seats for a course that has no seat documents yet (created before seats existed). */
async function seatsMissing(db: Database, c: CourseDoc, now: Date): Promise<boolean> {
  const any = await db.collection(SEATS).where({ courseId: c._id }).limit(1).field({ _id: true }).get();
  if (any.data.length) return false;
  const enrolled = (await liveEnrollments(db, c._id, { seats: true, status: true })).filter((e) => e.status === 'enrolled');
  await ensureSeats(db, c, enrolled, now);
  return true;
}

export async function enroll(ctx: Ctx, input: { courseId: string; childId: string; seats: 1 | 2 }): Promise<EnrollOutput> {
  const actor = await ctx.actor();
  const child = requireChild(actor, input.childId);
  const family = familyOf(child);
  const id = enrollmentId(input.courseId, child.childId);
  const now = ctx.now;
  const db = ctx.db;
  const c = await loadCourse(db, input.courseId);
  const r = canEnroll(c, family, null, now, input.seats);
  if (!r.ok) fail(r.code, { reason: r.reason });

  // This attempt's claim token: the seats it takes are its own (seats.ts).
  const token = claimToken(id);
  const record = (outcome: 'enrolled' | 'waitlisted', seq: number) => ({
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
    seatHolder: outcome === 'enrolled' ? token : null,
    ...(outcome === 'enrolled' ? { enrolledAt: now } : { waitlistedAt: now }),
    updatedAt: now,
  });

  // The counters say whether a newcomer may have a seat (free seats, nobody waiting); the seat
  // documents decide. The key is taken before the first claim, so every family that got a seat
  // has a smaller key than every family that found none (it takes its key after failing).
  let outcome: 'enrolled' | 'waitlisted' = r.outcome;
  let seq = arrivalKey(now.getTime());
  let claim: Claim | null = null;
  let triedSeat = false;
  if (outcome === 'enrolled') {
    triedSeat = true;
    claim = await claimSeats(db, c._id, token, input.seats, now);
    if (!claim.ok && (await seatsMissing(db, c, now))) claim = await claimSeats(db, c._id, token, input.seats, now);
    if (!claim.ok) {
      outcome = 'waitlisted';
      seq = arrivalKey();
    }
  }
  const giveBackMine = () => (claim ? giveBack(db, token, claim.claimed) : Promise.resolve());

  let written = false;
  try {
    await db.collection(ENROLLMENTS).add({ data: { _id: id, ...record(outcome, seq), createdAt: now } });
    written = true;
  } catch (e) {
    if (!isDuplicateKey(e)) {
      await giveBackMine();
      throw e;
    }
  }
  // A record exists: live → duplicate; cancelled or removed → enrol again on that record, with a
  // conditional update (of two racing comebacks, one matches).
  for (let attempt = 0; !written; attempt++) {
    const existing = await findById<EnrollmentDoc>(db, ENROLLMENTS, id);
    if (!existing || existing.status === 'enrolled' || existing.status === 'waitlisted' || attempt >= 3) {
      await giveBackMine();
      if (!existing || attempt >= 3) fail('CONFLICT');
      fail('ENROLLMENT_DUPLICATE', { reason: existing.status === 'enrolled' ? '您的家庭已报名该课程' : '您的家庭已在候补名单中' });
    }
    const u = await db
      .collection(ENROLLMENTS)
      .where({ _id: id, status: existing.status, seq: existing.seq })
      .update({ data: { ...RESET, ...record(outcome, seq) } });
    written = u.stats.updated === 1;
  }

  const got = claim as Claim | null;
  const after: Counts = { ...c };
  if (outcome === 'enrolled') {
    after.enrolledSeats += input.seats;
    after.enrolledFamilies += 1;
    await bumpCounters(db, c._id, { enrolledSeats: input.seats, enrolledFamilies: 1 }, got?.last ? { full: true } : {});
  } else {
    after.waitlistFamilies += 1;
    await bumpCounters(db, c._id, { waitlistFamilies: 1 }, { full: true });
  }
  const result: EnrollOutput = {
    status: outcome,
    // Everyone the counter counted when we read the course wrote their record before that read,
    // so arrived before us: our place is at least counter + 1 (a family just ahead of us whose
    // record landed meanwhile is not counted yet; the detail page counts exactly).
    waitlistPosition: outcome === 'waitlisted' ? c.waitlistFamilies + 1 : undefined,
    seats: input.seats,
    course: counts(after),
  };
  // Waiting although the counters showed a free seat: a seat may have been given back meanwhile
  // with nobody yet in line to take it. Fill it now (promotion takes the head, maybe us).
  if (outcome === 'waitlisted' && triedSeat) {
    const free = await db.collection(SEATS).where({ holder: FREE(c._id) }).limit(1).field({ _id: true }).get();
    if (free.data.length) {
      await promoteAfterCommit(ctx, c._id, now);
      const mine = await findById<EnrollmentDoc>(db, ENROLLMENTS, id);
      if (mine?.status === 'enrolled' && mine.seq === seq) return { status: 'enrolled', seats: input.seats, course: counts(await loadCourse(db, c._id)) };
    }
  }
  return result;
}

/**
 * Free a place: the family cancels (guardian) or a teacher removes it. The record leaves its live
 * status first (a conditional update: of two racing releases one matches), then its seats are given
 * back, then the counters move. A crash in between leaves seats held by a record that is no longer
 * enrolled; healCourse frees them.
 */
async function release(
  deps: Deps,
  courseId: string,
  familyId: string,
  now: Date,
  check: (c: CourseDoc, e: EnrollmentDoc | null) => void,
  patch: (e: EnrollmentDoc) => Partial<EnrollmentDoc>,
): Promise<{ course: CourseDoc; before: EnrollmentDoc }> {
  const db = deps.db;
  const id = enrollmentId(courseId, familyId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const [c, e] = await Promise.all([loadCourse(db, courseId), findById<EnrollmentDoc>(db, ENROLLMENTS, id)]);
    check(c, e);
    const before = e!;
    const u = await db
      .collection(ENROLLMENTS)
      .where({ _id: id, status: before.status, seq: before.seq })
      .update({ data: { ...patch(before), seatHolder: null, updatedAt: now } });
    if (u.stats.updated !== 1) continue; // promoted or released meanwhile: look again
    const next: CourseDoc = { ...c };
    if (before.status === 'enrolled') {
      // Its seats are those of its token (a comeback right after takes seats under a new token).
      if (before.seatHolder) await freeSeatsOf(db, courseId, before.seatHolder);
      next.enrolledSeats -= before.seats;
      next.enrolledFamilies -= 1;
      await bumpCounters(db, courseId, { enrolledSeats: -before.seats, enrolledFamilies: -1 });
    } else {
      next.waitlistFamilies -= 1;
      await bumpCounters(db, courseId, { waitlistFamilies: -1 });
    }
    return { course: next, before };
  }
  return fail('CONFLICT');
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
  const promoted = before.status === 'enrolled' ? await promoteAfterCommit(ctx, input.courseId, ctx.now, before.seats) : 0;
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
  await notifyCourseFamilies(ctx, after, [{ userId: before.userId, openid: before.openid }], 'removed', { reason: input.reason, now: ctx.now });
  const promoted = before.status === 'enrolled' ? await promoteAfterCommit(ctx, input.courseId, ctx.now, before.seats) : 0;
  return { status: 'removed', promoted };
}

/**
 * Fill free seats from the head of the waitlist, in arrival order, and tell the promoted families.
 * Each round: the free seats F and the head of the line; if the head's seats fit in F it takes
 * them under a new claim token (strict order: if the head needs more seats than are free, nobody
 * behind it gets in), then its record moves waitlisted → enrolled with a conditional update.
 * Of two promoters of one family one update matches; the other gives back its own seats. Stops
 * once `budgetSeats` seats went to the line (a release promotes for the seats it freed; the heal
 * pass and capacity increases for all). Safe to run concurrently and repeatedly.
 */
export async function promoteWaitlist(deps: Deps, courseId: string, now: Date = new Date(), budgetSeats = Infinity): Promise<number> {
  const db = deps.db;
  const promoted: EnrollmentDoc[] = [];
  let seated = 0;
  const course = await findById<CourseDoc>(db, COURSES, courseId);
  if (!course || (course.status !== 'published' && course.status !== 'closed')) return 0;
  let legacyChecked = false;
  for (let round = 0; round < 100 && seated < budgetSeats; round++) {
    const free = (await db.collection<SeatDoc>(SEATS).where({ holder: FREE(courseId) }).limit(100).field({ _id: true }).get()).data.length;
    if (free === 0 && !legacyChecked) {
      legacyChecked = true;
      if (await seatsMissing(db, course, now)) continue;
    }
    legacyChecked = true;
    const heads = free ? (await db.collection<EnrollmentDoc>(ENROLLMENTS).where({ courseId, status: 'waitlisted' }).orderBy('seq', 'asc').orderBy('_id', 'asc').limit(Math.min(free, 50)).get()).data : [];
    if (free && heads.length === 0) {
      // Nobody waits: the course is open again for newcomers (the condition keeps a waitlist that
      // formed meanwhile from being hidden).
      const _ = db.command;
      await db.collection(COURSES).where({ _id: courseId, waitlistFamilies: 0, capacity: course.capacity, enrolledSeats: _.lt(course.capacity) }).update({ data: { full: false } });
    }
    // Always the head of the line: promoting a family behind it (even one that fits) while the head
    // waits would break arrival order, e.g. a 1-seat family seated past a 2-seat head whose second
    // seat a concurrent promoter took. Concurrent promoters all aim at the head; the losers give
    // their seats back and look again.
    const head = heads[0];
    if (!head || head.seats > free) break;
    const token = claimToken(head._id);
    const claim = await claimSeats(db, courseId, token, head.seats, now);
    if (!claim.ok) continue; // the seats went meanwhile (to another promoter): look again
    const u = await db
      .collection(ENROLLMENTS)
      .where({ _id: head._id, status: 'waitlisted', seq: head.seq })
      .update({ data: { status: 'enrolled', seatHolder: token, enrolledAt: now, promotedAt: now, updatedAt: now } });
    if (u.stats.updated !== 1) {
      await giveBack(db, token, claim.claimed); // promoted by someone else, or left the line
      continue;
    }
    await bumpCounters(db, courseId, { enrolledSeats: head.seats, enrolledFamilies: 1, waitlistFamilies: -1 });
    promoted.push(head);
    seated += head.seats;
  }
  if (promoted.length) {
    await notifyCourseFamilies(deps, course, promoted.map((e) => ({ userId: e.userId, openid: e.openid })), 'promoted', { now });
  }
  return promoted.length;
}

/**
 * Promotion after a committed change: the change stands even if promotion fails now (the seats stay
 * free with people waiting, and the next enrolment, cancellation or capacity change fills them).
 */
export async function promoteAfterCommit(deps: Deps, courseId: string, now: Date, budgetSeats = Infinity): Promise<number> {
  try {
    return await promoteWaitlist(deps, courseId, now, budgetSeats);
  } catch (e) {
    console.error(`[course] promotion of course ${courseId} deferred: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300));
    return 0;
  }
}

export interface HealReport {
  seatsCreated: boolean;
  orphanSeatsFreed: number;
  countersFixed: boolean;
  promoted: number;
}

/**
 * Brings a course back to its invariants after a crash between two steps: seats held by a record
 * that is not enrolled (or more than it needs) are freed once older than ORPHAN_GRACE_MS, the
 * counters are recounted from the records, free seats go to the waitlist. Idempotent.
 */
export async function healCourse(deps: Deps, courseId: string, now: Date = new Date(), graceMs = ORPHAN_GRACE_MS): Promise<HealReport> {
  const db = deps.db;
  const c = await loadCourse(db, courseId); // before the records: see recountCounters
  const live = await liveEnrollments(db, courseId);
  const seatsCreated = await seatsMissing(db, c, now);
  const census = await seatCensus(db, courseId);
  const cutoff = now.getTime() - graceMs;
  const old = (x: SeatDoc) => !x.heldAt || new Date(x.heldAt).getTime() <= cutoff;
  const named = new Set(live.filter((e) => e.status === 'enrolled' && e.seatHolder).map((e) => e.seatHolder!));
  let orphanSeatsFreed = 0;
  for (const [holder, seats] of census.byHolder) {
    if (named.has(holder)) continue;
    const ids = seats.filter(old).map((x) => x._id);
    await giveBack(db, holder, ids);
    orphanSeatsFreed += ids.length;
  }
  const countersFixed = await recountCounters(db, c, live, now, graceMs === 0 ? 0 : COUNTERS_AT_REST_MS);
  const promoted = await promoteAfterCommit(deps, courseId, now);
  return { seatsCreated, orphanSeatsFreed, countersFixed, promoted };
}

/** Counters that moved less than this long ago are in motion: a recount leaves them alone. */
export const COUNTERS_AT_REST_MS = 10_000;

/**
 * Sets the course's counters to what its live records say, if they differ and are at rest.
 * `c` must have been read BEFORE `live`. The update is conditional on `countedAt` still being what
 * `c` had: a counter update landing meanwhile (a change in flight) cancels the recount, so it never
 * undoes a change the records already show. Returns whether it changed them.
 */
export async function recountCounters(db: Database, c: CourseDoc, live: Pick<EnrollmentDoc, 'status' | 'seats'>[], now: Date = new Date(), restMs = COUNTERS_AT_REST_MS): Promise<boolean> {
  const enrolled = live.filter((e) => e.status === 'enrolled');
  const truth = {
    enrolledSeats: enrolled.reduce((s, e) => s + e.seats, 0),
    enrolledFamilies: enrolled.length,
    waitlistFamilies: live.filter((e) => e.status === 'waitlisted').length,
  };
  const full = isFull({ capacity: c.capacity, ...truth });
  if (truth.enrolledSeats === c.enrolledSeats && truth.enrolledFamilies === c.enrolledFamilies && truth.waitlistFamilies === c.waitlistFamilies && c.full === full) return false;
  const at = c.countedAt ? new Date(c.countedAt).getTime() : 0;
  if (now.getTime() - at < restMs) return false;
  const _ = db.command;
  const u = await db
    .collection(COURSES)
    .where({ _id: c._id, countedAt: c.countedAt ?? _.exists(false) })
    .update({ data: { ...truth, full, countedAt: now } });
  return u.stats.updated === 1;
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
      if (before.status === 'enrolled') promoted += await promoteAfterCommit(deps, e.courseId, now, before.seats);
    } catch (err) {
      if (!isDomainError(err)) throw err;
    }
  }
  return { cancelled, promoted };
}
