/**
 * Demo data of the reception domain (school A, 滨江实验小学): an upcoming 家长接待日 (the next
 * Wednesday at least four days ahead, 15:30–17:00, 校长 · 心理健康教师 · 三年级1班班主任) with one
 * booking, and a past one whose cases show the loop — one answered with a follow-up for the
 * 家庭教育指导教师, one reopened after 不满意 for the principal — plus two suggestions (one hidden
 * from the class teacher, one overdue), and next week's 开放周 with one activity of each of the five
 * kinds. Dates follow `now`; ids follow the dates (insert-missing).
 */
import type { Database } from '../core/cloud';
import type { Doc } from '../core/db-types';
import { userIdFor } from '../access/actor';
import { SCHOOL_SEED } from '../school/school.seed';
import { insertMissing } from '../school/seed-util';
import type { StaffDoc } from '../school/model';
import { shanghai } from '../../types/common/time';
import type { ReceptionBookingDoc, ReceptionCaseDoc, ReceptionDayDoc, ReceptionSlotDoc, StaffRef } from '../../types/reception/reception.schema';
import { addWorkingDays, at, bookingIdFor, cutSlots, dayIdFor, slotIdFor } from '../../types/reception/reception.rules';
import type { ChildLink } from '../../types/school/roles';
import { familyFieldsFrom, familyFieldsOf, newCase } from './case-builder';

type WithId = Doc & { _id: string };

function nextWednesday(now: Date, minDays: number): string {
  let d = shanghai(now).startOf('day').add(minDays, 'day');
  while (d.day() !== 3) d = d.add(1, 'day');
  return d.format('YYYY-MM-DD');
}

export async function seedReception(db: Database, now: Date = new Date()): Promise<Record<string, number>> {
  const schoolId = SCHOOL_SEED.schoolA;
  const staff = (await db.collection<StaffDoc>('staff').where({ schoolId }).limit(1000).get()).data;
  const by = (title: string, classId?: string) => staff.find((s) => s.positions.some((p) => p.title === title && (!classId || p.classId === classId)))!;
  const ref = (s: StaffDoc, title: string): StaffRef => ({ staffId: s._id, name: s.name, title, userId: s.userId ?? null });
  const principal = ref(by('校长'), '校长');
  const psy = ref(by('心理健康教师'), '心理健康教师');
  const head = ref(by('班主任', SCHOOL_SEED.classA31), '班主任');
  const guide = ref(by('家庭教育指导教师'), '家庭教育指导教师');
  const user = async (openid: string) => (await db.collection<{ children: ChildLink[] }>('users').where({ _id: userIdFor(openid) }).limit(1).get()).data[0];
  const p1 = await user('demo-parent-001');
  const p2 = await user('demo-parent-002');
  const p3 = await user('demo-parent-003');
  if (!p1 || !p2 || !p3 || !principal || !psy || !head) return {};

  const days: WithId[] = [];
  const slots: WithId[] = [];
  const bookings: WithId[] = [];
  const cases: WithId[] = [];
  const makeDay = (date: string, title: string, receptionists: StaffRef[]): ReceptionDayDoc => {
    const day: ReceptionDayDoc = {
      _id: dayIdFor(schoolId, null, date),
      schoolId,
      gradeId: null,
      title,
      date,
      startTime: '15:30',
      endTime: '17:00',
      slotMinutes: 30,
      placesPerSlot: 2,
      mode: 'in_person',
      room: '行政楼二楼家长接待室',
      receptionists,
      bookingClosesHours: 2,
      cancelClosesHours: 12,
      status: 'published',
      cancelReason: null,
      createdBy: userIdFor('demo-admin-001'),
      createdAt: now,
      updatedAt: now,
    };
    days.push(day as unknown as WithId);
    const cut = cutSlots(day.startTime, day.endTime, day.slotMinutes);
    if (cut.ok) for (const r of receptionists) for (const t of cut.slots) {
      const s: ReceptionSlotDoc = { _id: slotIdFor(day._id, r.staffId, t.start), dayId: day._id, schoolId, staffId: r.staffId, start: t.start, end: t.end, startAt: at(date, t.start), endAt: at(date, t.end), places: 2, placesLeft: 2, holders: [], closed: false, closedReason: null, updatedAt: now };
      slots.push(s as unknown as WithId);
    }
    return day;
  };
  const book = (day: ReceptionDayDoc, r: StaffRef, start: string, openid: string, child: ChildLink, topic: ReceptionBookingDoc['topic'], description: string, status: ReceptionBookingDoc['status']): ReceptionBookingDoc => {
    const b: ReceptionBookingDoc = {
      _id: bookingIdFor(day._id, child.childId),
      dayId: day._id,
      schoolId,
      slotId: slotIdFor(day._id, r.staffId, start),
      staffId: r.staffId,
      start,
      slotStartAt: at(day.date, start),
      familyId: child.childId,
      childName: child.childName,
      gradeId: child.gradeId,
      classId: child.classId,
      userId: userIdFor(openid),
      openid,
      topic,
      description,
      status,
      gen: 1,
      createdAt: now,
      updatedAt: now,
    };
    const s = slots.find((x) => x._id === b.slotId) as unknown as ReceptionSlotDoc;
    s.holders.push(`${b._id}#1`);
    s.placesLeft -= 1;
    bookings.push(b as unknown as WithId);
    return b;
  };
  const childA = (u: { children: ChildLink[] }) => u.children.find((c) => c.schoolId === schoolId)!;

  // Upcoming.
  const next = makeDay(nextWednesday(now, 4), '家长接待日（每周三）', [principal, psy, head]);
  book(next, head, '15:30', 'demo-parent-002', childA(p2), '学习', '想了解孩子在课堂上的专注情况，以及回家后如何辅导', 'booked');

  // Last week's, with its cases.
  const pastDate = shanghai(now).startOf('day').subtract(7, 'day').format('YYYY-MM-DD');
  const past = makeDay(pastDate, '家长接待日（上周）', [principal, psy]);
  const caseBase = (b: ReceptionBookingDoc, r: StaffRef): ReceptionCaseDoc =>
    newCase({ _id: b._id, kind: 'booking', schoolId, ...familyFieldsFrom(b), topic: b.topic, description: b.description, receptionist: r, status: 'answered', dayId: b.dayId }, b.slotStartAt);
  const b1 = book(past, psy, '15:30', 'demo-parent-001', childA(p1), '心理与情绪', '孩子最近写作业拖拉，一说就发脾气，想请老师给些建议', 'arrived');
  const due = addWorkingDays(now, 3);
  cases.push({
    ...caseBase(b1, psy),
    assigneeStaffId: guide.staffId,
    outcome: { discussed: '了解了孩子近期的作业与情绪情况，建议家长先共情再提要求', actions: '家庭教育指导教师两周内电话回访；孩子参加本月心理团辅', followUpNeeded: true, assignee: guide, dueAt: due, recordedAt: b1.slotStartAt, recordedBy: psy.userId ?? '' },
    dueAt: due,
  } as unknown as WithId);
  const b3 = book(past, principal, '16:00', 'demo-parent-003', childA(p3), '安全', '放学时校门口车辆拥堵，孩子过马路不安全', 'arrived');
  cases.push({
    ...caseBase(b3, principal),
    outcome: { discussed: '已向家长说明学校与交警沟通的情况', actions: '协调交警在放学时段增派人手', followUpNeeded: false, assignee: null, dueAt: null, recordedAt: b3.slotStartAt, recordedBy: principal.userId ?? '' },
    rating: { value: 'unsatisfied', comment: '一周了还是很堵，希望尽快落实', at: new Date(now.getTime() - 2 * 86400_000) },
    status: 'reopened',
    reopenReason: 'unsatisfied',
    reopenedAt: new Date(now.getTime() - 2 * 86400_000),
    updatedAt: new Date(now.getTime() - 2 * 86400_000),
  } as unknown as WithId);

  // Suggestions.
  const sg = (n: number, u: { children: ChildLink[] }, openid: string, content: string, hide: boolean, created: Date, kind: 'suggestion' | 'complaint'): WithId => {
    const c = childA(u);
    return {
      ...newCase({ _id: `sg_demo_${n}`, kind: 'suggestion', suggestionKind: kind, schoolId, ...familyFieldsOf(c, { userId: userIdFor(openid), openid }), topic: '意见建议', description: content, hideFromClassTeacher: hide, status: 'open' }, created),
      dueAt: addWorkingDays(created, 5),
    } as unknown as WithId;
  };
  cases.push(sg(1, p2, 'demo-parent-002', '建议学校食堂每周公布菜谱，方便家长搭配晚餐', false, new Date(now.getTime() - 86400_000), 'suggestion'));
  cases.push(sg(2, p1, 'demo-parent-001', '三年级的课后作业量偏大，孩子经常写到很晚', true, new Date(now.getTime() - 10 * 86400_000), 'complaint'));

  // A 开放周 next week: five activities of the five kinds, one with a family signed up.
  const weekStart = shanghai(now).startOf('day').add(7, 'day');
  const mon = weekStart.subtract((weekStart.day() + 6) % 7, 'day');
  const eventId = `oe_demo_${mon.format('YYYYMMDD')}`;
  const acts = [
    { kind: '观摩校园文化', title: '校园文化长廊参观', day: 0, start: '09:00', end: '10:00', place: '学校正门集合', places: 40 },
    { kind: '参与课堂听课', title: '三年级语文课堂开放', day: 1, start: '09:40', end: '10:20', place: '教学楼三楼', places: 12, gradeIds: [SCHOOL_SEED.gradeA3] },
    { kind: '特色课程与社团活动体验', title: '科创社团体验', day: 2, start: '15:30', end: '16:30', place: '科创中心', places: 20 },
    { kind: '参与学校管理与办学成果展示', title: '膳食委员会开放日', day: 3, start: '11:30', end: '12:30', place: '学校食堂', places: 10 },
    { kind: '家校共育交流', title: '家校共育交流会', day: 4, start: '15:00', end: '16:30', place: '报告厅', places: 60 },
  ];
  const openActs: WithId[] = acts.map((a, k) => {
    const date = mon.add(a.day, 'day').format('YYYY-MM-DD');
    return { _id: `${eventId}_a${k + 1}`, eventId, schoolId, kind: a.kind, title: a.title, date, start: a.start, end: a.end, startAt: at(date, a.start), endAt: at(date, a.end), place: a.place, gradeIds: a.gradeIds ?? [], classIds: [], places: a.places, placesLeft: a.places, holders: [] as string[], holderKeys: [] as string[], closed: false, eventStatus: 'published', signUpClosesHours: 2, cancelClosesHours: 12, updatedAt: now };
  });
  const c1 = childA(p1);
  const signupId = `${openActs[4]._id}_${c1.childId}`;
  (openActs[4].holders as string[]).push(`${signupId}#1`);
  (openActs[4].holderKeys as string[]).push(signupId);
  openActs[4].placesLeft = Number(openActs[4].placesLeft) - 1;
  const openEvent = { _id: eventId, schoolId, title: '校园开放周', kind: 'week', startDate: openActs[0].date, endDate: openActs[4].date, signUpClosesHours: 2, cancelClosesHours: 12, status: 'published', createdBy: userIdFor('demo-admin-001'), createdAt: now, updatedAt: now };
  const signup = { _id: signupId, activityId: openActs[4]._id, eventId, schoolId, familyId: c1.childId, childName: c1.childName, gradeId: c1.gradeId, classId: c1.classId, userId: userIdFor('demo-parent-001'), openid: 'demo-parent-001', status: 'signed', gen: 1, activityStartAt: openActs[4].startAt, feedback: null, createdAt: now, updatedAt: now };
  const eventFresh = !(await db.collection('open_events').where({ _id: eventId }).limit(1).get()).data.length;

  // Slots and bookings only with their day: a day already there keeps its own.
  const fresh = new Set<string>();
  for (const d of days) if (!(await db.collection('reception_days').where({ _id: d._id }).limit(1).get()).data.length) fresh.add(d._id);
  return {
    reception_slots: await insertMissing(db, 'reception_slots', slots.filter((s) => fresh.has(String(s.dayId)))),
    reception_bookings: await insertMissing(db, 'reception_bookings', bookings.filter((b) => fresh.has(String(b.dayId)))),
    reception_cases: await insertMissing(db, 'reception_cases', cases.filter((c) => !c.dayId || fresh.has(String(c.dayId)))),
    reception_days: await insertMissing(db, 'reception_days', days.filter((d) => fresh.has(d._id))),
    open_activities: eventFresh ? await insertMissing(db, 'open_activities', openActs) : 0,
    open_signups: eventFresh ? await insertMissing(db, 'open_signups', [signup as WithId]) : 0,
    open_events: eventFresh ? await insertMissing(db, 'open_events', [openEvent as WithId]) : 0,
  };
}
