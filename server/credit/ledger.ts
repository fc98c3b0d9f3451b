/**
 * The credit ledger: append-only. Every entry's _id is its source key, so the same source event
 * can be written once only; callers add entries inside the transaction that records the event.
 */
import type { Database } from '../core/cloud';
import type { Transaction } from '../core/db-types';
import { findAll } from '../core/persistence';
import type { CreditLedgerDoc } from '../../types/credit/credit.schema';
import type { Credit } from '../../types/attendance/attendance.rules';
import { termOf } from '../../types/credit/credit.rules';
import { creditDateAllowed } from '../../types/attendance/attendance.rules';
import { fail } from '../core/errors';

export const LEDGER = 'credit_ledger';

export const ledgerKeys = {
  attendance: (sessionId: string, familyId: string) => `attendance_${sessionId}_${familyId}`,
  correction: (sessionId: string, familyId: string, rev: number) => `attendance_${sessionId}_${familyId}_r${rev}`,
  lesson: (lessonId: string, familyId: string) => `lesson_${lessonId}_${familyId}`,
  adjustment: (familyId: string, requestKey: string) => `adjustment_${familyId}_${requestKey}`,
  openDay: (activityId: string, familyId: string) => `openday_${activityId}_${familyId}`,
  openDayCorrection: (activityId: string, familyId: string, rev: number) => `openday_${activityId}_${familyId}_r${rev}`,
};

/** What a caller supplies; the rest of the entry (term, school year, hours …) is derived. */
export type LedgerEntryInput = Pick<CreditLedgerDoc, 'schoolId' | 'familyId' | 'classId' | 'source' | 'sourceId' | 'title' | 'occurredAt' | 'operatorUserId'> & {
  key: string;
  credit: Credit;
  now: Date;
  reason?: string | null;
};

/** Builds every ledger entry; refuses one dated in the future (credit for a session not yet held). */
export function ledgerEntry(p: LedgerEntryInput): CreditLedgerDoc {
  if (!creditDateAllowed(p.occurredAt, p.now)) fail('ATTENDANCE_NOT_STARTED', { occurredAt: p.occurredAt.toISOString() });
  const t = termOf(p.occurredAt);
  return {
    _id: p.key,
    schoolId: p.schoolId,
    familyId: p.familyId,
    classId: p.classId,
    source: p.source,
    sourceId: p.sourceId,
    title: p.title,
    hours: p.credit.hours,
    sessions: p.credit.sessions,
    collective: p.credit.collective,
    term: t.term,
    schoolYear: t.schoolYear,
    occurredAt: p.occurredAt,
    createdAt: p.now,
    operatorUserId: p.operatorUserId,
    reason: p.reason ?? null,
  };
}

export async function addLedgerInTx(t: Transaction, entry: CreditLedgerDoc): Promise<void> {
  await t.collection(LEDGER).add({ data: entry });
}

/** Every ledger entry matching `where` (paged by _id, never a large skip). */
export function ledgerWhere(db: Database, where: Record<string, unknown>): Promise<CreditLedgerDoc[]> {
  return findAll<CreditLedgerDoc>(db, LEDGER, where, Infinity);
}
