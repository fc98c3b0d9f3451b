/**
 * Seats of a course as claimable records: collection `course_seats`, one document per seat,
 * `_id = ${courseId}_${n}` for n = 1..capacity, `holder` = FREE(courseId), a claim token, or CLOSED(courseId)
 * (being removed by a capacity decrease).
 *
 * A seat is taken by ONE single-document conditional update, `where({_id, holder: FREE})
 * .update({holder: token})`, which never conflicts and never waits: of two families racing for a
 * seat, one sees `updated: 1`, the other `updated: 0` and tries another. Nobody writes the course
 * document to take a seat, so 1,000 families enrolling at once do not queue on it.
 *
 * The token is `${enrolmentId}#${random}`, new for every attempt (an enrolment, a promotion), and
 * the enrolment record that goes ahead stores it as `seatHolder`. So:
 *  - the seats an attempt took are its own: an attempt that does not go ahead (lost a duplicate
 *    race, found too few seats, its family cancelled meanwhile) gives back exactly those, never
 *    the seats of a concurrent attempt for the same family;
 *  - an enrolled record holds exactly the seats whose holder is its seatHolder, nothing counts
 *    twice, and a seat held by a token no enrolled record names (an attempt that crashed between
 *    taking the seat and writing the record) is freed by healCourse after a grace period longer
 *    than a function's timeout;
 *  - no oversell: a record is 'enrolled' only once its token holds `seats` seat documents, and
 *    there are never more open seat documents than the capacity (a decrease closes seats before
 *    it lowers the capacity; an increase raises the capacity before it opens seats; capacity
 *    changes of one course run one at a time).
 */
import { randomInt } from 'crypto';
import type { Database } from '../core/cloud';
import { findAll, isDuplicateKey } from '../core/persistence';
import type { CourseDoc, EnrollmentDoc } from '../../types/course/course.schema';

export const SEATS = 'course_seats';
const ENROLLMENTS_COLL = 'enrollments';
/**
 * Holder of a free seat of the course. It names the course so that "the free seats of course X"
 * is one equality on `holder` (one index range, and only free seats are read: the local cloud's
 * planner uses one field per query, and a claim then reads nothing but free seats).
 */
export const FREE = (courseId: string) => `#free:${courseId}`;
/** Holder of a seat that a capacity decrease is taking away (never claimable). */
export const CLOSED = (courseId: string) => `#closed:${courseId}`;
/** Held by an enrolment (a claim token), not free or closed. */
export const isHeld = (holder: string | undefined) => !!holder && !holder.startsWith('#');
/** A seat held by a record that is not enrolled is freed only after this long (≫ function timeout). */
export const ORPHAN_GRACE_MS = 60_000;

export interface SeatDoc {
  _id: string;
  courseId: string;
  n: number;
  holder: string;
  heldAt?: Date | null;
}

export const seatId = (courseId: string, n: number) => `${courseId}_${n}`;

/** How many free seats a claim looks at (it picks at random among them, so that a crowd spreads over the free seats instead of all racing for the lowest one). */
const SPREAD = 100;

export interface Claim {
  /** The seats this attempt took (all `seats` of them when ok, none when not). */
  claimed: string[];
  ok: boolean;
  /** The claim took the last free seats it saw (the course is probably full now). */
  last: boolean;
}

/** A claim token for one attempt of the enrolment `enrolmentId`. */
export function claimToken(enrolmentId: string): string {
  return `${enrolmentId}#${randomInt(0, 2 ** 47).toString(36)}`;
}

/** The enrolment id a claim token belongs to. */
export const tokenOwner = (token: string) => token.slice(0, token.lastIndexOf('#'));

function pick<T>(xs: T[], k: number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/**
 * Takes `seats` free seats of the course for the claim token `holder`. On failure (not enough
 * free seats) gives back what it took and returns ok:false.
 */
export async function claimSeats(db: Database, courseId: string, holder: string, seats: number, now: Date): Promise<Claim> {
  const claimed: string[] = [];
  let last = false;
  // Every lost race means another family took that seat, so the free seats shrink each round: the
  // loop ends when the claim succeeds or no free seat is left (the bound is only a safety net).
  for (let round = 0; round < 200 && claimed.length < seats; round++) {
    const r = await db.collection<SeatDoc>(SEATS).where({ holder: FREE(courseId) }).orderBy('n', 'asc').limit(SPREAD).field({ _id: true }).get();
    if (r.data.length === 0) break;
    last = r.data.length <= seats - claimed.length;
    for (const s of pick(r.data, seats - claimed.length)) {
      const u = await db.collection(SEATS).where({ _id: s._id, holder: FREE(courseId) }).update({ data: { holder, heldAt: now } });
      if (u.stats.updated === 1) claimed.push(s._id);
    }
  }
  if (claimed.length >= seats) return { claimed, ok: true, last };
  await giveBack(db, holder, claimed);
  return { claimed: [], ok: false, last: false };
}

/** Frees the given seats if `holder` still holds them. */
export async function giveBack(db: Database, holder: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const _ = db.command;
  const courseId = ids[0].slice(0, ids[0].lastIndexOf('_'));
  await db.collection(SEATS).where({ _id: _.in(ids), holder }).update({ data: { holder: FREE(courseId), heldAt: null } });
}

/** Frees every seat the claim token holds (its record left 'enrolled', or never got there). */
export async function freeSeatsOf(db: Database, courseId: string, holder: string): Promise<number> {
  const r = await db.collection(SEATS).where({ holder, courseId }).update({ data: { holder: FREE(courseId), heldAt: null } });
  return r.stats.updated;
}

/** Creates seats 1..capacity that do not exist yet (idempotent; concurrent callers are harmless). */
export async function openSeats(db: Database, course: Pick<CourseDoc, '_id' | 'capacity'>, from = 1): Promise<number> {
  const _ = db.command;
  let created = 0;
  for (let lo = from; lo <= course.capacity; lo += 100) {
    const hi = Math.min(course.capacity, lo + 99);
    const ids = Array.from({ length: hi - lo + 1 }, (_x, k) => seatId(course._id, lo + k));
    const have = new Set((await db.collection<SeatDoc>(SEATS).where({ _id: _.in(ids) }).field({ _id: true }).limit(100).get()).data.map((s) => s._id));
    const docs = ids.filter((id) => !have.has(id)).map((id) => ({ _id: id, courseId: course._id, n: Number(id.slice(course._id.length + 1)), holder: FREE(course._id), heldAt: null }));
    if (!docs.length) continue;
    try {
      // One insert of up to 100 seats (all or nothing); a concurrent opener makes it a duplicate.
      await db.collection(SEATS).add({ data: docs });
      created += docs.length;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      for (const d of docs) {
        try {
          await db.collection(SEATS).add({ data: d });
          created++;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
    }
  }
  // A decrease that crashed half-way may have left closed seats within the capacity: reopen them.
  await db.collection(SEATS).where({ holder: CLOSED(course._id), n: _.lte(course.capacity) }).update({ data: { holder: FREE(course._id) } });
  return created;
}

/**
 * Before a capacity decrease to `capacity`: close the seats above it. Held seats above it move to
 * free seats below it (claim one, then free the old one; a crash in between leaves an extra seat
 * that healCourse trims). Returns false (and reopens what it closed) when the seats below the new
 * capacity cannot hold everyone enrolled.
 */
export async function closeSeatsAbove(db: Database, courseId: string, capacity: number, now: Date): Promise<boolean> {
  const _ = db.command;
  await db.collection(SEATS).where({ holder: FREE(courseId), n: _.gt(capacity) }).update({ data: { holder: CLOSED(courseId) } });
  const above = await findAll<SeatDoc>(db, SEATS, { courseId, n: _.gt(capacity) });
  for (const s of above.filter((x) => x.holder !== CLOSED(courseId))) {
    if (!isHeld(s.holder)) {
      // freed since the first pass: close it
      await db.collection(SEATS).where({ _id: s._id, holder: FREE(courseId) }).update({ data: { holder: CLOSED(courseId) } });
      continue;
    }
    const r = await db.collection<SeatDoc>(SEATS).where({ holder: FREE(courseId), n: _.lte(capacity) }).orderBy('n', 'asc').limit(SPREAD).field({ _id: true }).get();
    let moved = false;
    for (const f of pick(r.data, r.data.length)) {
      const u = await db.collection(SEATS).where({ _id: f._id, holder: FREE(courseId) }).update({ data: { holder: s.holder, heldAt: now } });
      if (u.stats.updated === 1) {
        await db.collection(SEATS).where({ _id: s._id, holder: s.holder }).update({ data: { holder: CLOSED(courseId), heldAt: null } });
        moved = true;
        break;
      }
    }
    if (!moved) {
      await db.collection(SEATS).where({ holder: CLOSED(courseId), n: _.gt(capacity) }).update({ data: { holder: FREE(courseId) } });
      return false;
    }
  }
  return true;
}

/** After a capacity decrease committed: drop the closed seats. */
export async function dropClosedSeats(db: Database, courseId: string, capacity: number): Promise<void> {
  const _ = db.command;
  await db.collection(SEATS).where({ holder: CLOSED(courseId), n: _.gt(capacity) }).remove();
}

export interface SeatCensus {
  seats: SeatDoc[];
  /** Seats held per enrolment id. */
  byHolder: Map<string, SeatDoc[]>;
}

export async function seatCensus(db: Database, courseId: string): Promise<SeatCensus> {
  const seats = await findAll<SeatDoc>(db, SEATS, { courseId });
  const byHolder = new Map<string, SeatDoc[]>();
  for (const s of seats) {
    if (!isHeld(s.holder)) continue;
    byHolder.set(s.holder, [...(byHolder.get(s.holder) ?? []), s]);
  }
  return { seats, byHolder };
}

/** The token of the seats given to an enrolment written before seats existed. */
export const legacyToken = (enrolmentId: string) => `${enrolmentId}#legacy`;

/**
 * Seats for a course that has none yet (written before seats existed, e.g. by a seed): its
 * enrolled records get seats 1..k in arrival order under a deterministic token, the rest are free.
 * Insert-only and deterministic, so concurrent callers write the same documents and never
 * overwrite a claim.
 */
export async function ensureSeats(db: Database, course: Pick<CourseDoc, '_id' | 'capacity'>, enrolled: Pick<EnrollmentDoc, '_id' | 'seats' | 'seq'>[], now: Date): Promise<void> {
  const _ = db.command;
  const any = await db.collection(SEATS).where({ courseId: course._id }).limit(1).field({ _id: true }).get();
  if (any.data.length) return;
  let n = 0;
  const sorted = [...enrolled].sort((a, b) => a.seq - b.seq || (a._id < b._id ? -1 : 1));
  for (const e of sorted) {
    await db.collection(ENROLLMENTS_COLL).where({ _id: e._id, status: 'enrolled', seatHolder: _.exists(false) }).update({ data: { seatHolder: legacyToken(e._id) } });
    for (let k = 0; k < e.seats && n < course.capacity; k++) {
      n++;
      try {
        await db.collection(SEATS).add({ data: { _id: seatId(course._id, n), courseId: course._id, n, holder: legacyToken(e._id), heldAt: now } });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }
  await openSeats(db, course, n + 1);
}
