import { activityForFamily, canCancelSignup, canGiveFeedback, canSignUp, eventSpan, signupIdFor } from './open-day.rules';
import type { SignupStatus } from './open-day.schema';

const now = new Date('2026-12-01T02:00:00Z');
const fam = { schoolId: 's1', gradeId: 'g3', classId: 'c31' };
const ev = { status: 'published' as const, signUpClosesHours: 2, cancelClosesHours: 12 };
const act = (over: Record<string, unknown> = {}) => ({ schoolId: 's1', gradeIds: [] as string[], classIds: [] as string[], startAt: new Date('2026-12-03T01:00:00Z'), endAt: new Date('2026-12-03T02:00:00Z'), placesLeft: 5, closed: false, ...over });

test.each<[string, Record<string, unknown>, boolean]>([
  ['whole school', {}, true],
  ['its grade', { gradeIds: ['g3'] }, true],
  ['another grade', { gradeIds: ['g4'] }, false],
  ['its class', { classIds: ['c31'] }, true],
  ['another class only', { classIds: ['c32'] }, false],
  ['another school', { schoolId: 's2' }, false],
])('activityForFamily: %s → %s', (_n, over, want) => expect(activityForFamily(act(over) as never, fam)).toBe(want));

test.each<[string, Parameters<typeof canSignUp>, string]>([
  ['open, places left', [ev, act(), fam, null, now], 'OK'],
  ['after a cancelled sign-up', [ev, act(), fam, { status: 'cancelled' }, now], 'OK'],
  ['already signed up', [ev, act(), fam, { status: 'signed' }, now], 'OPEN_DAY_DUPLICATE'],
  ['pending sign-up', [ev, act(), fam, { status: 'pending' }, now], 'OPEN_DAY_DUPLICATE'],
  ['full', [ev, act({ placesLeft: 0 }), fam, null, now], 'OPEN_DAY_FULL'],
  ['not for their grade', [ev, act({ gradeIds: ['g5'] }), fam, null, now], 'OPEN_DAY_NOT_FOR_YOU'],
  ['event cancelled', [{ ...ev, status: 'cancelled' }, act(), fam, null, now], 'OPEN_DAY_CLOSED'],
  ['activity closed', [ev, act({ closed: true }), fam, null, now], 'OPEN_DAY_CLOSED'],
  ['within 2 h of the start', [ev, act({ startAt: new Date('2026-12-01T03:30:00Z') }), fam, null, now], 'OPEN_DAY_SIGNUP_CLOSED'],
])('canSignUp: %s', (_n, args, want) => {
  const r = canSignUp(...args);
  expect(r.ok ? 'OK' : r.code).toBe(want);
});

test.each<[string, SignupStatus | null, string, string]>([
  ['signed, 2 days ahead', 'signed', '2026-12-03T01:00:00Z', 'OK'],
  ['signed, 11 h ahead', 'signed', '2026-12-01T13:00:00Z', 'OPEN_DAY_CANCEL_CLOSED'],
  ['attended', 'attended', '2026-12-03T01:00:00Z', 'OPEN_DAY_STATE_INVALID'],
  ['cancelled', 'cancelled', '2026-12-03T01:00:00Z', 'OPEN_DAY_SIGNUP_NOT_FOUND'],
  ['none', null, '2026-12-03T01:00:00Z', 'OPEN_DAY_SIGNUP_NOT_FOUND'],
])('canCancelSignup: %s', (_n, status, startAt, want) => {
  const r = canCancelSignup(ev, status ? { status, activityStartAt: new Date(startAt) } : null, now);
  expect(r.ok ? 'OK' : r.code).toBe(want);
});

test.each<[string, SignupStatus | null, boolean, string, string]>([
  ['attended, ended', 'attended', false, '2026-12-01T01:00:00Z', 'OK'],
  ['signed (no check-in), ended', 'signed', false, '2026-12-01T01:00:00Z', 'OK'],
  ['not yet ended', 'attended', false, '2026-12-01T03:00:00Z', 'OPEN_DAY_TOO_EARLY'],
  ['twice', 'attended', true, '2026-12-01T01:00:00Z', 'OPEN_DAY_STATE_INVALID'],
  ['cancelled', 'cancelled', false, '2026-12-01T01:00:00Z', 'OPEN_DAY_SIGNUP_NOT_FOUND'],
])('canGiveFeedback: %s', (_n, status, given, endAt, want) => {
  const r = canGiveFeedback({ endAt: new Date(endAt) }, status ? { status, feedback: given ? { rating: 5, text: '', at: now } : null } : null, now);
  expect(r.ok ? 'OK' : r.code).toBe(want);
});

test.each<['day' | 'week', string[], string]>([
  ['day', ['2026-12-03', '2026-12-03'], '2026-12-03~2026-12-03'],
  ['day', ['2026-12-03', '2026-12-04'], 'OPEN_DAY_INVALID'],
  ['week', ['2026-12-07', '2026-12-11', '2026-12-08'], '2026-12-07~2026-12-11'],
  ['week', ['2026-12-07', '2026-12-14'], 'OPEN_DAY_INVALID'],
])('eventSpan(%s, %j) = %s', (kind, dates, want) => {
  const r = eventSpan(kind, dates);
  expect(r.ok ? `${r.startDate}~${r.endDate}` : r.code).toBe(want);
});

test('one sign-up id per family per activity', () => expect(signupIdFor('oe_1_a1', 'ch_1')).toBe('oe_1_a1_ch_1'));
