/** Documents → what the pages receive (nothing of other families; receptionists by name and title). */
import type { BookingDto, CaseDto, DaySummaryDto, ReceptionBookingDoc, ReceptionCaseDoc, ReceptionDayDoc, ReceptionSlotDoc, SlotDto } from '../../types/reception/reception.schema';
import { canCancelBooking, isCaseOverdue, slotBookable } from '../../types/reception/reception.rules';
import type { caseAbilities } from './reception-access';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function daySummary(d: ReceptionDayDoc, slots?: ReceptionSlotDoc[]): DaySummaryDto {
  return {
    dayId: d._id,
    schoolId: d.schoolId,
    gradeId: d.gradeId,
    title: d.title,
    date: d.date,
    startTime: d.startTime,
    endTime: d.endTime,
    mode: d.mode,
    room: d.room,
    receptionists: d.receptionists.map((r) => ({ staffId: r.staffId, name: r.name, title: r.title })),
    status: d.status,
    placesLeft: slots ? slots.filter((s) => !s.closed).reduce((n, s) => n + s.placesLeft, 0) : 0,
  };
}

export function slotDto(d: ReceptionDayDoc, s: ReceptionSlotDoc, now: Date): SlotDto {
  const v = slotBookable(d, s, now);
  return { slotId: s._id, staffId: s.staffId, start: s.start, end: s.end, placesLeft: s.placesLeft, places: s.places, closed: s.closed, bookable: v.ok, ...(v.ok ? {} : { reason: v.reason }) };
}

export function bookingDto(b: ReceptionBookingDoc, day: ReceptionDayDoc | null, now: Date, caseId: string | null = null): BookingDto {
  const r = day?.receptionists.find((x) => x.staffId === b.staffId);
  return {
    bookingId: b._id,
    dayId: b.dayId,
    dayTitle: day?.title,
    date: day?.date,
    start: b.start,
    slotStartAt: new Date(b.slotStartAt).toISOString(),
    staffId: b.staffId,
    receptionistName: r ? `${r.name}（${r.title}）` : '',
    mode: day?.mode,
    room: day?.room,
    topic: b.topic,
    description: b.description,
    status: b.status,
    childName: b.childName,
    canCancel: !!day && canCancelBooking(day, b, now).ok,
    caseId,
  };
}

export function caseDto(c: ReceptionCaseDoc, can: ReturnType<typeof caseAbilities>, now: Date, mine = false): CaseDto {
  return {
    caseId: c._id,
    kind: c.kind,
    suggestionKind: c.suggestionKind,
    schoolId: c.schoolId,
    childName: c.childName,
    classId: c.classId,
    topic: c.topic,
    description: c.description,
    hideFromClassTeacher: c.hideFromClassTeacher,
    receptionistName: c.receptionist ? `${c.receptionist.name}（${c.receptionist.title}）` : null,
    assigneeStaffId: c.assigneeStaffId,
    assigneeName: c.outcome?.assignee ? `${c.outcome.assignee.name}（${c.outcome.assignee.title}）` : null,
    outcome: c.outcome
      ? { discussed: c.outcome.discussed, actions: c.outcome.actions, followUpNeeded: c.outcome.followUpNeeded, dueAt: iso(c.outcome.dueAt), recordedAt: iso(c.outcome.recordedAt)! }
      : null,
    followUpDoneAt: iso(c.followUpDoneAt),
    followUpNote: c.followUpNote,
    rating: c.rating ? { value: c.rating.value, comment: c.rating.comment, at: iso(c.rating.at)! } : null,
    status: c.status,
    reopenReason: c.reopenReason,
    dueAt: iso(c.dueAt),
    overdue: isCaseOverdue(c, now),
    closedReason: c.closedReason,
    createdAt: iso(c.createdAt)!,
    updatedAt: iso(c.updatedAt)!,
    mine,
    can,
  };
}
