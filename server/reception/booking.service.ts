/**
 * Booking a reception slot, rush-proof without a transaction on a hot document.
 *
 * Invariants, under any concurrency and any crash:
 *  - a slot never holds more families than its places: a place is taken only by ONE conditional
 *    update of the slot document `where({_id, closed:false, placesLeft > 0, holders ≠ token})
 *    .update({placesLeft: −1, holders: push(token)})`, so `places = placesLeft + holders.length`;
 *  - one live booking per family per reception day: the record id is `${dayId}_${familyId}`; the
 *    first booking adds it (a second add is a duplicate key), a re-booking after a cancellation
 *    takes it over by a conditional update on its generation `gen`.
 *
 * The two-document step is "record, then claim, then confirm":
 *  1. the family's record is written `pending` with generation g (dedupes the family: at most one
 *     attempt per family and day is ever in flight, so 20 concurrent bookings of one family touch
 *     no slot at all except the winner's);
 *  2. the place is claimed on a slot with the token `${bookingId}#g` (the slot itself records who
 *     holds it; a claim is never anonymous);
 *  3. the record is confirmed `booked` with that slot (or `released` when no slot had room).
 * A crash after 1 leaves a pending record: after STALE_MS any reader heals it from the slots (its
 * token found on a slot → booked there; none → released). A crash after 2 is healed the same way.
 * A token whose record is gone, of another generation, not live or on another slot is an orphan
 * and is pulled (place given back) by the next booking of that family or by healDay (cron).
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail, isDomainError } from '../core/errors';
import { findById, findByIds, isDuplicateKey } from '../core/persistence';
import { membershipIn } from '../access/actor';
import type { BookInput, BookingDto, ReceptionBookingDoc, ReceptionCaseDoc, ReceptionDayDoc, ReceptionSlotDoc } from '../../types/reception/reception.schema';
import { bookingIdFor, canCancelBooking, canMarkAttendance, isLiveBooking, slotBookable } from '../../types/reception/reception.rules';
import { BOOKINGS, CASES, DAYS, claimToken, daySlots, loadBooking, loadDay, parseToken, SLOTS } from './reception-store';
import { isLeader, isReceptionistOf, requireChild } from './reception-access';
import { bookingDto } from './dto';
import { claimPlace, releasePlace } from './places';
import { familyFieldsOf } from './case-builder';

/** A pending record older than this is healed by whoever meets it (far above a function's 3 s). */
export const STALE_MS = 60_000;

type Db = Database;

/** Give back the place a booking's claim holds (idempotent: only a held token is pulled). */
export function releaseToken(db: Db, slotId: string, token: string, now = new Date()): Promise<boolean> {
  return releasePlace(db, SLOTS, slotId, token, now);
}

export function releaseClaim(db: Db, b: Pick<ReceptionBookingDoc, '_id' | 'gen' | 'slotId'>, now = new Date()): Promise<boolean> {
  return releaseToken(db, b.slotId, claimToken(b._id, b.gen), now);
}

/** A stale pending record: booked on the slot its token is on, else released. */
export async function healPending(db: Db, b: ReceptionBookingDoc, now: Date, slots?: ReceptionSlotDoc[]): Promise<'booked' | 'released' | 'moved'> {
  const token = claimToken(b._id, b.gen);
  const held = (slots ?? (await daySlots(db, b.dayId))).filter((s) => s.holders.includes(token));
  const mine = { _id: b._id, status: 'pending', gen: b.gen };
  if (held.length) {
    const keep = held[0];
    const u = await db.collection(BOOKINGS).where(mine).update({ data: { status: 'booked', slotId: keep._id, staffId: keep.staffId, start: keep.start, slotStartAt: keep.startAt, updatedAt: now } });
    for (const s of u.stats.updated ? held.slice(1) : held) await releaseToken(db, s._id, token, now);
    return u.stats.updated ? 'booked' : 'moved';
  }
  const u = await db.collection(BOOKINGS).where(mine).update({ data: { status: 'released', updatedAt: now } });
  return u.stats.updated ? 'released' : 'moved';
}

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The slots this request may take, best first; refuses with the reason when there is none. */
function candidates(day: ReceptionDayDoc, slots: ReceptionSlotDoc[], input: BookInput, now: Date): ReceptionSlotDoc[] {
  if (input.slotId) {
    const s = slots.find((x) => x._id === input.slotId);
    if (!s) fail('RECEPTION_SLOT_NOT_FOUND');
    const v = slotBookable(day, s, now);
    if (!v.ok) fail(v.code, { reason: v.reason });
    return [s];
  }
  const anyone = !input.staffId || input.staffId === 'any';
  if (!anyone && !day.receptionists.some((r) => r.staffId === input.staffId)) fail('RECEPTION_SLOT_NOT_FOUND');
  const pool = slots.filter((s) => (anyone || s.staffId === input.staffId) && (!input.time || s.start === input.time));
  if (pool.length === 0) fail('RECEPTION_SLOT_NOT_FOUND');
  const open = pool.filter((s) => slotBookable(day, s, now).ok);
  if (open.length === 0) {
    const v = slotBookable(day, pool[0], now);
    fail(pool.length === 1 && !v.ok ? v.code : 'RECEPTION_NO_FREE_SLOT');
  }
  // Spread a rush: random among equals, the roomiest first (as last seen).
  return shuffle(open).sort((a, b) => b.placesLeft - a.placesLeft);
}

/** Step 1: the family's record for the day, pending with a fresh generation (or DUPLICATE). */
async function acquire(db: Db, id: string, data: Omit<ReceptionBookingDoc, '_id' | 'gen' | 'status' | 'createdAt'>, now: Date): Promise<number> {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      await db.collection(BOOKINGS).add({ data: { _id: id, ...data, status: 'pending', gen: 1, createdAt: now } });
      return 1;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const cur = await findById<ReceptionBookingDoc>(db, BOOKINGS, id);
    if (!cur) continue;
    if (cur.status === 'pending' && now.getTime() - new Date(cur.updatedAt).getTime() > STALE_MS) {
      await healPending(db, cur, now);
      continue;
    }
    if (isLiveBooking(cur.status)) fail('RECEPTION_BOOKING_DUPLICATE');
    const gen = cur.gen + 1;
    const u = await db.collection(BOOKINGS).where({ _id: id, gen: cur.gen, status: cur.status }).update({ data: { ...data, status: 'pending', gen, cancelledAt: null, reminded: false } });
    if (u.stats.updated) return gen;
  }
  fail('RECEPTION_BOOKING_DUPLICATE');
}

export async function book(ctx: Ctx, input: BookInput): Promise<{ booking: BookingDto }> {
  // One round trip of reads (caller, day, its slots), then record → claim → confirm: 4 in all.
  const [actor, day, slots] = await Promise.all([ctx.actor(), loadDay(ctx.db, input.dayId), daySlots(ctx.db, input.dayId)]);
  const child = requireChild(actor, input.childId);
  if (child.schoolId !== day.schoolId || (day.gradeId && day.gradeId !== child.gradeId)) fail('RECEPTION_NOT_FOR_YOU');
  if (day.status !== 'published') fail('RECEPTION_DAY_CLOSED');
  const now = ctx.now;
  const db = ctx.db;
  const cands = candidates(day, slots, input, now);
  const id = bookingIdFor(day._id, child.childId);

  const gen = await acquire(
    db,
    id,
    {
      dayId: day._id,
      schoolId: day.schoolId,
      slotId: '',
      staffId: '',
      start: '',
      slotStartAt: cands[0].startAt,
      ...familyFieldsOf(child, actor),
      topic: input.topic,
      description: input.description,
      updatedAt: now,
    },
    now,
  );
  const token = claimToken(id, gen);
  const mine = { _id: id, status: 'pending', gen };
  let claimed: ReceptionSlotDoc | null = null;
  try {
    // Claims of earlier generations of this record are orphans (a crash, a lost release): give them back.
    for (const s of slots) {
      for (const t of s.holders) {
        const p = parseToken(t);
        if (p.bookingId === id && p.gen !== gen) await releaseToken(db, s._id, t, now);
      }
    }
    // Step 2: one conditional update per slot tried; the first with room is ours.
    for (const s of cands) {
      if (await claimPlace(db, SLOTS, s._id, token, now)) {
        claimed = s;
        break;
      }
    }
    if (!claimed) {
      await db.collection(BOOKINGS).where(mine).update({ data: { status: 'released', updatedAt: now } });
      fail(input.slotId || cands.length === 1 ? 'RECEPTION_SLOT_FULL' : 'RECEPTION_NO_FREE_SLOT');
    }
    // Step 3: confirm.
    const done = { status: 'booked' as const, slotId: claimed._id, staffId: claimed.staffId, start: claimed.start, slotStartAt: claimed.startAt, updatedAt: now };
    const u = await db.collection(BOOKINGS).where(mine).update({ data: done });
    if (!u.stats.updated) {
      await releaseToken(db, claimed._id, token, now);
      fail('CONFLICT');
    }
    const b: ReceptionBookingDoc = {
      _id: id,
      dayId: day._id,
      schoolId: day.schoolId,
      ...familyFieldsOf(child, actor),
      topic: input.topic,
      description: input.description,
      gen,
      createdAt: now,
      ...done,
    };
    return { booking: bookingDto(b, day, now) };
  } catch (e) {
    if (isDomainError(e)) throw e;
    // Unexpected (e.g. the network): undo what we can now; healing covers the rest.
    try {
      if (claimed) await releaseToken(db, claimed._id, token, now);
      await db.collection(BOOKINGS).where(mine).update({ data: { status: 'released', updatedAt: now } });
    } catch {
      /* healPending / healDay will */
    }
    throw e;
  }
}

export async function cancelBooking(ctx: Ctx, input: { bookingId: string }): Promise<{ status: 'cancelled' }> {
  const [actor, b] = await Promise.all([ctx.actor(), loadBooking(ctx.db, input.bookingId)]);
  if (!actor.children.some((c) => c.childId === b.familyId)) fail('RECEPTION_BOOKING_NOT_FOUND');
  const day = await loadDay(ctx.db, b.dayId);
  const v = canCancelBooking(day, b, ctx.now);
  if (!v.ok) fail(v.code, { reason: v.reason });
  const u = await ctx.db.collection(BOOKINGS).where({ _id: b._id, status: 'booked', gen: b.gen }).update({ data: { status: 'cancelled', cancelledAt: ctx.now, updatedAt: ctx.now } });
  if (!u.stats.updated) fail('RECEPTION_STATE_INVALID');
  await releaseClaim(ctx.db, b, ctx.now);
  return { status: 'cancelled' };
}

/** The caller's family bookings (all children, or one), newest first, with their case if any. */
export async function myBookings(ctx: Ctx, input: { childId?: string }): Promise<{ items: BookingDto[] }> {
  const actor = await ctx.actor();
  const ids = input.childId ? [requireChild(actor, input.childId).childId] : actor.children.map((c) => c.childId);
  if (ids.length === 0) return { items: [] };
  const _ = ctx.db.command;
  const r = await ctx.db
    .collection<ReceptionBookingDoc>(BOOKINGS)
    .where({ familyId: _.in(ids), status: _.in(['booked', 'arrived', 'no_show', 'closed_by_school', 'cancelled']) })
    .orderBy('slotStartAt', 'desc')
    .limit(50)
    .get();
  const days = await findByIds<ReceptionDayDoc>(ctx.db, DAYS, r.data.map((b) => b.dayId));
  const cases = await findByIds<ReceptionCaseDoc>(ctx.db, CASES, r.data.map((b) => b._id));
  const caseIds = new Set(cases.map((c) => c._id));
  return { items: r.data.map((b) => bookingDto(b, days.find((d) => d._id === b.dayId) ?? null, ctx.now, caseIds.has(b._id) ? b._id : null)) };
}

export interface DayListItem extends BookingDto {
  className: string;
  caseStatus: ReceptionCaseDoc['status'] | null;
}

/** The receptionist's list of the day (a leader: everyone's, or one receptionist's). */
export async function dayList(ctx: Ctx, input: { dayId: string; staffId?: string }): Promise<{ items: DayListItem[]; mine: string | null }> {
  const [actor, day] = await Promise.all([ctx.actor(), loadDay(ctx.db, input.dayId)]);
  const leader = isLeader(actor, day.schoolId);
  const myStaff = membershipIn(actor, day.schoolId)?.staffId ?? null;
  if (!leader && !isReceptionistOf(actor, day)) fail('FORBIDDEN');
  const staffId = leader ? input.staffId : myStaff!;
  const _ = ctx.db.command;
  const r = await ctx.db
    .collection<ReceptionBookingDoc>(BOOKINGS)
    .where({ dayId: day._id, ...(staffId ? { staffId } : {}), status: _.in(['booked', 'arrived', 'no_show']) })
    .orderBy('slotStartAt', 'asc')
    .limit(1000)
    .get();
  const classes = await findByIds<{ _id: string; name: string; gradeId: string }>(ctx.db, 'classes', r.data.map((b) => b.classId));
  const grades = await findByIds<{ _id: string; name: string }>(ctx.db, 'grades', classes.map((c) => c.gradeId));
  const cases = await findByIds<ReceptionCaseDoc>(ctx.db, CASES, r.data.map((b) => b._id));
  const nameOf = (classId: string) => {
    const c = classes.find((x) => x._id === classId);
    return c ? `${grades.find((g) => g._id === c.gradeId)?.name ?? ''}${c.name}` : '';
  };
  return {
    mine: myStaff,
    items: r.data.map((b) => {
      const c = cases.find((x) => x._id === b._id);
      return { ...bookingDto(b, day, ctx.now, c ? c._id : null), canCancel: false, className: nameOf(b.classId), caseStatus: c?.status ?? null };
    }),
  };
}

export async function markAttendance(ctx: Ctx, input: { bookingId: string; status: 'arrived' | 'no_show' }): Promise<{ status: 'arrived' | 'no_show' }> {
  const [actor, b] = await Promise.all([ctx.actor(), loadBooking(ctx.db, input.bookingId)]);
  const day = await loadDay(ctx.db, b.dayId);
  if (!isLeader(actor, day.schoolId) && !isReceptionistOf(actor, day, b.staffId)) fail('RECEPTION_BOOKING_NOT_FOUND');
  const v = canMarkAttendance(b, ctx.now);
  if (!v.ok) fail(v.code, { reason: v.reason });
  const _ = ctx.db.command;
  const u = await ctx.db.collection(BOOKINGS).where({ _id: b._id, gen: b.gen, status: _.in(['booked', 'arrived', 'no_show']) }).update({ data: { status: input.status, updatedAt: ctx.now } });
  if (!u.stats.updated) fail('RECEPTION_STATE_INVALID');
  return { status: input.status };
}

/**
 * Reconcile one day from its records: stale pending records healed, orphan claims given back,
 * bookings left on a slot closed meanwhile moved to closed_by_school. Safe to run any time.
 */
export async function healDay(db: Db, dayId: string, now = new Date()): Promise<{ healed: number; released: number }> {
  let slots = await daySlots(db, dayId);
  const _ = db.command;
  let healed = 0;
  let released = 0;
  const pending = await db.collection<ReceptionBookingDoc>(BOOKINGS).where({ dayId, status: 'pending' }).limit(1000).get();
  for (const b of pending.data) {
    if (now.getTime() - new Date(b.updatedAt).getTime() <= STALE_MS) continue;
    await healPending(db, b, now, slots);
    healed++;
  }
  if (healed) slots = await daySlots(db, dayId);
  const tokens = slots.flatMap((s) => s.holders.map((t) => ({ slot: s, token: t, ...parseToken(t) })));
  const records = await findByIds<ReceptionBookingDoc>(db, BOOKINGS, tokens.map((t) => t.bookingId));
  for (const t of tokens) {
    const b = records.find((r) => r._id === t.bookingId);
    const inFlight = b && b.status === 'pending' && b.gen === t.gen;
    const holds = b && b.gen === t.gen && isLiveBooking(b.status) && b.slotId === t.slot._id;
    if (inFlight || holds) continue;
    if (await releaseToken(db, t.slot._id, t.token, now)) released++;
  }
  const closed = slots.filter((s) => s.closed).map((s) => s._id);
  if (closed.length) {
    const left = await db.collection<ReceptionBookingDoc>(BOOKINGS).where({ dayId, slotId: _.in(closed), status: 'booked' }).limit(1000).get();
    for (const b of left.data) {
      const u = await db.collection(BOOKINGS).where({ _id: b._id, status: 'booked', gen: b.gen }).update({ data: { status: 'closed_by_school', cancelledAt: now, updatedAt: now } });
      if (u.stats.updated && (await releaseClaim(db, b, now))) released++;
    }
  }
  return { healed, released };
}
