/**
 * Offline sessions: the teacher opens check-in and shows a rotating signed code; a parent checks in
 * with it. The attendance record and its ledger entry are written in ONE transaction, both under
 * deterministic ids, so replayed and concurrent check-ins credit once.
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import type { Database } from '../core/cloud';
import { canRunSession, countEnrolled, findSession, getEnrollment, sessionsBetween, type SessionInfo } from './course-port';
import { currentCode, openWindow, verifyCode, windowForCode as findWindowForCode } from '../core/checkin-code';
import { addLedgerInTx, ledgerEntry, ledgerKeys } from '../credit/ledger';
import { findById, isDuplicateKey, withTransaction } from '../core/persistence';
import { userIdFor, type Actor } from '../access/actor';
import { releaseTypedAttempt, takeTypedAttempt } from '../core/checkin-attempts';
import {
  checkinStatusFor,
  checkinWindowFor,
  creditForStatus,
  parseCode,
  windowState,
  type ParsedCode,
} from '../../types/attendance/attendance.rules';
import type {
  AttendanceDoc,
  CheckInInput,
  CheckInOutput,
  CheckInResultItem,
  CheckinWindowDoc,
  CheckinWindowView,
  CurrentTokenView,
  OpenCheckinInput,
  SessionItem,
} from '../../types/attendance/attendance.schema';
import { applyStatus, requireRecordable } from './roster.service';
import { familyRecordsChanged } from '../oversight/port';

export const WINDOWS = 'checkin_windows';
export const RECORDS = 'attendance_records';

/** Stored with the window so that a check-in needs no course query. */
export interface WindowDoc extends CheckinWindowDoc {
  courseTitle: string;
  startAt: Date;
  endAt: Date;
  durationMinutes: number;
  classHours: number | null;
  form?: string;
}

export function attendanceId(sessionId: string, familyId: string): string {
  return `${sessionId}_${familyId}`;
}

function view(w: WindowDoc): CheckinWindowView {
  return {
    sessionId: w.sessionId,
    courseId: w.courseId,
    courseTitle: w.courseTitle,
    status: w.status,
    opensAt: new Date(w.opensAt).toISOString(),
    closesAt: new Date(w.closesAt).toISOString(),
    stepSeconds: w.stepSeconds,
    shortCode: w.shortCode,
  };
}

function sessionSnapshot(s: SessionInfo) {
  return { courseTitle: s.courseTitle, startAt: s.startAt, endAt: s.endAt, durationMinutes: s.durationMinutes, classHours: s.classHours, form: s.form };
}

async function requireRunnableSession(ctx: Ctx, sessionId: string): Promise<{ actor: Actor; session: SessionInfo }> {
  const [actor, session] = await Promise.all([ctx.actor(), findSession(ctx.db, sessionId)]);
  if (!session) fail('NOT_FOUND');
  if (!canRunSession(actor, session)) fail('FORBIDDEN');
  return { actor, session };
}

export async function openCheckin(ctx: Ctx, input: OpenCheckinInput): Promise<CheckinWindowView> {
  const { actor, session } = await requireRunnableSession(ctx, input.sessionId);
  if (session.courseStatus === 'cancelled' || session.courseStatus === 'draft') fail('COURSE_STATE_INVALID');
  if (session.modeKind === 'recorded') fail('COURSE_STATE_INVALID', { reason: 'recorded' });
  const { opensAt, closesAt } = checkinWindowFor(session);
  if (ctx.now.getTime() > closesAt.getTime()) fail('ATTENDANCE_NOT_OPEN', { closesAt: closesAt.toISOString() });
  const existing = await findById<WindowDoc>(ctx.db, WINDOWS, session.sessionId);
  if (existing && existing.status === 'open') return view(existing);
  // Two teachers (or two taps) opening at once must show ONE code (see claimWindow).
  const opened = await openWindow<WindowDoc>(ctx.db, WINDOWS, existing, { opensAt, closesAt, openedBy: actor.userId, now: ctx.now, stepSeconds: input.stepSeconds }, (fields) => ({
    _id: session.sessionId,
    sessionId: session.sessionId,
    courseId: session.courseId,
    schoolId: session.schoolId,
    ...fields,
    ...sessionSnapshot(session),
  }));
  return view(opened);
}

export async function closeCheckin(ctx: Ctx, sessionId: string): Promise<CheckinWindowView> {
  const actor = await ctx.actor();
  const w = await findById<WindowDoc>(ctx.db, WINDOWS, sessionId);
  if (!w) fail('NOT_FOUND');
  if (!canRunSession(actor, { schoolId: w.schoolId } as SessionInfo)) fail('FORBIDDEN');
  if (w.status !== 'closed') {
    await ctx.db.collection(WINDOWS).doc(sessionId).update({ data: { status: 'closed', closedAt: ctx.now, closedBy: actor.userId } });
  }
  return view({ ...w, status: 'closed' });
}

export async function currentToken(ctx: Ctx, sessionId: string): Promise<CurrentTokenView> {
  const actor = await ctx.actor();
  const w = await findById<WindowDoc>(ctx.db, WINDOWS, sessionId);
  if (!w) fail('NOT_FOUND');
  if (!canRunSession(actor, { schoolId: w.schoolId } as SessionInfo)) fail('FORBIDDEN');
  const _ = ctx.db.command;
  const [checkedIn, enrolled] = await Promise.all([
    ctx.db.collection(RECORDS).where({ sessionId, status: _.in(['present', 'late', 'left_early']) }).count(),
    countEnrolled(ctx.db, w.courseId),
  ]);
  const open = windowState(ctx.now, { opensAt: new Date(w.opensAt), closesAt: new Date(w.closesAt), status: w.status }) === 'open';
  const code = currentCode(w, ctx.now.getTime());
  return {
    sessionId,
    token: code.token,
    typedCode: code.typedCode,
    rotatesInMs: code.rotatesInMs,
    stepSeconds: w.stepSeconds,
    open,
    checkedIn: checkedIn.total,
    enrolled,
  };
}

async function windowForCode(db: Database, parsed: ParsedCode): Promise<WindowDoc> {
  const w = await findWindowForCode<WindowDoc>(db, WINDOWS, parsed);
  if (!w) fail('ATTENDANCE_CODE_INVALID');
  return w;
}

export async function checkIn(ctx: Ctx, input: CheckInInput): Promise<CheckInOutput> {
  const parsed = parseCode(input.code);
  if (!parsed) fail('ATTENDANCE_CODE_INVALID');
  // A typed code can be guessed: it takes an attempt slot first (refused when the user has failed
  // too often) and the code is judged only once the slot is held. Scanned codes are signed.
  const [slotR, windowR, actorR] = await Promise.allSettled([
    parsed.kind === 'typed' ? takeTypedAttempt(ctx.db, userIdFor(ctx.openid), ctx.now) : Promise.resolve(null),
    windowForCode(ctx.db, parsed),
    ctx.actor(),
  ]);
  if (slotR.status === 'rejected') throw slotR.reason;
  if (actorR.status === 'rejected') throw actorR.reason;
  if (windowR.status === 'rejected') throw windowR.reason;
  const [slot, w, actor] = [slotR.value, windowR.value, actorR.value];
  const state = windowState(ctx.now, { opensAt: new Date(w.opensAt), closesAt: new Date(w.closesAt), status: w.status });
  if (state === 'before') fail('ATTENDANCE_NOT_STARTED', { opensAt: new Date(w.opensAt).toISOString() });
  if (state !== 'open') fail('ATTENDANCE_NOT_OPEN');
  requireRecordable(ctx.now, new Date(w.startAt));
  const verdict = verifyCode(w, parsed, ctx.now.getTime());
  if (verdict === 'expired') fail('ATTENDANCE_CODE_EXPIRED');
  if (verdict !== 'ok') fail('ATTENDANCE_CODE_INVALID');
  const wanted = input.familyIds ?? actor.children.map((c) => c.childId);
  const children = wanted.map((id) => actor.children.find((c) => c.childId === id));
  // The right code: this attempt is not a failure (given back alongside the reads below).
  const released = slot ? releaseTypedAttempt(ctx.db, slot, ctx.now) : Promise.resolve();
  if (children.some((c) => !c)) {
    await released;
    fail('FORBIDDEN');
  }
  // Enrolments and existing records in parallel: a replayed scan is answered without a transaction.
  const [enrolments, existingRecords] = await Promise.all([
    Promise.all(children.map((c) => getEnrollment(ctx.db, w.courseId, c!.childId))),
    Promise.all(children.map((c) => findById<AttendanceDoc>(ctx.db, RECORDS, attendanceId(w.sessionId, c!.childId)))),
    released,
  ]);
  const families = enrolments.filter((e) => e && e.status === 'enrolled');
  if (!families.length) fail('ATTENDANCE_NOT_ENROLLED');
  const known = new Map(existingRecords.filter((r): r is AttendanceDoc => !!r).map((r) => [r.familyId, r]));

  const startAt = new Date(w.startAt);
  const status = checkinStatusFor(ctx.now, startAt);
  const credit = creditForStatus(status, w.durationMinutes, w.classHours, w.form);
  const items: CheckInResultItem[] = [];
  for (const e of families) {
    const familyId = e!.familyId;
    const childName = actor.children.find((c) => c.childId === familyId)?.childName ?? '';
    const id = attendanceId(w.sessionId, familyId);
    const seen = known.get(familyId);
    if (seen && seen.status !== 'absent' && seen.status !== 'excused') {
      items.push({ familyId, childName, status: seen.status, created: false, creditedHours: seen.creditedHours });
      continue;
    }
    const record: AttendanceDoc = {
      _id: id,
      sessionId: w.sessionId,
      courseId: w.courseId,
      schoolId: w.schoolId,
      classId: e!.classId,
      familyId,
      status,
      reason: null,
      method: parsed.kind === 'token' ? 'qr' : 'code',
      creditedHours: credit.hours,
      creditedSessions: credit.sessions,
      creditedCollective: credit.collective,
      durationMinutes: w.durationMinutes,
      rev: 0,
      checkedInAt: ctx.now,
      checkedInBy: actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      updatedBy: actor.userId,
    };
    const entry = ledgerEntry({
      key: ledgerKeys.attendance(w.sessionId, familyId),
      schoolId: w.schoolId,
      familyId,
      classId: e!.classId,
      source: 'attendance',
      sourceId: w.sessionId,
      title: w.courseTitle,
      credit,
      occurredAt: startAt,
      now: ctx.now,
      operatorUserId: actor.userId,
    });
    try {
      // Two inserts under deterministic ids: of concurrent scans for one family (two guardians,
      // a double tap) one commits; the others conflict, retry, and meet the duplicate key below.
      await withTransaction(ctx.db, async (t) => {
        await Promise.all([t.collection(RECORDS).add({ data: record }), addLedgerInTx(t, entry)]);
      });
      await familyRecordsChanged(ctx.db, [{ schoolId: w.schoolId, familyId, at: entry.occurredAt }], ctx.now);
      items.push({ familyId, childName, status, created: true, creditedHours: credit.hours });
    } catch (err) {
      // A duplicate id: this family is already on the register (a replay or a concurrent scan).
      if (!isDuplicateKey(err)) throw err;
      const existing = await findById<AttendanceDoc>(ctx.db, RECORDS, id);
      if (!existing) throw err;
      if (existing.status === 'absent' || existing.status === 'excused') {
        // Marked absent / excused before the parent arrived: the scan corrects it (recorded as a correction).
        const row = await applyStatus(ctx, { w, familyId, classId: e!.classId, to: status, reason: null, operatorUserId: actor.userId, method: parsed.kind === 'token' ? 'qr' : 'code' });
        items.push({ familyId, childName, status: row.status, created: row.changed, creditedHours: row.creditedHours });
      } else {
        items.push({ familyId, childName, status: existing.status, created: false, creditedHours: existing.creditedHours });
      }
    }
  }
  return { sessionId: w.sessionId, courseTitle: w.courseTitle, items };
}

export function sessionWindowDoc(session: SessionInfo): Pick<WindowDoc, 'sessionId' | 'courseId' | 'schoolId' | 'courseTitle' | 'startAt' | 'endAt' | 'durationMinutes' | 'classHours' | 'form'> {
  return { sessionId: session.sessionId, courseId: session.courseId, schoolId: session.schoolId, ...sessionSnapshot(session) };
}

/** The teacher's list: sessions of their schools from `pastDays` (default 1) ago to 24 h ahead, with the check-in state. */
export async function todaySessions(ctx: Ctx, input: { pastDays?: number } = {}): Promise<SessionItem[]> {
  const actor = await ctx.actor();
  const schoolIds = actor.memberships.filter((m) => m.roles.includes('teacher') || m.roles.includes('admin')).map((m) => m.schoolId);
  if (!schoolIds.length) fail('FORBIDDEN');
  const day = 86400_000;
  const sessions = await sessionsBetween(ctx.db, schoolIds, new Date(ctx.now.getTime() - (input.pastDays ?? 1) * day), new Date(ctx.now.getTime() + day));
  const _ = ctx.db.command;
  const windows = sessions.length
    ? (await ctx.db.collection<WindowDoc>(WINDOWS).where({ _id: _.in(sessions.map((s) => s.sessionId)) }).field({ secret: false }).limit(200).get()).data
    : [];
  const byId = new Map(windows.map((w) => [w._id, w]));
  return sessions.map((s) => {
    const w = byId.get(s.sessionId);
    const win = checkinWindowFor(s);
    return {
      sessionId: s.sessionId,
      courseId: s.courseId,
      courseTitle: s.courseTitle,
      startAt: s.startAt.toISOString(),
      endAt: s.endAt.toISOString(),
      place: s.place,
      checkin: w ? w.status : 'none',
      inWindow: windowState(ctx.now, win) === 'open',
    };
  });
}
