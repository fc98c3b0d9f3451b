/**
 * The credit ledger: append-only. Every entry's _id is its source key, so the same source event
 * can be written once only; callers add entries inside the transaction that records the event.
 */
import type { Database } from '../core/cloud';
import type { Transaction } from '../core/db-types';
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

/** Read one document by id without throwing when it is missing. */
export async function findById<T>(db: Database, collection: string, id: string): Promise<T | null> {
  const res = await db.collection<T>(collection).where({ _id: id }).limit(1).get();
  return (res.data[0] as T | undefined) ?? null;
}

/** Inside a transaction: doc(id).get() rejects for a missing document; turn that into null. */
export async function txGet<T>(t: Transaction, collection: string, id: string): Promise<T | null> {
  try {
    const r = await t.collection<T>(collection).doc(id).get();
    return (r && (r.data as T)) || null;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/not\s*exist|not found|DOCUMENT_NOT_FOUND|cannot find/i.test(msg)) return null;
    throw e;
  }
}

/** All documents matching a filter, paged by _id (limit 1000 per query, never a large skip). */
export async function allWhere<T extends { _id: string }>(db: Database, collection: string, where: Record<string, unknown>): Promise<T[]> {
  const _ = db.command;
  const out: T[] = [];
  let last = '';
  for (;;) {
    const w: Record<string, unknown> = { ...where };
    if (last) w._id = _.gt(last);
    const res = await db.collection<T>(collection).where(w).orderBy('_id', 'asc').limit(1000).get();
    out.push(...res.data);
    if (res.data.length < 1000) return out;
    last = res.data[res.data.length - 1]._id;
  }
}

export function ledgerWhere(db: Database, where: Record<string, unknown>): Promise<CreditLedgerDoc[]> {
  return allWhere<CreditLedgerDoc>(db, LEDGER, where);
}
