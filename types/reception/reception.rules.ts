/**
 * Pure rules of 家长接待日 and the case loop, used by the pages and the server alike:
 * dates from a rule (每周二 / 每月第一个周五) minus holidays, a time range cut into slots,
 * absences closing slots, booking and cancel deadlines, one live booking per family per day,
 * and the case state machine open → answered → closed | reopened → answered …
 */
import { dayjs, shanghai, TZ } from '../common/time';
import type { ErrorCode } from '../common/errors';
import { LIVE_BOOKING, type BookingStatus, type CaseStatus, type DateRule, type Rating, type ReceptionCaseDoc } from './reception.schema';

export type Verdict = { ok: true } | { ok: false; code: ErrorCode; reason: string };
const no = (code: ErrorCode, reason: string): Verdict => ({ ok: false, code, reason });
const yes: Verdict = { ok: true };

/** A Shanghai wall-clock date + time as an instant. */
export function at(date: string, time: string): Date {
  return dayjs.tz(`${date} ${time}`, TZ).toDate();
}

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const timeOf = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** ISO weekday of a YYYY-MM-DD: 1 = 周一 … 7 = 周日. */
export const weekdayOf = (date: string) => ((dayjs.tz(`${date} 12:00`, TZ).day() + 6) % 7) + 1;

export const MAX_DAYS_PER_RULE = 60;

/**
 * The dates a rule names, in order, without holidays and duplicates. A range longer than a school
 * year or a rule that names no date is refused with a reason.
 */
export function expandDates(rule: DateRule, holidays: string[] = []): { ok: true; dates: string[] } | { ok: false; code: ErrorCode; reason: string } {
  const skip = new Set(holidays);
  let dates: string[] = [];
  if (rule.kind === 'dates') {
    dates = [...new Set(rule.dates)].sort();
  } else {
    const from = shanghai(`${rule.from}T12:00:00+08:00`);
    const until = shanghai(`${rule.until}T12:00:00+08:00`);
    if (until.isBefore(from)) return { ok: false, code: 'RECEPTION_RULE_INVALID', reason: '结束日期早于开始日期' };
    if (until.diff(from, 'day') > 400) return { ok: false, code: 'RECEPTION_RULE_INVALID', reason: '日期范围不能超过一年' };
    for (let d = from; !d.isAfter(until); d = d.add(1, 'day')) {
      const ymd = d.format('YYYY-MM-DD');
      const wd = weekdayOf(ymd);
      if (wd !== rule.weekday) continue;
      if (rule.kind === 'weekly') dates.push(ymd);
      else {
        const nth = Math.floor((d.date() - 1) / 7) + 1;
        const isLast = d.add(7, 'day').month() !== d.month();
        if (rule.nth === -1 ? isLast : nth === rule.nth) dates.push(ymd);
      }
    }
  }
  dates = dates.filter((d) => !skip.has(d));
  if (dates.length === 0) return { ok: false, code: 'RECEPTION_RULE_INVALID', reason: '按该规则没有可安排的日期（可能都是节假日）' };
  if (dates.length > MAX_DAYS_PER_RULE) return { ok: false, code: 'RECEPTION_RULE_INVALID', reason: `一次最多发布${MAX_DAYS_PER_RULE}个接待日` };
  return { ok: true, dates };
}

export interface SlotTimes {
  start: string;
  end: string;
}

/** A time range cut into slots of `minutes` (a last piece shorter than a slot is dropped). */
export function cutSlots(startTime: string, endTime: string, minutes: number): { ok: true; slots: SlotTimes[] } | { ok: false; code: ErrorCode; reason: string } {
  const a = minutesOf(startTime);
  const b = minutesOf(endTime);
  if (b <= a) return { ok: false, code: 'RECEPTION_RULE_INVALID', reason: '结束时间应晚于开始时间' };
  if (b - a < minutes) return { ok: false, code: 'RECEPTION_RULE_INVALID', reason: '时间段短于一个接待时段' };
  const slots: SlotTimes[] = [];
  for (let m = a; m + minutes <= b; m += minutes) slots.push({ start: timeOf(m), end: timeOf(m + minutes) });
  if (slots.length > 48) return { ok: false, code: 'RECEPTION_RULE_INVALID', reason: '时段过多，请加长每段时长' };
  return { ok: true, slots };
}

export const dayIdFor = (schoolId: string, gradeId: string | null | undefined, date: string) => `rd_${schoolId}_${gradeId || 'all'}_${date.replace(/-/g, '')}`;
export const slotIdFor = (dayId: string, staffId: string, start: string) => `${dayId}_${staffId}_${start.replace(':', '')}`;
/** One live booking per family per day: a second one is a duplicate key. */
export const bookingIdFor = (dayId: string, familyId: string) => `${dayId}_${familyId}`;

/** Does an absence (from/until, both optional = whole day) close a slot? */
export function absenceCloses(absence: { from?: string; until?: string }, slot: SlotTimes): boolean {
  const a = absence.from ? minutesOf(absence.from) : 0;
  const b = absence.until ? minutesOf(absence.until) : 24 * 60;
  return minutesOf(slot.start) < b && minutesOf(slot.end) > a;
}

export const isLiveBooking = (s: BookingStatus | null | undefined) => !!s && LIVE_BOOKING.includes(s);

interface DayLike {
  status: 'published' | 'cancelled';
  bookingClosesHours: number;
  cancelClosesHours: number;
}
interface SlotLike {
  startAt: Date | string;
  placesLeft: number;
  closed: boolean;
}
const HOUR = 3600_000;

/** May this slot be booked now (ignoring who books)? */
export function slotBookable(day: DayLike, slot: SlotLike, now: Date): Verdict {
  if (day.status !== 'published') return no('RECEPTION_DAY_CLOSED', '该接待日已取消');
  if (slot.closed) return no('RECEPTION_SLOT_CLOSED', '该时段已关闭');
  if (new Date(slot.startAt).getTime() - day.bookingClosesHours * HOUR <= now.getTime()) return no('RECEPTION_BOOKING_CLOSED', '已过预约截止时间');
  if (slot.placesLeft <= 0) return no('RECEPTION_SLOT_FULL', '该时段已约满');
  return yes;
}

/** The family's booking on this day (if any) and the slot: may they book it? */
export function canBook(day: DayLike, slot: SlotLike, existing: { status: BookingStatus } | null, now: Date): Verdict {
  if (existing && isLiveBooking(existing.status)) return no('RECEPTION_BOOKING_DUPLICATE', '同一接待日每个家庭限约一次');
  return slotBookable(day, slot, now);
}

export function canCancelBooking(day: DayLike, booking: { status: BookingStatus; slotStartAt: Date | string } | null, now: Date): Verdict {
  if (!booking || !isLiveBooking(booking.status)) return no('RECEPTION_BOOKING_NOT_FOUND', '没有预约');
  if (booking.status !== 'booked') return no('RECEPTION_STATE_INVALID', '接待已进行，不能取消');
  if (new Date(booking.slotStartAt).getTime() - day.cancelClosesHours * HOUR <= now.getTime()) return no('RECEPTION_CANCEL_CLOSED', '已过取消截止时间');
  return yes;
}

/** Arrive / no-show: from the slot's start (15 minutes early) until the end of that day. */
export function canMarkAttendance(booking: { status: BookingStatus; slotStartAt: Date | string }, now: Date): Verdict {
  if (!['booked', 'arrived', 'no_show'].includes(booking.status)) return no('RECEPTION_STATE_INVALID', '该预约已取消');
  if (new Date(booking.slotStartAt).getTime() - 15 * 60_000 > now.getTime()) return no('RECEPTION_TOO_EARLY', '接待时段还没开始');
  return yes;
}

// ---- the case loop

export type CaseEvent =
  | { type: 'answer' }
  | { type: 'followUpDone' }
  | { type: 'rate'; value: Rating }
  | { type: 'overdue'; now: Date }
  | { type: 'close' };

type CaseLike = Pick<ReceptionCaseDoc, 'status' | 'outcome' | 'followUpDoneAt' | 'rating' | 'dueAt'>;

export const followUpPending = (c: Pick<ReceptionCaseDoc, 'outcome' | 'followUpDoneAt'>) => !!c.outcome?.followUpNeeded && !c.followUpDoneAt;
const positive = (r: Rating | undefined) => r === 'satisfied' || r === 'basic';

/** A follow-up is due by the end of the working day (18:00) of its due date. */
export const FOLLOW_UP_DUE_TIME = '18:00';

/**
 * When a follow-up due on `dueDate` falls due: 18:00 that day, or — recorded on the due date
 * itself after 18:00 — the end of that day, so a follow-up promised "today" in the evening is not
 * overdue (and reopened by the cron) the moment it is written.
 */
export function followUpDueAt(dueDate: string, now: Date): Date {
  const due = at(dueDate, FOLLOW_UP_DUE_TIME);
  if (due.getTime() > now.getTime()) return due;
  return dayjs.tz(`${dueDate} 23:59:59.999`, TZ).toDate();
}

/** Past its due date and not closed: an answer (suggestion) or a follow-up that is late. */
export function isCaseOverdue(c: Pick<ReceptionCaseDoc, 'status' | 'dueAt'>, now: Date): boolean {
  return c.status !== 'closed' && !!c.dueAt && new Date(c.dueAt).getTime() < now.getTime();
}

/**
 * The next status of a case, or why not. The loop closes only on a positive rating with no follow-up
 * pending, or when a leader closes it; 不满意 or an overdue follow-up reopens it for a leader.
 */
export function nextCaseStatus(c: CaseLike, e: CaseEvent): { ok: true; status: CaseStatus; reopenReason?: 'unsatisfied' | 'overdue' | null } | { ok: false; code: ErrorCode; reason: string } {
  const bad = (reason: string) => ({ ok: false as const, code: 'RECEPTION_STATE_INVALID' as ErrorCode, reason });
  if (c.status === 'closed') return bad('该事项已办结');
  switch (e.type) {
    case 'answer':
      if (c.status === 'answered' && c.rating) return bad('家长已评价，不能再修改处理结果');
      return { ok: true, status: 'answered', reopenReason: null };
    case 'followUpDone':
      if (!followUpPending(c)) return bad('该事项没有待跟进的工作');
      return { ok: true, status: positive(c.rating?.value) ? 'closed' : c.status === 'reopened' ? 'reopened' : 'answered' };
    case 'rate':
      if (c.status !== 'answered' || !c.outcome) return bad('处理结果出来后才能评价');
      if (c.rating) return bad('您已评价过');
      if (e.value === 'unsatisfied') return { ok: true, status: 'reopened', reopenReason: 'unsatisfied' };
      return { ok: true, status: followUpPending(c) ? 'answered' : 'closed' };
    case 'overdue':
      if (c.status !== 'answered' || !followUpPending(c) || !isCaseOverdue(c, e.now)) return bad('未逾期');
      return { ok: true, status: 'reopened', reopenReason: 'overdue' };
    case 'close':
      return { ok: true, status: 'closed' };
  }
}

/** YYYY-MM-DD + n working days (Mon–Fri), due at 18:00 Shanghai time of that day. */
export function addWorkingDays(from: Date, n: number): Date {
  let d = shanghai(from).startOf('day');
  let left = n;
  while (left > 0) {
    d = d.add(1, 'day');
    const wd = d.day();
    if (wd !== 0 && wd !== 6) left--;
  }
  return at(d.format('YYYY-MM-DD'), '18:00');
}

export const DEFAULT_SUGGESTION_ANSWER_DAYS = 5;

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = { open: '待处理', answered: '已答复', reopened: '已重新打开', closed: '已办结' };
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  pending: '处理中',
  booked: '已预约',
  arrived: '已到场',
  no_show: '未到场',
  cancelled: '已取消',
  released: '未约上',
  closed_by_school: '学校已调整',
};
