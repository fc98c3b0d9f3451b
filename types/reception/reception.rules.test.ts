import {
  absenceCloses,
  addWorkingDays,
  at,
  bookingIdFor,
  canBook,
  canCancelBooking,
  canMarkAttendance,
  cutSlots,
  expandDates,
  followUpDueAt,
  isCaseOverdue,
  nextCaseStatus,
  slotBookable,
  weekdayOf,
  type CaseEvent,
} from './reception.rules';
import type { BookingStatus, DateRule, ReceptionCaseDoc } from './reception.schema';

describe('expandDates', () => {
  test.each<[string, DateRule, string[], string[] | string]>([
    ['single dates, sorted, deduplicated', { kind: 'dates', dates: ['2026-12-08', '2026-12-01', '2026-12-08'] }, [], ['2026-12-01', '2026-12-08']],
    ['每周二 in December 2026', { kind: 'weekly', weekday: 2, from: '2026-12-01', until: '2026-12-31' }, [], ['2026-12-01', '2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29']],
    ['每周二 minus a holiday', { kind: 'weekly', weekday: 2, from: '2026-12-01', until: '2026-12-31' }, ['2026-12-22'], ['2026-12-01', '2026-12-08', '2026-12-15', '2026-12-29']],
    ['每月第一个周五, Sep–Dec 2026', { kind: 'monthly', nth: 1, weekday: 5, from: '2026-09-01', until: '2026-12-31' }, [], ['2026-09-04', '2026-10-02', '2026-11-06', '2026-12-04']],
    ['每月第一个周五 skipping 国庆 (10-02)', { kind: 'monthly', nth: 1, weekday: 5, from: '2026-09-01', until: '2026-12-31' }, ['2026-10-02'], ['2026-09-04', '2026-11-06', '2026-12-04']],
    ['每月最后一个周三', { kind: 'monthly', nth: -1, weekday: 3, from: '2026-11-01', until: '2026-12-31' }, [], ['2026-11-25', '2026-12-30']],
    ['range backwards', { kind: 'weekly', weekday: 2, from: '2026-12-31', until: '2026-12-01' }, [], 'RECEPTION_RULE_INVALID'],
    ['only holidays', { kind: 'dates', dates: ['2027-01-01'] }, ['2027-01-01'], 'RECEPTION_RULE_INVALID'],
    ['more than a year', { kind: 'weekly', weekday: 1, from: '2026-01-01', until: '2027-06-01' }, [], 'RECEPTION_RULE_INVALID'],
    ['more than 60 days', { kind: 'weekly', weekday: 1, from: '2026-01-01', until: '2026-12-31' }, [], ['ok']],
  ])('%s', (_name, rule, holidays, want) => {
    const r = expandDates(rule, holidays);
    if (typeof want === 'string') expect(r).toMatchObject({ ok: false, code: want });
    else if (want[0] === 'ok') expect(r.ok).toBe(true);
    else expect(r).toEqual({ ok: true, dates: want });
  });
  test('weekdayOf: 2026-12-01 is a Tuesday', () => expect(weekdayOf('2026-12-01')).toBe(2));
});

describe('cutSlots', () => {
  test.each<[string, string, number, string[] | string]>([
    ['14:00', '16:00', 30, ['14:00', '14:30', '15:00', '15:30']],
    ['14:00', '15:50', 30, ['14:00', '14:30', '15:00']],
    ['15:30', '17:00', 45, ['15:30', '16:15']],
    ['16:00', '15:00', 30, 'RECEPTION_RULE_INVALID'],
    ['16:00', '16:20', 30, 'RECEPTION_RULE_INVALID'],
    ['00:00', '23:50', 10, 'RECEPTION_RULE_INVALID'],
  ])('%s–%s by %i minutes', (a, b, m, want) => {
    const r = cutSlots(a, b, m);
    if (typeof want === 'string') expect(r).toMatchObject({ ok: false, code: want });
    else expect(r.ok && r.slots.map((s) => s.start)).toEqual(want);
  });
  test('slot instants are Shanghai wall-clock', () => expect(at('2026-12-01', '14:00').toISOString()).toBe('2026-12-01T06:00:00.000Z'));
});

test.each<[{ from?: string; until?: string }, string, string, boolean]>([
  [{}, '14:00', '14:30', true],
  [{ from: '15:00' }, '14:00', '14:30', false],
  [{ from: '15:00' }, '14:30', '15:00', false],
  [{ from: '15:00' }, '14:45', '15:15', true],
  [{ until: '15:00' }, '15:00', '15:30', false],
  [{ from: '14:00', until: '15:00' }, '14:30', '15:00', true],
])('absence %j closes %s–%s: %s', (abs, start, end, want) => expect(absenceCloses(abs, { start, end })).toBe(want));

describe('booking rules', () => {
  const now = new Date('2026-12-01T02:00:00Z'); // 10:00 Shanghai
  const day = { status: 'published' as const, bookingClosesHours: 2, cancelClosesHours: 12 };
  const slot = (over: Partial<{ startAt: Date; placesLeft: number; closed: boolean }> = {}) => ({ startAt: new Date('2026-12-02T06:00:00Z'), placesLeft: 1, closed: false, ...over });
  test.each<[string, Parameters<typeof canBook>, string]>([
    ['free slot, no booking', [day, slot(), null, now], 'OK'],
    ['after a cancelled booking', [day, slot(), { status: 'cancelled' }, now], 'OK'],
    ['after a lost claim', [day, slot(), { status: 'released' }, now], 'OK'],
    ['a live booking that day', [day, slot(), { status: 'booked' }, now], 'RECEPTION_BOOKING_DUPLICATE'],
    ['a pending booking that day', [day, slot(), { status: 'pending' }, now], 'RECEPTION_BOOKING_DUPLICATE'],
    ['already met that day', [day, slot(), { status: 'arrived' }, now], 'RECEPTION_BOOKING_DUPLICATE'],
    ['full', [day, slot({ placesLeft: 0 }), null, now], 'RECEPTION_SLOT_FULL'],
    ['closed (holiday / receptionist absent)', [day, slot({ closed: true }), null, now], 'RECEPTION_SLOT_CLOSED'],
    ['day cancelled', [{ ...day, status: 'cancelled' }, slot(), null, now], 'RECEPTION_DAY_CLOSED'],
    ['2 h before: deadline passed', [day, slot({ startAt: new Date('2026-12-01T04:00:00Z') }), null, now], 'RECEPTION_BOOKING_CLOSED'],
    ['2 h 1 min before: still open', [day, slot({ startAt: new Date('2026-12-01T04:01:00Z') }), null, now], 'OK'],
    ['in the past', [day, slot({ startAt: new Date('2026-11-30T04:00:00Z') }), null, now], 'RECEPTION_BOOKING_CLOSED'],
  ])('canBook: %s', (_n, args, want) => {
    const r = canBook(...args);
    expect(r.ok ? 'OK' : r.code).toBe(want);
  });
  test('slotBookable ignores the family', () => expect(slotBookable(day, slot(), now).ok).toBe(true));

  test.each<[string, BookingStatus | null, string, string]>([
    ['booked, a day ahead', 'booked', '2026-12-02T06:00:00Z', 'OK'],
    ['booked, 12 h ahead exactly', 'booked', '2026-12-01T14:00:00Z', 'RECEPTION_CANCEL_CLOSED'],
    ['booked, 13 h ahead', 'booked', '2026-12-01T15:00:00Z', 'OK'],
    ['already cancelled', 'cancelled', '2026-12-02T06:00:00Z', 'RECEPTION_BOOKING_NOT_FOUND'],
    ['no booking', null, '2026-12-02T06:00:00Z', 'RECEPTION_BOOKING_NOT_FOUND'],
    ['arrived', 'arrived', '2026-12-02T06:00:00Z', 'RECEPTION_STATE_INVALID'],
  ])('canCancelBooking: %s', (_n, status, startAt, want) => {
    const r = canCancelBooking(day, status ? { status, slotStartAt: startAt } : null, now);
    expect(r.ok ? 'OK' : r.code).toBe(want);
  });

  test.each<[BookingStatus, string, string]>([
    ['booked', '2026-12-01T02:10:00Z', 'OK'],
    ['booked', '2026-12-01T02:20:00Z', 'RECEPTION_TOO_EARLY'],
    ['arrived', '2026-12-01T01:00:00Z', 'OK'],
    ['cancelled', '2026-12-01T01:00:00Z', 'RECEPTION_STATE_INVALID'],
  ])('canMarkAttendance %s at slot %s', (status, startAt, want) => {
    const r = canMarkAttendance({ status, slotStartAt: startAt }, now);
    expect(r.ok ? 'OK' : r.code).toBe(want);
  });

  test('one booking id per family per day', () => {
    expect(bookingIdFor('rd_x', 'ch_1')).toBe(bookingIdFor('rd_x', 'ch_1'));
    expect(bookingIdFor('rd_x', 'ch_1')).not.toBe(bookingIdFor('rd_y', 'ch_1'));
  });
});

describe('the case loop', () => {
  const now = new Date('2026-12-10T02:00:00Z');
  const outcome = (followUpNeeded: boolean) => ({ discussed: 'x', actions: '', followUpNeeded, assignee: null, dueAt: null, recordedAt: now, recordedBy: 'u' });
  type C = Pick<ReceptionCaseDoc, 'status' | 'outcome' | 'followUpDoneAt' | 'rating' | 'dueAt'>;
  const c = (over: Partial<C> = {}): C => ({ status: 'answered', outcome: outcome(false), followUpDoneAt: null, rating: null, dueAt: null, ...over });
  const rated = (value: 'satisfied' | 'basic' | 'unsatisfied') => ({ value, comment: '', at: now });
  const past = new Date('2026-12-09T10:00:00Z');
  test.each<[string, C, CaseEvent, string]>([
    ['open suggestion answered', c({ status: 'open', outcome: null }), { type: 'answer' }, 'answered'],
    ['reopened answered again by a leader', c({ status: 'reopened', rating: rated('unsatisfied') }), { type: 'answer' }, 'answered'],
    ['outcome edited before rating', c(), { type: 'answer' }, 'answered'],
    ['outcome edit after rating', c({ rating: rated('basic'), outcome: outcome(true) }), { type: 'answer' }, 'RECEPTION_STATE_INVALID'],
    ['满意, nothing pending → closed', c(), { type: 'rate', value: 'satisfied' }, 'closed'],
    ['基本满意 → closed', c(), { type: 'rate', value: 'basic' }, 'closed'],
    ['满意 while follow-up pending → stays answered', c({ outcome: outcome(true) }), { type: 'rate', value: 'satisfied' }, 'answered'],
    ['不满意 → reopened', c(), { type: 'rate', value: 'unsatisfied' }, 'reopened:unsatisfied'],
    ['rating twice', c({ rating: rated('basic'), outcome: outcome(true) }), { type: 'rate', value: 'satisfied' }, 'RECEPTION_STATE_INVALID'],
    ['rating before an answer', c({ status: 'open', outcome: null }), { type: 'rate', value: 'satisfied' }, 'RECEPTION_STATE_INVALID'],
    ['follow-up done after 满意 → closed', c({ outcome: outcome(true), rating: rated('satisfied') }), { type: 'followUpDone' }, 'closed'],
    ['follow-up done before rating → answered', c({ outcome: outcome(true) }), { type: 'followUpDone' }, 'answered'],
    ['follow-up done on an overdue reopened case → stays with the leader', c({ status: 'reopened', outcome: outcome(true) }), { type: 'followUpDone' }, 'reopened'],
    ['follow-up done twice', c({ outcome: outcome(true), followUpDoneAt: now }), { type: 'followUpDone' }, 'RECEPTION_STATE_INVALID'],
    ['overdue follow-up → reopened', c({ outcome: outcome(true), dueAt: past }), { type: 'overdue', now }, 'reopened:overdue'],
    ['follow-up not yet due', c({ outcome: outcome(true), dueAt: new Date('2026-12-11T00:00:00Z') }), { type: 'overdue', now }, 'RECEPTION_STATE_INVALID'],
    ['follow-up done in time: never overdue', c({ outcome: outcome(true), followUpDoneAt: now, dueAt: past }), { type: 'overdue', now }, 'RECEPTION_STATE_INVALID'],
    ['leader closes a reopened case', c({ status: 'reopened' }), { type: 'close' }, 'closed'],
    ['closed stays closed', c({ status: 'closed' }), { type: 'answer' }, 'RECEPTION_STATE_INVALID'],
  ])('%s', (_n, cs, e, want) => {
    const r = nextCaseStatus(cs, e);
    expect(r.ok ? (r.reopenReason ? `${r.status}:${r.reopenReason}` : r.status) : r.code).toBe(want);
  });

  test.each<[string, C['status'], Date | null, boolean]>([
    ['due yesterday, open', 'open', past, true],
    ['due yesterday, closed', 'closed', past, false],
    ['no due date', 'answered', null, false],
    ['due tomorrow', 'answered', new Date('2026-12-11T00:00:00Z'), false],
  ])('isCaseOverdue: %s', (_n, status, dueAt, want) => expect(isCaseOverdue({ status, dueAt }, now)).toBe(want));

  test.each<[string, number, string]>([
    ['2026-12-01T02:00:00Z', 5, '2026-12-08'], // Tue + 5 working days = next Tue
    ['2026-12-04T02:00:00Z', 1, '2026-12-07'], // Fri + 1 = Mon
    ['2026-12-05T02:00:00Z', 5, '2026-12-11'], // Sat + 5 = Fri
  ])('addWorkingDays(%s, %i) = %s 18:00', (from, n, want) => expect(addWorkingDays(new Date(from), n).toISOString()).toBe(at(want, '18:00').toISOString()));
});

describe('followUpDueAt', () => {
  it('is 18:00 of the due date while that is still ahead', () => {
    expect(followUpDueAt('2026-12-02', at('2026-12-02', '09:30')).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(followUpDueAt('2026-12-05', at('2026-12-02', '20:00')).toISOString()).toBe('2026-12-05T10:00:00.000Z');
  });
  it('recorded on the due date after 18:00, is the end of that day, not already past', () => {
    const now = at('2026-12-02', '20:15');
    const due = followUpDueAt('2026-12-02', now);
    expect(due.toISOString()).toBe('2026-12-02T15:59:59.999Z');
    expect(isCaseOverdue({ status: 'answered', dueAt: due }, now)).toBe(false);
    expect(isCaseOverdue({ status: 'answered', dueAt: due }, at('2026-12-03', '00:00'))).toBe(true);
  });
});
