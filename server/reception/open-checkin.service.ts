/**
 * 开放日 check-in with the rotating QR code of the attendance domain (server/core/checkin-code.ts):
 * staff open an activity's window and show the code (QR + typed code); a signed-up parent scans it
 * (weapp) or types it (H5). The window is `open_checkin_windows/{activityId}`, the same life cycle
 * as an attendance session's; typed codes share the user's guess limit (checkin_attempts).
 *
 * Attendance changes of a sign-up (the parent's check-in, the staff's register and its correction)
 * are ONE transaction on the sign-up document that also writes the 学时 ledger entry the school's
 * rule gives (deterministic ids: `openday_{activityId}_{familyId}`, corrections `…_r{rev}`), so a
 * family is checked in and credited exactly once, whatever the retries or concurrency; taking the
 * check-in back writes the reversing entry.
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findById, findByIds, txGet, withTransaction } from '../core/persistence';
import { membershipIn, userIdFor, type Actor } from '../access/actor';
import { currentCode, openWindow, verifyCode, windowForCode } from '../core/checkin-code';
import { releaseTypedAttempt, takeTypedAttempt } from '../core/checkin-attempts';
import { addLedgerInTx, ledgerEntry, ledgerKeys } from '../credit/ledger';
import { checkinWindowFor, parseCode, windowState } from '../../types/attendance/attendance.rules';
import { openDayCredit } from '../../types/credit/credit.rules';
import type { OpenDayCreditRule } from '../../types/credit/credit.schema';
import { signupIdFor } from '../../types/reception/open-day.rules';
import type { OpenActivityDoc, OpenCheckinCodeView, OpenCheckinView, OpenCheckinWindowDoc, OpenDayCheckInOutput, OpenSignupDoc, SignupStatus } from '../../types/reception/open-day.schema';
import { loadSettings } from './settings.service';

export const OPEN_WINDOWS = 'open_checkin_windows';
const ACTIVITIES = 'open_activities';
const SIGNUPS = 'open_signups';

function isStaff(actor: Actor, schoolId: string) {
  const m = membershipIn(actor, schoolId);
  return !!m && (m.roles.includes('teacher') || m.roles.includes('admin'));
}

function view(w: OpenCheckinWindowDoc): OpenCheckinView {
  return { activityId: w.activityId, title: w.title, status: w.status, opensAt: new Date(w.opensAt).toISOString(), closesAt: new Date(w.closesAt).toISOString(), stepSeconds: w.stepSeconds, shortCode: w.shortCode };
}

async function staffActivity(ctx: Ctx, activityId: string): Promise<{ actor: Actor; a: OpenActivityDoc }> {
  const [actor, a] = await Promise.all([ctx.actor(), findById<OpenActivityDoc>(ctx.db, ACTIVITIES, activityId)]);
  if (!a) fail('OPEN_DAY_NOT_FOUND');
  if (!isStaff(actor, a.schoolId)) fail('FORBIDDEN');
  return { actor, a };
}

/** Staff open (or reopen) the activity's check-in: one window, one code, whoever taps first. */
export async function openActivityCheckin(ctx: Ctx, input: { activityId: string; stepSeconds?: number }): Promise<OpenCheckinView> {
  const { actor, a } = await staffActivity(ctx, input.activityId);
  if (a.closed || a.eventStatus !== 'published') fail('OPEN_DAY_CLOSED');
  const { opensAt, closesAt } = checkinWindowFor({ startAt: new Date(a.startAt), endAt: new Date(a.endAt) });
  if (ctx.now.getTime() > closesAt.getTime()) fail('OPEN_DAY_CHECKIN_CLOSED');
  const existing = await findById<OpenCheckinWindowDoc>(ctx.db, OPEN_WINDOWS, a._id);
  if (existing && existing.status === 'open') return view(existing);
  const opened = await openWindow<OpenCheckinWindowDoc>(ctx.db, OPEN_WINDOWS, existing, { opensAt, closesAt, openedBy: actor.userId, now: ctx.now, stepSeconds: input.stepSeconds }, (fields) => ({
    _id: a._id,
    sessionId: a._id,
    activityId: a._id,
    schoolId: a.schoolId,
    title: a.title,
    startAt: new Date(a.startAt),
    endAt: new Date(a.endAt),
    ...fields,
  }));
  return view(opened);
}

async function staffWindow(ctx: Ctx, activityId: string): Promise<{ actor: Actor; w: OpenCheckinWindowDoc }> {
  const [actor, w] = await Promise.all([ctx.actor(), findById<OpenCheckinWindowDoc>(ctx.db, OPEN_WINDOWS, activityId)]);
  if (!w) fail('NOT_FOUND');
  if (!isStaff(actor, w.schoolId)) fail('FORBIDDEN');
  return { actor, w };
}

export async function closeActivityCheckin(ctx: Ctx, input: { activityId: string }): Promise<OpenCheckinView> {
  const { actor, w } = await staffWindow(ctx, input.activityId);
  if (w.status !== 'closed') await ctx.db.collection(OPEN_WINDOWS).doc(w._id).update({ data: { status: 'closed', closedAt: ctx.now, closedBy: actor.userId } });
  return view({ ...w, status: 'closed' });
}

/** The code to show now, and how many signed-up families have checked in. */
export async function activityCheckinCode(ctx: Ctx, input: { activityId: string }): Promise<OpenCheckinCodeView> {
  const { w } = await staffWindow(ctx, input.activityId);
  const _ = ctx.db.command;
  const [checkedIn, signedUp] = await Promise.all([
    ctx.db.collection(SIGNUPS).where({ activityId: w.activityId, status: 'attended' }).count(),
    ctx.db.collection(SIGNUPS).where({ activityId: w.activityId, status: _.in(['signed', 'attended']) }).count(),
  ]);
  const code = currentCode(w, ctx.now.getTime());
  const open = windowState(ctx.now, { opensAt: new Date(w.opensAt), closesAt: new Date(w.closesAt), status: w.status }) === 'open';
  return { activityId: w.activityId, token: code.token, typedCode: code.typedCode, rotatesInMs: code.rotatesInMs, stepSeconds: w.stepSeconds, open, checkedIn: checkedIn.total, signedUp: signedUp.total };
}

type ActivityFacts = Pick<OpenCheckinWindowDoc, 'activityId' | 'schoolId' | 'title' | 'startAt' | 'endAt'>;

/**
 * Sets a sign-up's attendance (attended ⇄ signed) and its 学时 in one transaction on the sign-up:
 * the ledger gets the difference between what the new state earns under `rule` and what the
 * sign-up holds, under the next deterministic key. Same state: nothing written (idempotent).
 */
export async function setSignupAttendance(
  db: Database,
  p: { signupId: string; to: 'attended' | 'signed'; activity: ActivityFacts; method: 'qr' | 'code' | 'staff'; operatorUserId: string; now: Date; rule: OpenDayCreditRule },
): Promise<{ changed: boolean; status: SignupStatus; creditedHours: number }> {
  const a = p.activity;
  const minutes = (new Date(a.endAt).getTime() - new Date(a.startAt).getTime()) / 60_000;
  return withTransaction(db, async (t) => {
    const s = await txGet<OpenSignupDoc>(t, SIGNUPS, p.signupId);
    if (!s || (s.status !== 'signed' && s.status !== 'attended')) fail('OPEN_DAY_SIGNUP_NOT_FOUND');
    if (s.status === p.to) return { changed: false, status: s.status, creditedHours: s.creditedHours ?? 0 };
    const target = p.to === 'attended' ? openDayCredit(p.rule, minutes) : { hours: 0, sessions: 0, collective: 0 };
    const delta = { hours: target.hours - (s.creditedHours ?? 0), sessions: target.sessions - (s.creditedSessions ?? 0), collective: 0 };
    const rev = s.creditRev ?? 0;
    const writes: Promise<unknown>[] = [];
    if (delta.hours !== 0 || delta.sessions !== 0) {
      const entry = ledgerEntry({
        key: rev === 0 ? ledgerKeys.openDay(a.activityId, s.familyId) : ledgerKeys.openDayCorrection(a.activityId, s.familyId, rev),
        schoolId: a.schoolId,
        familyId: s.familyId,
        classId: s.classId,
        source: rev === 0 ? 'open_day' : 'open_day_correction',
        sourceId: a.activityId,
        title: a.title,
        credit: delta,
        occurredAt: new Date(a.startAt),
        now: p.now,
        operatorUserId: p.operatorUserId,
        reason: p.to === 'signed' ? '开放日签到更正为未签到' : null,
      });
      writes.push(addLedgerInTx(t, entry));
    }
    const attended = p.to === 'attended';
    writes.push(
      t.collection(SIGNUPS).doc(s._id).update({
        data: {
          status: p.to,
          checkedInAt: attended ? p.now : null,
          checkedInBy: attended ? p.operatorUserId : null,
          method: attended ? p.method : null,
          creditedHours: target.hours,
          creditedSessions: target.sessions,
          creditRev: writes.length ? rev + 1 : rev,
          updatedAt: p.now,
        },
      }),
    );
    await Promise.all(writes);
    return { changed: true, status: p.to, creditedHours: target.hours };
  });
}

/** Staff's register and its correction (not before the check-in window opens). */
export async function markSignupAttendance(ctx: Ctx, input: { signupId: string; status: 'attended' | 'signed' }): Promise<{ status: string; creditedHours: number }> {
  const [actor, s] = await Promise.all([ctx.actor(), findById<OpenSignupDoc>(ctx.db, SIGNUPS, input.signupId)]);
  if (!s || !isStaff(actor, s.schoolId)) fail('OPEN_DAY_SIGNUP_NOT_FOUND');
  const [a, settings] = await Promise.all([findById<OpenActivityDoc>(ctx.db, ACTIVITIES, s.activityId), loadSettings(ctx.db, s.schoolId)]);
  if (!a) fail('OPEN_DAY_NOT_FOUND');
  const { opensAt } = checkinWindowFor({ startAt: new Date(a.startAt), endAt: new Date(a.endAt) });
  if (input.status === 'attended' && ctx.now.getTime() < opensAt.getTime()) fail('OPEN_DAY_CHECKIN_NOT_STARTED', { opensAt: opensAt.toISOString() });
  const r = await setSignupAttendance(ctx.db, {
    signupId: s._id,
    to: input.status,
    activity: { activityId: a._id, schoolId: a.schoolId, title: a.title, startAt: a.startAt, endAt: a.endAt },
    method: 'staff',
    operatorUserId: actor.userId,
    now: ctx.now,
    rule: settings.openDayCredit,
  });
  return { status: r.status, creditedHours: r.creditedHours };
}

/** A parent checks in with the code staff show: every signed-up child of theirs (or those named). */
export async function openDayCheckIn(ctx: Ctx, input: { code: string; childIds?: string[] }): Promise<OpenDayCheckInOutput> {
  const parsed = parseCode(input.code);
  if (!parsed) fail('ATTENDANCE_CODE_INVALID');
  // A typed code can be guessed: an attempt slot is held before it is judged (shared with attendance).
  const [slotR, windowR, actorR] = await Promise.allSettled([
    parsed.kind === 'typed' ? takeTypedAttempt(ctx.db, userIdFor(ctx.openid), ctx.now) : Promise.resolve(null),
    windowForCode<OpenCheckinWindowDoc>(ctx.db, OPEN_WINDOWS, parsed),
    ctx.actor(),
  ]);
  if (slotR.status === 'rejected') throw slotR.reason;
  if (actorR.status === 'rejected') throw actorR.reason;
  if (windowR.status === 'rejected') throw windowR.reason;
  const [slot, w, actor] = [slotR.value, windowR.value, actorR.value];
  if (!w) fail('ATTENDANCE_CODE_INVALID');
  const verdict = verifyCode(w, parsed, ctx.now.getTime());
  if (verdict === 'expired') fail('ATTENDANCE_CODE_EXPIRED');
  if (verdict !== 'ok') fail('ATTENDANCE_CODE_INVALID');
  // The right code: not a failed guess, whatever the window says next.
  if (slot) await releaseTypedAttempt(ctx.db, slot, ctx.now);
  const state = windowState(ctx.now, { opensAt: new Date(w.opensAt), closesAt: new Date(w.closesAt), status: w.status });
  if (state === 'before') fail('OPEN_DAY_CHECKIN_NOT_STARTED', { opensAt: new Date(w.opensAt).toISOString() });
  if (state !== 'open') fail('OPEN_DAY_CHECKIN_CLOSED');

  const mine = actor.children.filter((c) => c.schoolId === w.schoolId);
  if (input.childIds && input.childIds.some((id) => !mine.some((c) => c.childId === id))) fail('FORBIDDEN');
  const children = input.childIds ? mine.filter((c) => input.childIds!.includes(c.childId)) : mine;
  const [signups, settings] = await Promise.all([findByIds<OpenSignupDoc>(ctx.db, SIGNUPS, children.map((c) => signupIdFor(w.activityId, c.childId))), loadSettings(ctx.db, w.schoolId)]);
  const live = signups.filter((s) => s.status === 'signed' || s.status === 'attended');
  if (!live.length) fail('OPEN_DAY_NOT_SIGNED_UP');
  const method = parsed.kind === 'token' ? 'qr' : 'code';
  const items = await Promise.all(
    live.map(async (s) => {
      const r = await setSignupAttendance(ctx.db, { signupId: s._id, to: 'attended', activity: w, method, operatorUserId: actor.userId, now: ctx.now, rule: settings.openDayCredit });
      return { familyId: s.familyId, childName: s.childName, created: r.changed, creditedHours: r.creditedHours };
    }),
  );
  return { activityId: w.activityId, title: w.title, items };
}
