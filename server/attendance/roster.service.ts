/**
 * The teacher's roster (考勤登记): every enrolled family with its status, and corrections that are
 * recorded with who and when. A correction that changes credited hours adds a NEW ledger entry
 * (the difference); ledger entries are never edited.
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { canRunSession, findSession, listEnrolled, type SessionInfo } from './course-port';
import { addLedgerInTx, ledgerEntry, ledgerKeys } from '../credit/ledger';
import { findAll, findById, txGet, withTransaction } from '../core/persistence';
import { operatorLabels } from '../credit/school-port';
import { NO_CREDIT, attendanceRecordable, creditDelta, creditForStatus, isZeroCredit } from '../../types/attendance/attendance.rules';
import { familyRecordsChanged } from '../oversight/port';
import {
  ATTENDANCE_STATUSES,
  type AttendanceCorrectionDoc,
  type AttendanceDoc,
  type AttendanceStatus,
  type CorrectRosterInput,
  type RosterOutput,
  type RosterRow,
} from '../../types/attendance/attendance.schema';

const RECORDS = 'attendance_records';
const CORRECTIONS = 'attendance_corrections';

export interface SessionLike {
  sessionId: string;
  courseId: string;
  schoolId: string;
  courseTitle: string;
  startAt: Date;
  durationMinutes: number;
  classHours: number | null;
  form?: string;
}

/** No mark, correction or credit for a session whose check-in window has not opened yet. */
export function requireRecordable(now: Date, startAt: Date): void {
  const v = attendanceRecordable(now, { startAt });
  if (!v.ok) fail('ATTENDANCE_NOT_STARTED', { opensAt: v.opensAt.toISOString() });
}

/**
 * Set a family's status for a session in one transaction: the record (created or updated, rev+1),
 * an append-only correction entry `${recordId}_r${rev}`, and a ledger entry for any change in credit.
 * Concurrent corrections of one record write the same record document: one commits, the others
 * conflict and run again on the new revision (withTransaction), so the history has one entry per
 * revision and the ledger's sum for the record always equals the record's credited hours.
 */
/**
 * Corrections of one record queue on it by retrying: a roster open on several teachers' phones
 * may send a handful at once. More attempts than the default, within the function's time.
 */
const CORRECTION_RETRIES = { attempts: 20, budgetMs: 4000 };

export async function applyStatus(
  ctx: Ctx,
  p: { w: SessionLike; familyId: string; classId: string; to: AttendanceStatus; reason: string | null; operatorUserId: string; method: AttendanceDoc['method'] },
): Promise<{ status: AttendanceStatus; creditedHours: number; changed: boolean; rev: number }> {
  const id = `${p.w.sessionId}_${p.familyId}`;
  const startAt = new Date(p.w.startAt);
  requireRecordable(ctx.now, startAt);
  const result = await withTransaction(ctx.db, async (t) => {
    const existing = await txGet<AttendanceDoc>(t, RECORDS, id);
    if (existing && existing.status === p.to && (existing.reason ?? null) === (p.reason ?? null)) {
      return { status: existing.status, creditedHours: existing.creditedHours, changed: false, rev: existing.rev };
    }
    const before = existing
      ? { hours: existing.creditedHours, sessions: existing.creditedSessions, collective: existing.creditedCollective }
      : NO_CREDIT;
    const after = creditForStatus(p.to, p.w.durationMinutes, p.w.classHours, p.w.form);
    const delta = creditDelta(before, after);
    const rev = (existing?.rev ?? 0) + 1;
    const fields = {
      status: p.to,
      reason: p.reason ?? null,
      creditedHours: after.hours,
      creditedSessions: after.sessions,
      creditedCollective: after.collective,
      rev,
      updatedAt: ctx.now,
      updatedBy: p.operatorUserId,
    };
    if (existing) {
      await t.collection(RECORDS).doc(id).update({ data: fields });
    } else {
      const record: AttendanceDoc = {
        _id: id,
        sessionId: p.w.sessionId,
        courseId: p.w.courseId,
        schoolId: p.w.schoolId,
        classId: p.classId,
        familyId: p.familyId,
        method: p.method,
        durationMinutes: p.w.durationMinutes,
        checkedInAt: null,
        checkedInBy: null,
        createdAt: ctx.now,
        ...fields,
      };
      await t.collection(RECORDS).add({ data: record });
    }
    const correction: AttendanceCorrectionDoc = {
      _id: `${id}_r${rev}`,
      attendanceId: id,
      sessionId: p.w.sessionId,
      schoolId: p.w.schoolId,
      familyId: p.familyId,
      rev,
      from: existing?.status ?? null,
      to: p.to,
      reason: p.reason ?? null,
      operatorUserId: p.operatorUserId,
      at: ctx.now,
    };
    // The record (written first above) is what concurrent corrections meet; the rest in parallel.
    await Promise.all([
      t.collection(CORRECTIONS).add({ data: correction }),
      isZeroCredit(delta) ? null : addLedgerInTx(
        t,
        ledgerEntry({
          // The first credit for a record uses the same key as a check-in: a scan and a roster mark can never both credit.
          key: existing ? ledgerKeys.correction(p.w.sessionId, p.familyId, rev) : ledgerKeys.attendance(p.w.sessionId, p.familyId),
          schoolId: p.w.schoolId,
          familyId: p.familyId,
          classId: existing?.classId ?? p.classId,
          source: existing ? 'attendance_correction' : 'attendance',
          sourceId: p.w.sessionId,
          title: p.w.courseTitle,
          credit: delta,
          occurredAt: startAt,
          now: ctx.now,
          operatorUserId: p.operatorUserId,
          reason: p.reason ?? null,
        }),
      ),
    ]);
    return { status: p.to, creditedHours: after.hours, changed: true, rev };
  }, CORRECTION_RETRIES);
  await familyRecordsChanged(ctx.db, [{ schoolId: p.w.schoolId, familyId: p.familyId, at: startAt }], ctx.now);
  return result;
}

function sessionLike(s: SessionInfo): SessionLike {
  return { sessionId: s.sessionId, courseId: s.courseId, schoolId: s.schoolId, courseTitle: s.courseTitle, startAt: s.startAt, durationMinutes: s.durationMinutes, classHours: s.classHours, form: s.form };
}

async function loadSession(ctx: Ctx, sessionId: string) {
  const [actor, session] = await Promise.all([ctx.actor(), findSession(ctx.db, sessionId)]);
  if (!session) fail('NOT_FOUND');
  if (!canRunSession(actor, session)) fail('FORBIDDEN');
  return { actor, session };
}

export async function roster(ctx: Ctx, sessionId: string): Promise<RosterOutput> {
  const { session } = await loadSession(ctx, sessionId);
  const [enrolled, records, corrections] = await Promise.all([
    listEnrolled(ctx.db, session.courseId),
    findAll<AttendanceDoc>(ctx.db, RECORDS, { sessionId }, Infinity),
    findAll<AttendanceCorrectionDoc>(ctx.db, CORRECTIONS, { sessionId }, Infinity),
  ]);
  const labels = await operatorLabels(ctx.db, session.schoolId, corrections.map((c) => c.operatorUserId));
  const recordBy = new Map(records.map((r) => [r.familyId, r]));
  const historyBy = new Map<string, AttendanceCorrectionDoc[]>();
  for (const c of corrections) historyBy.set(c.familyId, [...(historyBy.get(c.familyId) ?? []), c]);
  const families = new Map<string, { childName: string; classId: string }>();
  for (const e of enrolled) families.set(e.familyId, { childName: e.childName, classId: e.classId });
  for (const r of records) if (!families.has(r.familyId)) families.set(r.familyId, { childName: '', classId: r.classId });

  const counts = Object.fromEntries([...ATTENDANCE_STATUSES, 'unmarked'].map((s) => [s, 0])) as RosterOutput['counts'];
  const rows: RosterRow[] = [...families.entries()].map(([familyId, f]) => {
    const r = recordBy.get(familyId);
    counts[r?.status ?? 'unmarked']++;
    return {
      familyId,
      childName: f.childName,
      classId: f.classId,
      status: r?.status ?? null,
      reason: r?.reason ?? null,
      method: r?.method ?? null,
      checkedInAt: r?.checkedInAt ? new Date(r.checkedInAt).toISOString() : null,
      creditedHours: r?.creditedHours ?? 0,
      rev: r?.rev ?? 0,
      history: (historyBy.get(familyId) ?? [])
        .sort((a, b) => a.rev - b.rev)
        .map((c) => ({ rev: c.rev, from: c.from, to: c.to, reason: c.reason ?? null, operatorUserId: c.operatorUserId, operatorLabel: labels.get(c.operatorUserId) ?? '', at: new Date(c.at).toISOString() })),
    };
  });
  rows.sort((a, b) => a.classId.localeCompare(b.classId) || a.childName.localeCompare(b.childName, 'zh') || a.familyId.localeCompare(b.familyId));
  return { sessionId, courseTitle: session.courseTitle, startAt: session.startAt.toISOString(), endAt: session.endAt.toISOString(), counts, rows };
}

export async function correctRoster(ctx: Ctx, input: CorrectRosterInput): Promise<RosterRow> {
  const { actor, session } = await loadSession(ctx, input.sessionId);
  requireRecordable(ctx.now, session.startAt);
  const enrolled = await listEnrolled(ctx.db, session.courseId);
  const e = enrolled.find((x) => x.familyId === input.familyId);
  const existing = await findById<AttendanceDoc>(ctx.db, RECORDS, `${input.sessionId}_${input.familyId}`);
  if (!e && !existing) fail('ATTENDANCE_NOT_ENROLLED');
  await applyStatus(ctx, {
    w: sessionLike(session),
    familyId: input.familyId,
    classId: e?.classId ?? existing!.classId,
    to: input.status,
    reason: input.reason ?? null,
    operatorUserId: actor.userId,
    method: 'roster',
  });
  const out = await roster(ctx, input.sessionId);
  return out.rows.find((r) => r.familyId === input.familyId)!;
}
