/** Pure rules of 开放日 sign-up: audience, deadlines, places, one live sign-up per family per activity, feedback. */
import type { ErrorCode } from '../common/errors';
import { LIVE_SIGNUP, type OpenActivityDoc, type OpenEventDoc, type OpenSignupDoc, type SignupStatus } from './open-day.schema';

export type Verdict = { ok: true } | { ok: false; code: ErrorCode; reason: string };
const no = (code: ErrorCode, reason: string): Verdict => ({ ok: false, code, reason });
const HOUR = 3600_000;

export const signupIdFor = (activityId: string, familyId: string) => `${activityId}_${familyId}`;
export const isLiveSignup = (s: SignupStatus | null | undefined) => !!s && LIVE_SIGNUP.includes(s);

type Family = { schoolId: string; gradeId: string; classId: string };
type Act = Pick<OpenActivityDoc, 'schoolId' | 'gradeIds' | 'classIds' | 'startAt' | 'endAt' | 'placesLeft' | 'closed'>;
type Ev = Pick<OpenEventDoc, 'status' | 'signUpClosesHours' | 'cancelClosesHours'>;

/** Is the activity meant for this family (school, then the target grades / classes if any)? */
export function activityForFamily(a: Pick<OpenActivityDoc, 'schoolId' | 'gradeIds' | 'classIds'>, f: Family): boolean {
  if (a.schoolId !== f.schoolId) return false;
  if (a.gradeIds.length === 0 && a.classIds.length === 0) return true;
  return a.gradeIds.includes(f.gradeId) || a.classIds.includes(f.classId);
}

export function canSignUp(e: Ev, a: Act, f: Family, existing: Pick<OpenSignupDoc, 'status'> | null, now: Date): Verdict {
  if (!activityForFamily(a, f)) return no('OPEN_DAY_NOT_FOR_YOU', '该活动不面向您孩子所在的年级或班级');
  if (existing && isLiveSignup(existing.status)) return no('OPEN_DAY_DUPLICATE', '已报名');
  if (e.status !== 'published' || a.closed) return no('OPEN_DAY_CLOSED', '活动已取消');
  if (new Date(a.startAt).getTime() - e.signUpClosesHours * HOUR <= now.getTime()) return no('OPEN_DAY_SIGNUP_CLOSED', '已过报名截止时间');
  if (a.placesLeft <= 0) return no('OPEN_DAY_FULL', '名额已满');
  return { ok: true };
}

export function canCancelSignup(e: Ev, s: Pick<OpenSignupDoc, 'status' | 'activityStartAt'> | null, now: Date): Verdict {
  if (!s || !isLiveSignup(s.status)) return no('OPEN_DAY_SIGNUP_NOT_FOUND', '没有报名');
  if (s.status !== 'signed') return no('OPEN_DAY_STATE_INVALID', '已签到，不能取消');
  if (new Date(s.activityStartAt).getTime() - e.cancelClosesHours * HOUR <= now.getTime()) return no('OPEN_DAY_CANCEL_CLOSED', '已过取消截止时间');
  return { ok: true };
}

/** Feedback: once, by a family that signed up, after the activity has ended. */
export function canGiveFeedback(a: Pick<OpenActivityDoc, 'endAt'>, s: Pick<OpenSignupDoc, 'status' | 'feedback'> | null, now: Date): Verdict {
  if (!s || (s.status !== 'signed' && s.status !== 'attended')) return no('OPEN_DAY_SIGNUP_NOT_FOUND', '没有报名');
  if (s.feedback) return no('OPEN_DAY_STATE_INVALID', '已提交过反馈');
  if (new Date(a.endAt).getTime() > now.getTime()) return no('OPEN_DAY_TOO_EARLY', '活动结束后才能反馈');
  return { ok: true };
}

/** The event's first and last day from its activities; a 开放日 is one day, a 开放周 at most 7. */
export function eventSpan(kind: 'day' | 'week', dates: string[]): { ok: true; startDate: string; endDate: string } | { ok: false; code: ErrorCode; reason: string } {
  const sorted = [...dates].sort();
  const startDate = sorted[0];
  const endDate = sorted[sorted.length - 1];
  const days = (Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86400_000 + 1;
  if (kind === 'day' && days > 1) return { ok: false, code: 'OPEN_DAY_INVALID', reason: '开放日的活动应在同一天' };
  if (kind === 'week' && days > 7) return { ok: false, code: 'OPEN_DAY_INVALID', reason: '开放周的活动应在7天之内' };
  return { ok: true, startDate, endDate };
}
