/**
 * A guess limit: at most `max` counted attempts per user per window of `windowMs` (typed check-in
 * codes, class join codes). Exact under any concurrency, without a transaction:
 *
 *  - one document per user (`<collection>/{userId}`: `{ windowStartMs, count, updatedAt }`), changed
 *    only by single-document conditional updates (`where({ _id, windowStartMs, count: _.lt(max) })
 *    .update({ count: _.inc(1) })`, checked by `stats.updated`) or created under its deterministic
 *    id (a concurrent creator gets a duplicate key and looks again) — never read-modify-write;
 *  - an attempt takes a slot BEFORE the guess is judged, and gives it back (`releaseAttempt`) when
 *    the guess did not count (the code was right, or the call failed for another reason). So
 *    concurrent wrong guesses cannot overtake the counter: at most `max` guesses are ever judged in
 *    one window, however many run at once.
 */
import type { Database } from './cloud';
import { fail } from './errors';
import { findById, isDuplicateKey } from './persistence';

export interface AttemptLimit {
  collection: string;
  max: number;
  windowMs: number;
}

interface AttemptDoc {
  _id: string;
  windowStartMs?: number;
  count: number;
  updatedAt?: Date;
}

/** A slot held in window `windowStartMs`. */
export interface AttemptSlot {
  collection: string;
  userId: string;
  windowStartMs: number;
}

/** The slot, or when the user may try again. */
export type TakeResult = { ok: true; slot: AttemptSlot } | { ok: false; retryAt: Date };

async function updated(p: Promise<{ stats: { updated: number } }>): Promise<boolean> {
  return (await p).stats.updated > 0;
}

/** Takes one attempt slot (or says until when the user is blocked). */
export async function takeAttempt(db: Database, limit: AttemptLimit, userId: string, now: Date): Promise<TakeResult> {
  const _ = db.command;
  const nowMs = now.getTime();
  const coll = db.collection(limit.collection);
  const slot = (windowStartMs: number): TakeResult => ({ ok: true, slot: { collection: limit.collection, userId, windowStartMs } });
  for (let round = 0; round < 6; round++) {
    const doc = await findById<AttemptDoc>(db, limit.collection, userId);
    const start = typeof doc?.windowStartMs === 'number' ? doc.windowStartMs : null;
    // 1. A slot in the current window, unless it is full.
    if (doc && start !== null && nowMs < start + limit.windowMs) {
      if (await updated(coll.where({ _id: userId, windowStartMs: start, count: _.lt(limit.max) }).update({ data: { count: _.inc(1), updatedAt: now } }))) return slot(start);
      const again = await findById<AttemptDoc>(db, limit.collection, userId);
      if (again && again.windowStartMs === start && again.count >= limit.max) return { ok: false, retryAt: new Date(start + limit.windowMs) };
      continue; // the window changed under us: look again
    }
    // 2. No window yet: create it (one concurrent creator wins, the others look again).
    if (!doc) {
      try {
        await coll.add({ data: { _id: userId, windowStartMs: nowMs, count: 1, updatedAt: now } });
        return slot(nowMs);
      } catch (e) {
        if (isDuplicateKey(e)) continue;
        throw e;
      }
    }
    // 3. The window has ended (or the document predates windowStartMs): restart it, conditionally.
    const which = start !== null ? { windowStartMs: start } : { windowStartMs: _.exists(false) };
    if (await updated(coll.where({ _id: userId, ...which }).update({ data: { windowStartMs: nowMs, count: 1, updatedAt: now } }))) return slot(nowMs);
  }
  fail('CONFLICT');
}

/** The attempt did not count: give the slot back (a no-op once its window has been restarted). */
export async function releaseAttempt(db: Database, slot: AttemptSlot, now: Date): Promise<void> {
  const _ = db.command;
  await db
    .collection(slot.collection)
    .where({ _id: slot.userId, windowStartMs: slot.windowStartMs, count: _.gt(0) })
    .update({ data: { count: _.inc(-1), updatedAt: now } });
}
