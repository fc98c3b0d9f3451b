/**
 * Pure attendance rules, shared by the server (which enforces them) and the app (which shows them).
 * The HMAC signing of codes is server-only (server/core/checkin-code.ts); everything about
 * time steps, windows and parsing lives here so it can be tested table-driven.
 */
import type { AttendanceStatus } from './attendance.schema';
import { shanghai } from '../common/time';

export const DEFAULT_STEP_SECONDS = 10;
/** Check-in opens this long before the session starts … */
export const OPENS_BEFORE_MINUTES = 30;
/** … and closes this long after it ends. */
export const CLOSES_AFTER_MINUTES = 15;
/** A check-in this long after the start counts as late. */
export const LATE_AFTER_MINUTES = 10;
/** One 课时 (class hour) is 45 minutes. */
export const CLASS_HOUR_MINUTES = 45;
/** Online completion is plausible when at least this share of the length has elapsed since start. */
export const PLAUSIBLE_SHARE = 0.9;

/** No 0/O/1/I/L so that a typed code is unambiguous. */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const TOKEN_PREFIX = 'PSA1';

export function stepOf(nowMs: number, stepSeconds: number): number {
  return Math.floor(nowMs / 1000 / stepSeconds);
}

export function msUntilNextStep(nowMs: number, stepSeconds: number): number {
  const stepMs = stepSeconds * 1000;
  return stepMs - (nowMs % stepMs);
}

export type StepVerdict = 'ok' | 'expired' | 'future';

/**
 * A code is valid during its own step and the next one (so a code shown just before it rotates
 * still works for the scan in flight); anything older is a photographed or forwarded code.
 */
export function judgeStep(codeStep: number, nowStep: number): StepVerdict {
  if (codeStep === nowStep || codeStep === nowStep - 1) return 'ok';
  return codeStep > nowStep ? 'future' : 'expired';
}

export interface TimeWindow {
  opensAt: Date;
  closesAt: Date;
}

export function checkinWindowFor(session: { startAt: Date; endAt: Date }): TimeWindow {
  return {
    opensAt: new Date(session.startAt.getTime() - OPENS_BEFORE_MINUTES * 60_000),
    closesAt: new Date(session.endAt.getTime() + CLOSES_AFTER_MINUTES * 60_000),
  };
}

export type WindowState = 'before' | 'open' | 'after' | 'closed';

export function windowState(now: Date, w: TimeWindow & { status?: 'open' | 'closed' }): WindowState {
  if (w.status === 'closed') return 'closed';
  const t = now.getTime();
  if (t < w.opensAt.getTime()) return 'before';
  if (t > w.closesAt.getTime()) return 'after';
  return 'open';
}

/**
 * Attendance — a check-in, a roster mark or a correction — and the credit it earns may be recorded
 * only once the session's check-in window has opened (OPENS_BEFORE_MINUTES before its start): a
 * family cannot be marked 出席 for a session that has not happened yet. Enforced by the server on
 * every path that writes an attendance record or a ledger entry; the roster page greys out with it.
 */
export type RecordableVerdict = { ok: true } | { ok: false; opensAt: Date };

export function attendanceRecordable(now: Date, session: { startAt: Date }): RecordableVerdict {
  const opensAt = new Date(session.startAt.getTime() - OPENS_BEFORE_MINUTES * 60_000);
  return now.getTime() < opensAt.getTime() ? { ok: false, opensAt } : { ok: true };
}

/**
 * A ledger entry is dated by the event it credits (a session's start, a completion, an adjustment).
 * None may be dated later than a check-in window that has already opened could be: credit for
 * the future is never written, whichever path builds the entry.
 */
export function creditDateAllowed(occurredAt: Date, now: Date): boolean {
  return occurredAt.getTime() <= now.getTime() + OPENS_BEFORE_MINUTES * 60_000;
}

/** What a teacher reads for a session that has not started: from when they may record attendance. */
export function attendanceNotYetText(opensAt: Date | string, now: Date = new Date()): string {
  const at = shanghai(opensAt instanceof Date ? opensAt : new Date(opensAt));
  const sameDay = at.format('YYYY-MM-DD') === shanghai(now).format('YYYY-MM-DD');
  return `该课次还没开始，${sameDay ? '今天' : at.format('M月D日')}${at.format('HH:mm')}（开课前${OPENS_BEFORE_MINUTES}分钟）起才能签到或登记考勤`;
}

export function checkinStatusFor(now: Date, startAt: Date): Extract<AttendanceStatus, 'present' | 'late'> {
  return now.getTime() > startAt.getTime() + LATE_AFTER_MINUTES * 60_000 ? 'late' : 'present';
}

/** Class hours for a session of this length: minutes / 45, rounded to the nearest half, at least 0.5. */
export function sessionCreditHours(durationMinutes: number): number {
  if (!(durationMinutes > 0)) return 0;
  return Math.max(0.5, Math.round((durationMinutes / CLASS_HOUR_MINUTES) * 2) / 2);
}

export interface Credit {
  hours: number;
  /** Guidance services / activities attended (0 or 1). */
  sessions: number;
  /** Collective lessons of at least 45 minutes attended (0 or 1). */
  collective: number;
}

export const NO_CREDIT: Credit = { hours: 0, sessions: 0, collective: 0 };

/**
 * What a roster status is worth for an offline session: present and late earn the full hours,
 * left early half of them (rounded down to a half hour), excused and absent nothing.
 */
/** The course forms that are 集体授课 (lectures to the parents as a group); 亲子活动, 沙龙, 开放日 and 微课 are not. */
export const COLLECTIVE_FORMS: readonly string[] = ['集体授课', '专题讲座', '家长课堂'];

/** Does attending count as one 集体授课? A collective form of at least 45 minutes (a form not recorded: by length only). */
export function countsAsCollective(form: string | null | undefined, durationMinutes: number): boolean {
  if (durationMinutes < CLASS_HOUR_MINUTES) return false;
  return form == null || COLLECTIVE_FORMS.includes(form);
}

export function creditForStatus(status: AttendanceStatus, durationMinutes: number, hoursOverride?: number | null, form?: string | null): Credit {
  const full = hoursOverride ?? sessionCreditHours(durationMinutes);
  const collective = countsAsCollective(form, durationMinutes) ? 1 : 0;
  switch (status) {
    case 'present':
    case 'late':
      return { hours: full, sessions: 1, collective };
    case 'left_early':
      return { hours: full > 0 ? Math.max(0.5, Math.floor(full) / 2) : 0, sessions: 1, collective: 0 };
    default:
      return NO_CREDIT;
  }
}

/** The ledger delta a roster correction produces (new entry; never an edit). */
export function creditDelta(from: Credit, to: Credit): Credit {
  return { hours: to.hours - from.hours, sessions: to.sessions - from.sessions, collective: to.collective - from.collective };
}

export function isZeroCredit(c: Credit): boolean {
  return c.hours === 0 && c.sessions === 0 && c.collective === 0;
}

// ---- codes ----
export type ParsedCode =
  | { kind: 'token'; sessionId: string; step: number; sig: string }
  | { kind: 'typed'; shortCode: string; digits: string };

export function formatToken(sessionId: string, step: number, sig: string): string {
  return `${TOKEN_PREFIX}.${sessionId}.${step}.${sig}`;
}

export function formatTypedCode(shortCode: string, digits: string): string {
  return `${shortCode} ${digits}`;
}

const TYPED_RE = new RegExp(`^([${SHORT_CODE_ALPHABET}]{4})(\\d{6})$`);

/** Parse a scanned QR payload or a typed code; null when it cannot be one of ours. */
export function parseCode(raw: string): ParsedCode | null {
  const s = raw.trim();
  if (s.startsWith(`${TOKEN_PREFIX}.`)) {
    const parts = s.split('.');
    if (parts.length < 4) return null;
    const sig = parts[parts.length - 1];
    const stepStr = parts[parts.length - 2];
    const sessionId = parts.slice(1, parts.length - 2).join('.');
    if (!sessionId || !/^\d{1,12}$/.test(stepStr) || !/^[A-Za-z0-9_-]{16,64}$/.test(sig)) return null;
    return { kind: 'token', sessionId, step: Number(stepStr), sig };
  }
  const typed = s.toUpperCase().replace(/[\s-]/g, '');
  const m = TYPED_RE.exec(typed);
  if (!m) return null;
  return { kind: 'typed', shortCode: m[1], digits: m[2] };
}

// ---- online lessons ----
export type CompletionVerdict = 'ok' | 'already_completed' | 'not_started' | 'too_fast' | 'not_reached_end';

/**
 * Is a completion plausible? The server measures the time since its own record of the start
 * (the client cannot move it), and the furthest position reported must be near the end.
 */
export function judgeLessonCompletion(p: {
  now: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  durationSeconds: number;
  positionSeconds: number;
}): CompletionVerdict {
  if (p.completedAt) return 'already_completed';
  if (!p.startedAt) return 'not_started';
  const elapsed = (p.now.getTime() - p.startedAt.getTime()) / 1000;
  const needed = p.durationSeconds * PLAUSIBLE_SHARE;
  if (elapsed < needed) return 'too_fast';
  if (p.positionSeconds < needed) return 'not_reached_end';
  return 'ok';
}

/** A reported position can never run ahead of the time elapsed since the start, nor past the end. */
export function clampPosition(reported: number, elapsedSeconds: number, durationSeconds: number): number {
  return Math.max(0, Math.min(reported, Math.max(0, elapsedSeconds) + 5, durationSeconds));
}

// ---- typed-code guessing ----
/** A user may fail this many typed-code check-ins … */
export const TYPED_CODE_MAX_FAILURES = 10;
/** … within this many minutes (counted from the first failure of the window); then they wait. */
export const TYPED_CODE_WINDOW_MINUTES = 10;

/** checkin_attempts/{userId}: failed (and in-flight) typed-code attempts in the current window. */
export interface TypedAttemptCounter {
  windowStartMs: number;
  count: number;
}

/**
 * When may this user type a code again? null: now. The window is fixed (starts at its first
 * attempt) so that a blocked user learns an exact time, and it ends on its own.
 */
export function typedCodeRetryAt(c: TypedAttemptCounter | null, nowMs: number): Date | null {
  if (!c) return null;
  const endsMs = c.windowStartMs + TYPED_CODE_WINDOW_MINUTES * 60_000;
  if (nowMs >= endsMs) return null;
  return c.count >= TYPED_CODE_MAX_FAILURES ? new Date(endsMs) : null;
}

/** What a blocked parent reads: the exact time (Beijing time) from which they may type again. */
export function tooManyAttemptsText(retryAt: Date | string, now: Date = new Date()): string {
  const at = shanghai(retryAt instanceof Date ? retryAt : new Date(retryAt));
  const sameDay = at.format('YYYY-MM-DD') === shanghai(now).format('YYYY-MM-DD');
  return `签到码输错次数过多，请于${sameDay ? '' : at.format('M月D日')}${at.format('HH:mm')}后再试，或直接扫描老师现场展示的二维码`;
}

// ---- recorded courses as lessons ----
/**
 * A course of the course domain with mode 'recorded' (线上微课) is watched as an online lesson with
 * this id (online_lessons ids are hex, so the prefix cannot collide with them).
 */
export const RECORDED_LESSON_PREFIX = 'rc_';

export function recordedLessonId(courseId: string): string {
  return `${RECORDED_LESSON_PREFIX}${courseId}`;
}

export function recordedCourseIdOf(lessonId: string): string | null {
  return lessonId.startsWith(RECORDED_LESSON_PREFIX) && lessonId.length > RECORDED_LESSON_PREFIX.length ? lessonId.slice(RECORDED_LESSON_PREFIX.length) : null;
}

// ---- what a lesson needs to be watched or read: ./lesson-content.rules.ts ----
export * from './lesson-content.rules';
