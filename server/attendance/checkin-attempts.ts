/**
 * A guess limit for typed check-in codes (4-character short code + 6 digits, valid ≈ 20 s): at
 * most TYPED_CODE_MAX_FAILURES failures per user per TYPED_CODE_WINDOW_MINUTES.
 *
 * WeChat-legal: one document per user (checkin_attempts/{userId}), changed only by conditional
 * single-statement updates (`where({ _id, … }).update(_.inc)`), never by read-modify-write. An
 * attempt takes a slot BEFORE the code is checked and gives it back when the code was right, so
 * concurrent wrong guesses cannot overtake the counter: at most MAX attempts are ever checked
 * in one window, however many run at once. Scanned QR codes carry an HMAC signature that cannot
 * be guessed and are not limited.
 */
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findById } from '../credit/ledger';
import {
  TYPED_CODE_MAX_FAILURES,
  TYPED_CODE_WINDOW_MINUTES,
  typedCodeRetryAt,
  type TypedAttemptCounter,
} from '../../types/attendance/attendance.rules';

export const ATTEMPTS = 'checkin_attempts';

interface AttemptDoc extends TypedAttemptCounter {
  _id: string;
  updatedAt: Date;
}

const WINDOW_MS = TYPED_CODE_WINDOW_MINUTES * 60_000;

/** A slot taken in window `windowStartMs`; give it back with releaseTypedAttempt when the code was right. */
export interface AttemptSlot {
  userId: string;
  windowStartMs: number;
}

async function updated(p: Promise<{ stats: { updated: number } }>): Promise<boolean> {
  return (await p).stats.updated > 0;
}

/** Take one attempt slot or fail with ATTENDANCE_TOO_MANY_ATTEMPTS (details.retryAt). */
export async function takeTypedAttempt(db: Database, userId: string, now: Date): Promise<AttemptSlot> {
  const _ = db.command;
  const nowMs = now.getTime();
  const coll = db.collection(ATTEMPTS);
  for (let round = 0; round < 5; round++) {
    // 1. A slot in the current window, if the window is current and not full.
    const doc = await findById<AttemptDoc>(db, ATTEMPTS, userId);
    if (doc && nowMs < doc.windowStartMs + WINDOW_MS) {
      const took = await updated(
        coll.where({ _id: userId, windowStartMs: doc.windowStartMs, count: _.lt(TYPED_CODE_MAX_FAILURES) }).update({ data: { count: _.inc(1), updatedAt: now } }),
      );
      if (took) return { userId, windowStartMs: doc.windowStartMs };
      const again = await findById<AttemptDoc>(db, ATTEMPTS, userId);
      const retryAt = typedCodeRetryAt(again, nowMs);
      if (retryAt) fail('ATTENDANCE_TOO_MANY_ATTEMPTS', { retryAt: retryAt.toISOString(), retryInMinutes: Math.ceil((retryAt.getTime() - nowMs) / 60_000) });
      continue; // the window changed under us: look again
    }
    // 2. No window yet, or it has ended: start a new one (only one concurrent caller wins).
    if (!doc) {
      try {
        await coll.add({ data: { _id: userId, windowStartMs: nowMs, count: 1, updatedAt: now } });
        return { userId, windowStartMs: nowMs };
      } catch {
        continue; // created concurrently
      }
    }
    const restarted = await updated(
      coll.where({ _id: userId, windowStartMs: doc.windowStartMs }).update({ data: { windowStartMs: nowMs, count: 1, updatedAt: now } }),
    );
    if (restarted) return { userId, windowStartMs: nowMs };
  }
  fail('CONFLICT');
}

/** The code was right: the attempt does not count as a failure. */
export async function releaseTypedAttempt(db: Database, slot: AttemptSlot, now: Date): Promise<void> {
  const _ = db.command;
  await db
    .collection(ATTEMPTS)
    .where({ _id: slot.userId, windowStartMs: slot.windowStartMs, count: _.gt(0) })
    .update({ data: { count: _.inc(-1), updatedAt: now } });
}
