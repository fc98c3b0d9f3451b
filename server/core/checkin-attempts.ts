/**
 * A guess limit for typed check-in codes (4-character short code + 6 digits, valid ≈ 20 s): at
 * most TYPED_CODE_MAX_FAILURES failures per user per TYPED_CODE_WINDOW_MINUTES, kept in
 * checkin_attempts/{userId} by the exact, transaction-free limiter of server/core/attempt-limiter.ts:
 * an attempt takes a slot BEFORE the code is checked and gives it back when the code was right, so
 * concurrent wrong guesses cannot overtake the counter. Scanned QR codes carry an HMAC signature
 * that cannot be guessed and are not limited.
 */
import type { Database } from './cloud';
import { fail } from './errors';
import { releaseAttempt, takeAttempt, type AttemptLimit, type AttemptSlot } from './attempt-limiter';
import { TYPED_CODE_MAX_FAILURES, TYPED_CODE_WINDOW_MINUTES } from '../../types/attendance/attendance.rules';

export const ATTEMPTS = 'checkin_attempts';

const LIMIT: AttemptLimit = { collection: ATTEMPTS, max: TYPED_CODE_MAX_FAILURES, windowMs: TYPED_CODE_WINDOW_MINUTES * 60_000 };

export type { AttemptSlot };

/** Take one attempt slot or fail with ATTENDANCE_TOO_MANY_ATTEMPTS (details.retryAt). */
export async function takeTypedAttempt(db: Database, userId: string, now: Date): Promise<AttemptSlot> {
  const r = await takeAttempt(db, LIMIT, userId, now);
  if (!r.ok) fail('ATTENDANCE_TOO_MANY_ATTEMPTS', { retryAt: r.retryAt.toISOString(), retryInMinutes: Math.ceil((r.retryAt.getTime() - now.getTime()) / 60_000) });
  return r.slot;
}

/** The code was right: the attempt does not count as a failure. */
export function releaseTypedAttempt(db: Database, slot: AttemptSlot, now: Date): Promise<void> {
  return releaseAttempt(db, slot, now);
}
