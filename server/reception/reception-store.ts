/** Collections and loads of the reception domain. */
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findById } from '../core/persistence';
import type { ReceptionBookingDoc, ReceptionCaseDoc, ReceptionDayDoc, ReceptionSlotDoc } from '../../types/reception/reception.schema';

export const DAYS = 'reception_days';
export const SLOTS = 'reception_slots';
export const BOOKINGS = 'reception_bookings';
export const CASES = 'reception_cases';
export const SETTINGS = 'reception_settings';
export const STAFF = 'staff';

export async function loadDay(db: Database, dayId: string): Promise<ReceptionDayDoc> {
  const d = await findById<ReceptionDayDoc>(db, DAYS, dayId);
  if (!d) fail('RECEPTION_DAY_NOT_FOUND');
  return d;
}

/** Every slot of a day (≤ 12 receptionists × 48 slots, one query). */
export async function daySlots(db: Database, dayId: string): Promise<ReceptionSlotDoc[]> {
  const r = await db.collection<ReceptionSlotDoc>(SLOTS).where({ dayId }).orderBy('start', 'asc').limit(1000).get();
  return r.data;
}

export async function loadBooking(db: Database, bookingId: string): Promise<ReceptionBookingDoc> {
  const b = await findById<ReceptionBookingDoc>(db, BOOKINGS, bookingId);
  if (!b) fail('RECEPTION_BOOKING_NOT_FOUND');
  return b;
}

export async function loadCase(db: Database, caseId: string): Promise<ReceptionCaseDoc> {
  const c = await findById<ReceptionCaseDoc>(db, CASES, caseId);
  if (!c) fail('RECEPTION_CASE_NOT_FOUND');
  return c;
}

export { claimToken } from './places';
import { parseToken as parse } from './places';
/** A slot claim token's booking and generation. */
export function parseToken(token: string): { bookingId: string; gen: number } {
  const p = parse(token);
  return { bookingId: p.recordId, gen: p.gen };
}
