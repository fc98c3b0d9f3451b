/**
 * Seats of a course as claimable records: collection `course_seats`, one document per seat,
 * `_id = ${courseId}_${n}` for n = 1..capacity, `holder` = '' (free), the enrolment id
 * `${courseId}_${familyId}` that holds it, or CLOSED (being removed by a capacity decrease).
 *
 * A seat is taken by ONE single-document conditional update, `where({_id, holder: ''})
 * .update({holder})`, which never conflicts and never waits: of two families racing for a seat,
 * one sees `updated: 1`, the other `updated: 0` and tries another. Nobody writes the course
 * document to take a seat, so 1,000 families enrolling at once do not queue on it.
 *
 * The seat records who holds it, so:
 *  - a retry cannot claim twice: `claimSeats` first reuses the seats its enrolment id already holds;
 *  - a crash between taking a seat and writing the enrolment record leaves a seat whose holder is
 *    not an enrolled record: `healCourse` frees it (after a grace period longer than a function's
 *    timeout, so an enrolment still in flight is never robbed);
 *  - no oversell: an enrolment is 'enrolled' only after it holds `seats` seat documents, and there
 *    are never more seat documents open than the course's capacity (a decrease closes seats before
 *    it lowers the capacity; an increase raises the capacity before it opens seats).
 */
import { randomInt } from 'crypto';
import type { Database } from '../core/cloud';
import { findAll, isDuplicateKey } from '../core/persistence';
import type { CourseDoc, EnrollmentDoc } from '../../types/course/course.schema';

export const SEATS = 'course_seats';
/** Holder of a seat that a capacity decrease is taking away (never claimable). */
export const CLOSED = '#closed';
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

/** How many free seats a claim looks at (it picks at random among them to spread the race). */
const SPREAD = 8;

export interface Claim {
  /** Seats the enrolment holds now (at least `seats` of them when ok). */
  held: string[];
  /** Of those, the seats this call took (the ones to give back if the enrolment does not go ahead). */
  claimed: string[];
  ok: boolean;
  /** The claim took the last free seats it saw (the course is probably full now). */
  last: boolean;
}

function pick<T>(xs: T[], k: number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/**
 * Takes `seats` seats of the course for the enrolment `holder`. With `reuse`, seats the holder
 * already has count (a retry, or a concurrent promoter of the same family, never takes a second
 * set). On failure (not enough free seats) gives back what this call took and returns ok:false.
 */
export async function claimSeats(db: Database, courseId: string, holder: string, seats: number, now: Date, opts: { reuse: boolean }): Promise<Claim> {
  const _ = db.command;
  const claimed: string[] = [];
  let held: string[] = [];
  let last = false;
  for (let round = 0; round < 6; round++) {
    const r = await db
      .collection<SeatDoc>(SEATS)
      .where({ courseId, holder: opts.reuse ? _.in([holder, '']) : '' })
      .orderBy('holder', 'desc') // the holder's own seats first ('' sorts last)
      .orderBy('n', 'asc')
      .limit(seats + SPREAD)
      .field({ _id: true, holder: true })
      .get();
    held = [...new Set([...claimed, ...r.data.filter((s) => s.holder === holder).map((s) => s._id)])];
    if (held.length >= seats) return { held, claimed, ok: true, last };
    const free = r.data.filter((s) => s.holder === '');
    if (free.length === 0) break;
    last = free.length <= seats - held.length;
    for (const s of pick(free, seats - held.length)) {
      const u = await db.collection(SEATS).where({ _id: s._id, holder: '' }).update({ data: { holder, heldAt: now } });
      if (u.stats.updated === 1) {
        claimed.push(s._id);
        held.push(s._id);
      }
    }
    if (held.length >= seats) return { held, claimed, ok: true, last };
  }
  await giveBack(db, holder, claimed);
  return { held: held.filter((id) => !claimed.includes(id)), claimed: [], ok: false, last: false };
}

/** Frees the given seats if `holder` still holds them. */
export async function giveBack(db: Database, holder: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const _ = db.command;
  await db.collection(SEATS).where({ _id: _.in(ids), holder }).update({ data: { holder: '', heldAt: null } });
}

/** Frees every seat the enrolment holds (after its record left 'enrolled'). */
export async function freeAllSeatsOf(db: Database, courseId: string, holder: string): Promise<number> {
  const r = await db.collection(SEATS).where({ courseId, holder }).update({ data: { holder: '', heldAt: null } });
  return r.stats.updated;
}

/**
 * The enrolment won (or lost) a race against a duplicate of itself: keep exactly `keep` seats.
 * Only seats this call took are given back, so two losers never free the winner's seats.
 */
export async function trimClaimed(db: Database, courseId: string, holder: string, claimed: string[], keep: number): Promise<void> {
  if (!claimed.length) return;
  const all = (await db.collection<SeatDoc>(SEATS).where({ courseId, holder }).field({ _id: true }).limit(10).get()).data.map((s) => s._id);
  const extra = all.length - keep;
  if (extra > 0) await giveBack(db, holder, claimed.filter((id) => all.includes(id)).slice(0, extra));
}

/** Creates seats 1..capacity that do not exist yet (idempotent; concurrent callers are harmless). */
export async function openSeats(db: Database, course: Pick<CourseDoc, '_id' | 'capacity'>, from = 1): Promise<number> {
  const _ = db.command;
  let created = 0;
  for (let lo = from; lo <= course.capacity; lo += 100) {
    const hi = Math.min(course.capacity, lo + 99);
    const ids = Array.from({ length: hi - lo + 1 }, (_x, k) => seatId(course._id, lo + k));
    const have = new Set((await db.collection<SeatDoc>(SEATS).where({ _id: _.in(ids) }).field({ _id: true }).limit(100).get()).data.map((s) => s._id));
    const docs = ids.filter((id) => !have.has(id)).map((id) => ({ _id: id, courseId: course._id, n: Number(id.slice(course._id.length + 1)), holder: '', heldAt: null }));
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
  await db.collection(SEATS).where({ courseId: course._id, holder: CLOSED, n: _.lte(course.capacity) }).update({ data: { holder: '' } });
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
  await db.collection(SEATS).where({ courseId, n: _.gt(capacity), holder: '' }).update({ data: { holder: CLOSED } });
  const above = await findAll<SeatDoc>(db, SEATS, { courseId, n: _.gt(capacity) });
  for (const s of above.filter((x) => x.holder !== CLOSED)) {
    const r = await db.collection<SeatDoc>(SEATS).where({ courseId, holder: '', n: _.lte(capacity) }).orderBy('n', 'asc').limit(SPREAD).field({ _id: true }).get();
    let moved = false;
    for (const f of pick(r.data, r.data.length)) {
      const u = await db.collection(SEATS).where({ _id: f._id, holder: '' }).update({ data: { holder: s.holder, heldAt: now } });
      if (u.stats.updated === 1) {
        await db.collection(SEATS).where({ _id: s._id, holder: s.holder }).update({ data: { holder: CLOSED, heldAt: null } });
        moved = true;
        break;
      }
    }
    if (!moved) {
      await db.collection(SEATS).where({ courseId, n: _.gt(capacity), holder: CLOSED }).update({ data: { holder: '' } });
      return false;
    }
  }
  return true;
}

/** After a capacity decrease committed: drop the closed seats. */
export async function dropClosedSeats(db: Database, courseId: string, capacity: number): Promise<void> {
  const _ = db.command;
  await db.collection(SEATS).where({ courseId, holder: CLOSED, n: _.gt(capacity) }).remove();
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
    if (!s.holder || s.holder === CLOSED) continue;
    byHolder.set(s.holder, [...(byHolder.get(s.holder) ?? []), s]);
  }
  return { seats, byHolder };
}

/**
 * Seats for a course that has none yet (written before seats existed, e.g. by a seed): its
 * enrolled records get seats 1..k in arrival order, the rest are free. Deterministic and
 * insert-only, so concurrent callers write the same documents and never overwrite a claim.
 */
export async function ensureSeats(db: Database, course: Pick<CourseDoc, '_id' | 'capacity'>, enrolled: Pick<EnrollmentDoc, '_id' | 'seats' | 'seq'>[], now: Date): Promise<void> {
  const any = await db.collection(SEATS).where({ courseId: course._id }).limit(1).field({ _id: true }).get();
  if (any.data.length) return;
  let n = 0;
  const sorted = [...enrolled].sort((a, b) => a.seq - b.seq || (a._id < b._id ? -1 : 1));
  for (const e of sorted) {
    for (let k = 0; k < e.seats && n < course.capacity; k++) {
      n++;
      try {
        await db.collection(SEATS).add({ data: { _id: seatId(course._id, n), courseId: course._id, n, holder: e._id, heldAt: now } });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }
  await openSeats(db, course, n + 1);
}
