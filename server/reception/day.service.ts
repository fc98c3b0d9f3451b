/**
 * Publishing reception days (a date or a rule, minus holidays), cutting them into slots per
 * receptionist, absences and cancellations (which tell the booked families), and the reads.
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findByIds, isDuplicateKey } from '../core/persistence';
import { membershipIn } from '../access/actor';
import {
  RECEPTIONIST_POSITIONS,
  type DayDetailDto,
  type DaySummaryDto,
  type PublishDaysInput,
  type ReceptionBookingDoc,
  type ReceptionDayDoc,
  type ReceptionSlotDoc,
  type StaffOptionDto,
  type StaffRef,
} from '../../types/reception/reception.schema';
import { absenceCloses, at, bookingIdFor, cutSlots, dayIdFor, expandDates, slotIdFor } from '../../types/reception/reception.rules';
import { formatDate } from '../../types/common/time';
import type { StaffDoc } from '../school/model';
import { BOOKINGS, DAYS, SLOTS, STAFF, daySlots, loadDay } from './reception-store';
import { canPublish, requireChild, requirePublisher } from './reception-access';
import { loadSettings } from './settings.service';
import { bookingDto, daySummary, slotDto } from './dto';
import { releaseClaim } from './booking.service';
import { notifyUser } from './notify';

const RECEPTIONIST_TITLES: readonly string[] = RECEPTIONIST_POSITIONS;

function receptionistTitle(s: StaffDoc): string | null {
  return s.positions.find((p) => RECEPTIONIST_TITLES.includes(p.title))?.title ?? null;
}

/**
 * Staff of the school by name and title (publish page: receptionists; outcome page: whom to refer
 * to). For the school's staff only; no phone numbers.
 */
export async function staffOptions(ctx: Ctx, input: { schoolId: string }): Promise<{ items: StaffOptionDto[] }> {
  const actor = await ctx.actor();
  const m = membershipIn(actor, input.schoolId);
  if (!m || !(m.roles.includes('teacher') || m.roles.includes('admin'))) fail('FORBIDDEN');
  const r = await ctx.db.collection<StaffDoc>(STAFF).where({ schoolId: input.schoolId }).orderBy('name', 'asc').limit(1000).get();
  const rank = (t: string | null) => (t ? RECEPTIONIST_TITLES.indexOf(t) : 99);
  const items = r.data
    .map((s) => {
      const title = receptionistTitle(s);
      return { staffId: s._id, name: s.name, title: title ?? s.positions[0]?.title ?? '教职工', receptionist: !!title };
    })
    .sort((a, b) => rank(a.receptionist ? a.title : null) - rank(b.receptionist ? b.title : null));
  return { items };
}

export async function publishDays(ctx: Ctx, input: PublishDaysInput): Promise<{ dayIds: string[]; slots: number }> {
  const actor = await ctx.actor();
  if (!canPublish(actor, input.schoolId, input.gradeId)) fail('FORBIDDEN');
  const rules = await loadSettings(ctx.db, input.schoolId);
  const dates = expandDates(input.rule, input.holidays);
  if (!dates.ok) fail(dates.code, { reason: dates.reason });
  const times = cutSlots(input.startTime, input.endTime, input.slotMinutes);
  if (!times.ok) fail(times.code, { reason: times.reason });
  const today = formatDate(ctx.now);
  if (dates.dates[0] < today) fail('RECEPTION_RULE_INVALID', { reason: '不能发布今天以前的接待日' });
  if (input.gradeId) {
    const g = (await ctx.db.collection('grades').where({ _id: input.gradeId, schoolId: input.schoolId }).limit(1).get()).data[0];
    if (!g) fail('FORBIDDEN');
  }
  const ids = [...new Set(input.receptionistStaffIds)];
  const staff = await findByIds<StaffDoc>(ctx.db, STAFF, ids);
  const refs: StaffRef[] = [];
  for (const id of ids) {
    const s = staff.find((x) => x._id === id);
    const title = s && s.schoolId === input.schoolId ? receptionistTitle(s) : null;
    if (!s || !title) fail('RECEPTION_RECEPTIONIST_INVALID');
    refs.push({ staffId: s._id, name: s.name, title, userId: s.userId ?? null });
  }
  // Nothing is written until every day is known to be new.
  const dayIds = dates.dates.map((d) => dayIdFor(input.schoolId, input.gradeId, d));
  const existing = await findByIds<ReceptionDayDoc>(ctx.db, DAYS, dayIds);
  if (existing.length) fail('RECEPTION_DAY_EXISTS', { dates: existing.map((d) => d.date) });

  const now = ctx.now;
  let slots = 0;
  const written: string[] = [];
  for (const [k, date] of dates.dates.entries()) {
    const dayId = dayIds[k];
    // Slots first, the day last: a day is visible only once all its slots exist (a crash leaves
    // orphan slots that a retry overwrites with set(), never a day with missing slots).
    const list: ReceptionSlotDoc[] = refs.flatMap((r) =>
      times.slots.map((t) => ({
        _id: slotIdFor(dayId, r.staffId, t.start),
        dayId,
        schoolId: input.schoolId,
        staffId: r.staffId,
        start: t.start,
        end: t.end,
        startAt: at(date, t.start),
        endAt: at(date, t.end),
        places: input.placesPerSlot,
        placesLeft: input.placesPerSlot,
        holders: [],
        closed: false,
        closedReason: null,
        updatedAt: now,
      })),
    );
    for (let i = 0; i < list.length; i += 20) {
      await Promise.all(list.slice(i, i + 20).map(({ _id, ...s }) => ctx.db.collection(SLOTS).doc(_id).set({ data: s })));
    }
    slots += list.length;
    const day: Omit<ReceptionDayDoc, '_id'> = {
      schoolId: input.schoolId,
      gradeId: input.gradeId ?? null,
      title: input.title,
      date,
      startTime: input.startTime,
      endTime: input.endTime,
      slotMinutes: input.slotMinutes,
      placesPerSlot: input.placesPerSlot,
      mode: input.mode,
      room: input.room,
      receptionists: refs,
      bookingClosesHours: input.bookingClosesHours ?? rules.bookingClosesHours,
      cancelClosesHours: input.cancelClosesHours ?? rules.cancelClosesHours,
      status: 'published',
      cancelReason: null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await ctx.db.collection(DAYS).add({ data: { _id: dayId, ...day } });
      written.push(dayId);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      // Published concurrently by someone else: theirs stands.
    }
  }
  if (written.length === 0) fail('RECEPTION_DAY_EXISTS');
  return { dayIds: written, slots };
}

/** Days of a school (staff: all; a parent: the published upcoming days meant for their child). */
export async function listDays(ctx: Ctx, input: { schoolId?: string; childId?: string }): Promise<{ items: DaySummaryDto[] }> {
  const actor = await ctx.actor();
  const _ = ctx.db.command;
  const today = formatDate(ctx.now);
  let schoolId: string;
  let gradeId: string | null = null;
  if (input.childId) {
    const child = requireChild(actor, input.childId);
    schoolId = child.schoolId;
    gradeId = child.gradeId;
  } else {
    schoolId = input.schoolId!;
    const m = membershipIn(actor, schoolId);
    if (!m || !(m.roles.includes('teacher') || m.roles.includes('admin'))) fail('FORBIDDEN');
  }
  const where = input.childId ? { schoolId, status: 'published', date: _.gte(today) } : { schoolId, date: _.gte(formatDate(new Date(ctx.now.getTime() - 30 * 86400_000))) };
  const r = await ctx.db.collection<ReceptionDayDoc>(DAYS).where(where).orderBy('date', 'asc').limit(60).get();
  const days = r.data.filter((d) => !input.childId || !d.gradeId || d.gradeId === gradeId);
  const items: DaySummaryDto[] = [];
  for (const d of days) items.push(daySummary(d, await daySlots(ctx.db, d._id)));
  return { items };
}

export async function dayDetail(ctx: Ctx, input: { dayId: string; childId?: string }): Promise<DayDetailDto> {
  const [actor, day] = await Promise.all([ctx.actor(), loadDay(ctx.db, input.dayId)]);
  let myBooking: ReceptionBookingDoc | null = null;
  if (input.childId) {
    const child = requireChild(actor, input.childId);
    if (child.schoolId !== day.schoolId || (day.gradeId && day.gradeId !== child.gradeId)) fail('RECEPTION_NOT_FOR_YOU');
    myBooking = (await ctx.db.collection<ReceptionBookingDoc>(BOOKINGS).where({ _id: bookingIdFor(day._id, child.childId) }).limit(1).get()).data[0] ?? null;
  } else {
    const m = membershipIn(actor, day.schoolId);
    if (!m || !(m.roles.includes('teacher') || m.roles.includes('admin'))) fail('FORBIDDEN');
  }
  const slots = await daySlots(ctx.db, day._id);
  return {
    ...daySummary(day, slots),
    slotMinutes: day.slotMinutes,
    placesPerSlot: day.placesPerSlot,
    bookingClosesHours: day.bookingClosesHours,
    cancelClosesHours: day.cancelClosesHours,
    slots: slots.map((s) => slotDto(day, s, ctx.now)),
    myBooking: myBooking ? bookingDto(myBooking, day, ctx.now) : null,
  };
}

/** Close slots and move their live bookings to 'closed_by_school', telling each family. */
async function closeSlots(ctx: Ctx, day: ReceptionDayDoc, slots: ReceptionSlotDoc[], reason: string, kind: 'absence' | 'cancelled'): Promise<number> {
  const _ = ctx.db.command;
  const now = ctx.now;
  for (const s of slots) await ctx.db.collection(SLOTS).where({ _id: s._id }).update({ data: { closed: true, closedReason: reason, updatedAt: now } });
  const slotIds = slots.map((s) => s._id);
  let told = 0;
  for (let i = 0; i < slotIds.length; i += 100) {
    const r = await ctx.db.collection<ReceptionBookingDoc>(BOOKINGS).where({ slotId: _.in(slotIds.slice(i, i + 100)), status: 'booked' }).limit(1000).get();
    for (const b of r.data) {
      const u = await ctx.db.collection(BOOKINGS).where({ _id: b._id, status: 'booked', gen: b.gen }).update({ data: { status: 'closed_by_school', cancelledAt: now, updatedAt: now } });
      if (!u.stats.updated) continue;
      await releaseClaim(ctx.db, b);
      told++;
      await notifyUser(ctx, { userId: b.userId, openid: b.openid }, {
        schoolId: day.schoolId,
        kind: `reception.${kind}`,
        title: kind === 'cancelled' ? '家长接待日已取消' : '您预约的接待时段有调整',
        body: `很抱歉，您预约的“${day.title}”（${day.date} ${b.start}）${kind === 'cancelled' ? '已取消' : '因接待人临时有事已关闭'}。原因：${reason}。请重新选择时段预约。`,
        page: `packages/reception/pages/day/index?id=${day._id}`,
        ref: b._id,
      }, now);
    }
  }
  return told;
}

export async function cancelDay(ctx: Ctx, input: { dayId: string; reason: string }): Promise<{ told: number }> {
  const [actor, day] = await Promise.all([ctx.actor(), loadDay(ctx.db, input.dayId)]);
  requirePublisher(actor, day);
  if (day.status === 'cancelled') fail('RECEPTION_DAY_CLOSED');
  await ctx.db.collection(DAYS).where({ _id: day._id }).update({ data: { status: 'cancelled', cancelReason: input.reason, updatedAt: ctx.now } });
  const told = await closeSlots(ctx, { ...day, status: 'cancelled' }, await daySlots(ctx.db, day._id), input.reason, 'cancelled');
  return { told };
}

/** A receptionist is absent (part of) the day: their slots close; booked families are told. */
export async function setAbsence(ctx: Ctx, input: { dayId: string; staffId: string; from?: string; until?: string; reason: string }): Promise<{ closed: number; told: number }> {
  const [actor, day] = await Promise.all([ctx.actor(), loadDay(ctx.db, input.dayId)]);
  requirePublisher(actor, day);
  if (!day.receptionists.some((r) => r.staffId === input.staffId)) fail('RECEPTION_RECEPTIONIST_INVALID');
  if (input.from && input.until && input.until <= input.from) fail('RECEPTION_RULE_INVALID', { reason: '结束时间应晚于开始时间' });
  const slots = (await daySlots(ctx.db, day._id)).filter((s) => s.staffId === input.staffId && !s.closed && absenceCloses(input, s));
  if (slots.length === 0) return { closed: 0, told: 0 };
  const told = await closeSlots(ctx, day, slots, input.reason, 'absence');
  return { closed: slots.length, told };
}

