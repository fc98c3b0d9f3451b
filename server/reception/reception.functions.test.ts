/**
 * The reception function end to end on the local cloud: publishing (rules, holidays, bad input →
 * a Chinese reason and nothing written), booking and its deadlines, absences closing slots and
 * telling the families, the receptionist's day, the case loop (outcome with a follow-up → 不满意 →
 * reopened for the principal → closed with a reason), overdue follow-ups reopened by the cron,
 * the evening-before reminder, suggestions hidden from the class teacher, and who sees what.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import type { CaseDto, DayDetailDto, ReceptionBookingDoc, ReceptionCaseDoc, ReceptionSlotDoc } from '../../types/reception/reception.schema';
import { ERROR_MESSAGES } from '../../types/common/errors';
import { slotIdFor } from '../../types/reception/reception.rules';
import { remindTomorrow } from './reminder.service';
import { reopenOverdue } from './case.service';
import { RECEPTION_TEMPLATES } from './notify';
import {
  ADMIN,
  CLASS_A71,
  CLASS_A72,
  GRADE_A7,
  GUIDE,
  HEAD,
  PRINCIPAL,
  PRINCIPAL_B,
  PSY,
  SCHOOL_A,
  SCHOOL_B,
  STAFF_IDS,
  SUBJECT,
  allOf,
  childIdOf,
  code,
  dateIn,
  ok,
  parentOpenid,
  publishInput,
  putParents,
  putReceptionStaff,
  putSecondGuardian,
  slotProblems,
} from './test-fixtures';

jest.setTimeout(120_000);

let cloud: TestCloud;
const topic = { topic: '心理与情绪', description: '孩子最近情绪低落，不愿意上学' };
const P = (i: number) => parentOpenid(i);

async function counts() {
  const out: Record<string, number> = {};
  for (const c of ['reception_days', 'reception_slots', 'reception_bookings', 'reception_cases', 'notices']) out[c] = (await cloud.db.collection(c).count()).total;
  return out;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await putReceptionStaff(cloud.db);
  await putParents(cloud.db, 0, 10, (i) => ({ schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: i < 8 ? CLASS_A71 : CLASS_A72 }));
  await putParents(cloud.db, 10, 11, { schoolId: SCHOOL_B, gradeId: 'cx-grade-b7', classId: 'cx-class-b7-1' });
  await putSecondGuardian(cloud.db, 'rc-grandpa-0', 0, { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });
  await cloud.db.collection('grades').doc(GRADE_A7).set({ data: { schoolId: SCHOOL_A, name: '七年级', order: 7 } });
  await cloud.db.collection('classes').doc(CLASS_A71).set({ data: { schoolId: SCHOOL_A, gradeId: GRADE_A7, name: '1班', order: 1 } });
});
afterAll(async () => {
  await cloud?.close();
});

describe('publishing', () => {
  test('每周二 for four weeks minus a holiday: 3 days × 2 receptionists × 4 slots', async () => {
    // Weeks 2–5 from today: clear of the single days the later tests publish (today, tomorrow, the
    // day after), whichever weekday today is — with dateIn(1)…dateIn(28) they collided on Sundays
    // and Mondays.
    const from = dateIn(8);
    const until = dateIn(35);
    const r = ok(await cloud.call<{ dayIds: string[]; slots: number }>('reception', PRINCIPAL, 'publishDays', publishInput({ title: '每周二家长接待', rule: { kind: 'weekly', weekday: 2, from, until }, holidays: [] })));
    expect(r.dayIds.length).toBeGreaterThanOrEqual(3);
    expect(r.slots).toBe(r.dayIds.length * 2 * 4);
    // Publishing the same dates again is refused, nothing written.
    const before = await counts();
    expect(code(await cloud.call('reception', PRINCIPAL, 'publishDays', publishInput({ rule: { kind: 'weekly', weekday: 2, from, until } })))).toBe('RECEPTION_DAY_EXISTS');
    expect(await counts()).toEqual(before);
  });

  test.each<[string, string, Record<string, unknown>, string]>([
    ['a subject teacher may not publish', SUBJECT, {}, 'FORBIDDEN'],
    ['another school’s principal may not', PRINCIPAL_B, {}, 'FORBIDDEN'],
    ['a parent may not', 'cx-parent-0000', {}, 'FORBIDDEN'],
    ['end before start', PRINCIPAL, { startTime: '16:00', endTime: '14:00' }, 'RECEPTION_RULE_INVALID'],
    ['a range shorter than a slot', PRINCIPAL, { startTime: '14:00', endTime: '14:20' }, 'RECEPTION_RULE_INVALID'],
    ['a date in the past', PRINCIPAL, { rule: { kind: 'dates', dates: [dateIn(-2)] } }, 'RECEPTION_RULE_INVALID'],
    ['only holidays', PRINCIPAL, { rule: { kind: 'dates', dates: [dateIn(40)] }, holidays: [dateIn(40)] }, 'RECEPTION_RULE_INVALID'],
    ['a 任课教师 as receptionist', PRINCIPAL, { receptionistStaffIds: [STAFF_IDS.subject] }, 'RECEPTION_RECEPTIONIST_INVALID'],
    ['another school’s staff as receptionist', PRINCIPAL, { receptionistStaffIds: [STAFF_IDS.principalB] }, 'RECEPTION_RECEPTIONIST_INVALID'],
    ['no receptionist', PRINCIPAL, { receptionistStaffIds: [] }, 'VALIDATION_FAILED'],
    ['a bad time', PRINCIPAL, { startTime: '25:00' }, 'VALIDATION_FAILED'],
    ['no title', PRINCIPAL, { title: ' ' }, 'VALIDATION_FAILED'],
    ['zero places', PRINCIPAL, { placesPerSlot: 0 }, 'VALIDATION_FAILED'],
  ])('%s (as %s): refused with a Chinese message, nothing written', async (_n, who, over, want) => {
    const before = await counts();
    const r = await cloud.call('reception', who, 'publishDays', publishInput({ rule: { kind: 'dates', dates: [dateIn(41)] }, ...over }));
    expect(code(r)).toBe(want);
    if (!r.ok) {
      // A validation failure names the field and its limit (failureText); other refusals read the code's sentence.
      if (r.error.code !== 'VALIDATION_FAILED') expect(r.error.message).toBe(ERROR_MESSAGES[r.error.code]);
      expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('booking, the receptionist’s day and the case loop', () => {
  let dayId: string;
  let bookingId: string;

  beforeAll(async () => {
    dayId = ok(await cloud.call<{ dayIds: string[] }>('reception', PRINCIPAL, 'publishDays', publishInput({ title: '十二月家长接待日', rule: { kind: 'dates', dates: [dateIn(2)] } }))).dayIds[0];
  });

  test('a parent sees the day with its free slots and books one with a topic', async () => {
    const list = ok(await cloud.call<{ items: { dayId: string }[] }>('reception', P(0), 'listDays', { childId: childIdOf(0) }));
    expect(list.items.map((d) => d.dayId)).toContain(dayId);
    const d = ok(await cloud.call<DayDetailDto>('reception', P(0), 'dayDetail', { dayId, childId: childIdOf(0) }));
    expect(d.slots).toHaveLength(8);
    expect(d.slots.every((s) => s.bookable)).toBe(true);
    expect(d.receptionists.map((r) => r.name)).toEqual(['李心理', '张班主']);
    const r = ok(await cloud.call<{ booking: { bookingId: string; start: string; status: string; receptionistName: string } }>('reception', P(0), 'book', { dayId, childId: childIdOf(0), staffId: STAFF_IDS.psy, time: '14:30', ...topic }));
    expect(r.booking).toMatchObject({ start: '14:30', status: 'booked', receptionistName: '李心理（心理健康教师）' });
    bookingId = r.booking.bookingId;
    // The other guardian of the same child: one live booking per family per day.
    expect(code(await cloud.call('reception', 'rc-grandpa-0', 'book', { dayId, childId: childIdOf(0), staffId: 'any', ...topic }))).toBe('RECEPTION_BOOKING_DUPLICATE');
    // That one-place slot is now full for everyone else.
    expect(code(await cloud.call('reception', P(1), 'book', { dayId, childId: childIdOf(1), slotId: slotIdFor(dayId, STAFF_IDS.psy, '14:30'), ...topic }))).toBe('RECEPTION_SLOT_FULL');
    expect(await slotProblems(cloud.db, dayId)).toEqual([]);
  });

  test.each<[string, () => Record<string, unknown>, string, string?]>([
    ['a child who is not theirs', () => ({ dayId, childId: childIdOf(5), staffId: 'any', ...topic }), 'FORBIDDEN'],
    ['too short a description', () => ({ dayId, childId: childIdOf(1), staffId: 'any', topic: '学习', description: '你好' }), 'VALIDATION_FAILED'],
    ['an unknown topic', () => ({ dayId, childId: childIdOf(1), staffId: 'any', topic: '闲聊', description: '想聊一聊孩子' }), 'VALIDATION_FAILED'],
    ['an unknown slot', () => ({ dayId, childId: childIdOf(1), slotId: 'nope', ...topic }), 'RECEPTION_SLOT_NOT_FOUND'],
    ['a receptionist not on the day', () => ({ dayId, childId: childIdOf(1), staffId: STAFF_IDS.guide, ...topic }), 'RECEPTION_SLOT_NOT_FOUND'],
    ['an unknown day', () => ({ dayId: 'rd_nope', childId: childIdOf(1), staffId: 'any', ...topic }), 'RECEPTION_DAY_NOT_FOUND'],
  ])('booking with %s: refused, nothing written', async (_n, input, want) => {
    const before = await counts();
    const r = await cloud.call('reception', P(1), 'book', input());
    expect(code(r)).toBe(want);
    expect(await counts()).toEqual(before);
  });

  test('another school’s family may not book; a 10-minute-away slot is past the booking deadline', async () => {
    expect(code(await cloud.call('reception', P(10), 'book', { dayId, childId: childIdOf(10), staffId: 'any', ...topic }))).toBe('RECEPTION_NOT_FOR_YOU');
    const soon = ok(await cloud.call<{ dayIds: string[] }>('reception', PRINCIPAL, 'publishDays', publishInput({ title: '今日接待', rule: { kind: 'dates', dates: [dateIn(0)] }, startTime: '00:00', endTime: '23:30', slotMinutes: 30, receptionistStaffIds: [STAFF_IDS.psy] }))).dayIds[0];
    const past = slotIdFor(soon, STAFF_IDS.psy, '00:00');
    expect(code(await cloud.call('reception', P(3), 'book', { dayId: soon, childId: childIdOf(3), slotId: past, ...topic }))).toBe('RECEPTION_BOOKING_CLOSED');
  });

  test('a receptionist’s absence closes their slots and tells the booked family', async () => {
    const r = ok(await cloud.call<{ booking: { bookingId: string } }>('reception', P(2), 'book', { dayId, childId: childIdOf(2), staffId: STAFF_IDS.head, time: '15:00', ...topic }));
    const before = (await cloud.db.collection('notices').where({ kind: 'reception.absence' }).count()).total;
    const abs = ok(await cloud.call<{ closed: number; told: number }>('reception', PRINCIPAL, 'setAbsence', { dayId, staffId: STAFF_IDS.head, from: '15:00', reason: '外出参加教研活动' }));
    expect(abs).toEqual({ closed: 2, told: 1 });
    expect((await cloud.db.collection('notices').where({ kind: 'reception.absence' }).count()).total).toBe(before + 1);
    const b = (await cloud.db.collection<ReceptionBookingDoc>('reception_bookings').doc(r.booking.bookingId).get()).data;
    expect(b.status).toBe('closed_by_school');
    expect(code(await cloud.call('reception', P(3), 'book', { dayId, childId: childIdOf(3), slotId: slotIdFor(dayId, STAFF_IDS.head, '15:30'), ...topic }))).toBe('RECEPTION_SLOT_CLOSED');
    // The family can book another slot of the day.
    expect(code(await cloud.call('reception', P(2), 'book', { dayId, childId: childIdOf(2), staffId: STAFF_IDS.head, time: '14:00', ...topic }))).toBe('OK');
    expect(await slotProblems(cloud.db, dayId)).toEqual([]);
  });

  test('cancel before the deadline frees the place', async () => {
    const r = ok(await cloud.call<{ booking: { bookingId: string } }>('reception', P(4), 'book', { dayId, childId: childIdOf(4), staffId: STAFF_IDS.psy, time: '15:30', ...topic }));
    expect(code(await cloud.call('reception', P(5), 'cancelBooking', { bookingId: r.booking.bookingId }))).toBe('RECEPTION_BOOKING_NOT_FOUND');
    expect(code(await cloud.call('reception', P(4), 'cancelBooking', { bookingId: r.booking.bookingId }))).toBe('OK');
    const s = (await cloud.db.collection<ReceptionSlotDoc>('reception_slots').doc(slotIdFor(dayId, STAFF_IDS.psy, '15:30')).get()).data;
    expect(s.placesLeft).toBe(1);
    expect(code(await cloud.call('reception', P(4), 'cancelBooking', { bookingId: r.booking.bookingId }))).toBe('RECEPTION_BOOKING_NOT_FOUND');
    expect(await slotProblems(cloud.db, dayId)).toEqual([]);
  });

  test('the receptionist’s day shows topics; others see nothing', async () => {
    const mine = ok(await cloud.call<{ items: { bookingId: string; topic: string; description: string; className: string }[] }>('reception', PSY, 'dayList', { dayId }));
    expect(mine.items.map((b) => b.bookingId)).toEqual([bookingId]);
    expect(mine.items[0]).toMatchObject({ topic: '心理与情绪', description: topic.description, className: '七年级1班' });
    expect(code(await cloud.call('reception', GUIDE, 'dayList', { dayId }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('reception', P(1), 'dayList', { dayId }))).toBe('FORBIDDEN');
    const all = ok(await cloud.call<{ items: unknown[] }>('reception', PRINCIPAL, 'dayList', { dayId }));
    expect(all.items.length).toBe(2);
    // Arrive only from 15 minutes before the slot.
    expect(code(await cloud.call('reception', PSY, 'markAttendance', { bookingId, status: 'arrived' }))).toBe('RECEPTION_TOO_EARLY');
    await cloud.db.collection('reception_bookings').doc(bookingId).update({ data: { slotStartAt: new Date(Date.now() - 60_000) } });
    expect(code(await cloud.call('reception', HEAD, 'markAttendance', { bookingId, status: 'arrived' }))).toBe('RECEPTION_BOOKING_NOT_FOUND');
    expect(code(await cloud.call('reception', PSY, 'markAttendance', { bookingId, status: 'arrived' }))).toBe('OK');
  });

  test('outcome with a follow-up → parent rates 不满意 → reopened for the principal → closed with a reason', async () => {
    const bad = await cloud.call('reception', PSY, 'recordOutcome', { caseId: bookingId, discussed: '沟通了孩子情绪', followUpNeeded: true, assigneeStaffId: STAFF_IDS.guide });
    expect(code(bad)).toBe('RECEPTION_DUE_INVALID');
    expect(code(await cloud.call('reception', HEAD, 'recordOutcome', { caseId: bookingId, discussed: '越权', followUpNeeded: false }))).toBe('RECEPTION_CASE_NOT_FOUND');
    const c = ok(await cloud.call<CaseDto>('reception', PSY, 'recordOutcome', { caseId: bookingId, discussed: '沟通了孩子近期的情绪变化', actions: '每周一次心理辅导', followUpNeeded: true, assigneeStaffId: STAFF_IDS.guide, dueDate: dateIn(7) }));
    expect(c).toMatchObject({ status: 'answered', assigneeName: '赵指导（家庭教育指导教师）' });
    // The assignee sees it on their list; the family sees the outcome and may rate.
    const assigned = ok(await cloud.call<{ items: CaseDto[] }>('reception', GUIDE, 'assignedCases', { schoolId: SCHOOL_A }));
    expect(assigned.items.map((x) => x.caseId)).toEqual([bookingId]);
    expect(assigned.items[0].can.followUp).toBe(true);
    const mine = ok(await cloud.call<{ items: CaseDto[] }>('reception', P(0), 'myCases', {}));
    expect(mine.items[0]).toMatchObject({ caseId: bookingId, outcome: { actions: '每周一次心理辅导' }, can: { rate: true, close: false } });
    // Another family: nothing.
    expect(code(await cloud.call('reception', P(1), 'caseDetail', { caseId: bookingId }))).toBe('RECEPTION_CASE_NOT_FOUND');
    expect(code(await cloud.call('reception', P(1), 'rate', { caseId: bookingId, rating: 'satisfied' }))).toBe('RECEPTION_CASE_NOT_FOUND');
    const rated = ok(await cloud.call<CaseDto>('reception', P(0), 'rate', { caseId: bookingId, rating: 'unsatisfied', comment: '希望学校多关注' }));
    expect(rated).toMatchObject({ status: 'reopened', reopenReason: 'unsatisfied', mine: true });
    expect(code(await cloud.call('reception', P(0), 'rate', { caseId: bookingId, rating: 'satisfied' }))).toBe('RECEPTION_STATE_INVALID');
    // Reopened: the receptionist may no longer answer; the principal sees it first and closes it.
    expect(code(await cloud.call('reception', PSY, 'recordOutcome', { caseId: bookingId, discussed: '再次沟通', followUpNeeded: false }))).toBe('FORBIDDEN');
    const list = ok(await cloud.call<{ items: CaseDto[]; counts: { reopened: number } }>('reception', PRINCIPAL, 'listCases', { schoolId: SCHOOL_A, filter: 'reopened' }));
    expect(list.items.map((x) => x.caseId)).toEqual([bookingId]);
    expect(list.items[0]).toMatchObject({ mine: false, can: { close: true, assign: true, rate: false } });
    expect(list.counts.reopened).toBe(1);
    expect(code(await cloud.call('reception', PRINCIPAL_B, 'listCases', { schoolId: SCHOOL_A }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('reception', PSY, 'listCases', { schoolId: SCHOOL_A }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('reception', PSY, 'closeCase', { caseId: bookingId, reason: '已沟通' }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('reception', PRINCIPAL, 'closeCase', { caseId: bookingId, reason: '' }))).toBe('VALIDATION_FAILED');
    const closed = ok(await cloud.call<CaseDto>('reception', PRINCIPAL, 'closeCase', { caseId: bookingId, reason: '校长已当面与家长沟通，家长认可' }));
    expect(closed).toMatchObject({ status: 'closed', closedReason: '校长已当面与家长沟通，家长认可' });
  });

  test('an overdue follow-up is reopened by the cron; completing a follow-up after 满意 closes it', async () => {
    const r = ok(await cloud.call<{ booking: { bookingId: string } }>('reception', P(6), 'book', { dayId, childId: childIdOf(6), staffId: STAFF_IDS.psy, time: '14:00', ...topic }));
    const id = r.booking.bookingId;
    ok(await cloud.call('reception', PSY, 'recordOutcome', { caseId: id, discussed: '约定下周回访', followUpNeeded: true, dueDate: dateIn(0) }));
    expect(await reopenOverdue({ db: cloud.db, cloud: cloud.sdk as never, now: new Date() })).toEqual({ reopened: 0 });
    expect(await reopenOverdue({ db: cloud.db, cloud: cloud.sdk as never, now: new Date(Date.now() + 2 * 86400_000) })).toEqual({ reopened: 1 });
    const c = (await cloud.db.collection<ReceptionCaseDoc>('reception_cases').doc(id).get()).data;
    expect(c).toMatchObject({ status: 'reopened', reopenReason: 'overdue' });
    // The same loop through the real timer trigger changes nothing more (already reopened).
    const fired = (await cloud.fireTimer('reception-cron', 'receptionHourly')) as { ok: boolean; data: { reopened: number } };
    expect(fired).toMatchObject({ ok: true, data: { reopened: 0 } });

    const r2 = ok(await cloud.call<{ booking: { bookingId: string } }>('reception', P(7), 'book', { dayId, childId: childIdOf(7), staffId: STAFF_IDS.psy, time: '15:00', ...topic }));
    ok(await cloud.call('reception', PSY, 'recordOutcome', { caseId: r2.booking.bookingId, discussed: '交流了学习方法', followUpNeeded: true, assigneeStaffId: STAFF_IDS.guide, dueDate: dateIn(5) }));
    expect(ok(await cloud.call<CaseDto>('reception', P(7), 'rate', { caseId: r2.booking.bookingId, rating: 'satisfied' })).status).toBe('answered');
    expect(code(await cloud.call('reception', PSY, 'completeFollowUp', { caseId: r2.booking.bookingId, note: '已回访' }))).toBe('FORBIDDEN');
    expect(ok(await cloud.call<CaseDto>('reception', GUIDE, 'completeFollowUp', { caseId: r2.booking.bookingId, note: '已电话回访，孩子状态好转' })).status).toBe('closed');
  });

  test('the evening before: a subscribe message where accepted, else an in-app notice; once each', async () => {
    const tomorrow = ok(await cloud.call<{ dayIds: string[] }>('reception', PRINCIPAL, 'publishDays', publishInput({ title: '明日接待', rule: { kind: 'dates', dates: [dateIn(1)] }, receptionistStaffIds: [STAFF_IDS.psy] }))).dayIds[0];
    ok(await cloud.call('reception', P(8), 'book', { dayId: tomorrow, childId: childIdOf(8), staffId: 'any', time: '14:00', ...topic }));
    ok(await cloud.call('reception', P(9), 'book', { dayId: tomorrow, childId: childIdOf(9), staffId: 'any', time: '14:30', ...topic }));
    cloud.acceptSubscriptions(P(8), [RECEPTION_TEMPLATES.reminder]);
    const sentBefore = cloud.outbox().length;
    const deps = { db: cloud.db, cloud: cloud.sdk as never, now: new Date() };
    expect(await remindTomorrow(deps)).toEqual({ reminded: 2 });
    expect(await remindTomorrow(deps)).toEqual({ reminded: 0 });
    const sent = cloud.outbox().slice(sentBefore) as unknown as { api?: string; touser?: string; data?: { touser?: string; templateId?: string } }[];
    expect(JSON.stringify(sent)).toContain(RECEPTION_TEMPLATES.reminder);
    expect(JSON.stringify(sent)).toContain(P(8));
    const notices = await allOf<{ kind: string }>(cloud.db, 'notices', { kind: 'reception.reminder' });
    expect(notices).toHaveLength(2);
  });
});

describe('suggestions (意见建议)', () => {
  test('sent any time, due in 5 working days; hidden from the class teacher when asked; answered and rated', async () => {
    const bad = await cloud.call('reception', P(0), 'submitSuggestion', { childId: childIdOf(0), content: '好', requestKey: 'sg-000000001' });
    expect(code(bad)).toBe('VALIDATION_FAILED');
    const open = ok(await cloud.call<CaseDto>('reception', P(0), 'submitSuggestion', { childId: childIdOf(0), content: '建议放学时段在校门口增加护学岗', requestKey: 'sg-000000001' }));
    const again = ok(await cloud.call<CaseDto>('reception', P(0), 'submitSuggestion', { childId: childIdOf(0), content: '建议放学时段在校门口增加护学岗', requestKey: 'sg-000000001' }));
    expect(again.caseId).toBe(open.caseId);
    expect(open).toMatchObject({ kind: 'suggestion', status: 'open', overdue: false });
    expect(new Date(open.dueAt!).getTime()).toBeGreaterThan(Date.now() + 5 * 86400_000);
    const hidden = ok(await cloud.call<CaseDto>('reception', P(1), 'submitSuggestion', { childId: childIdOf(1), kind: 'complaint', content: '对班级作业量有意见', hideFromClassTeacher: true, requestKey: 'sg-000000002' }));
    // The class teacher sees the first, not the hidden one; leaders see both.
    const head = ok(await cloud.call<{ items: CaseDto[] }>('reception', HEAD, 'assignedCases', { schoolId: SCHOOL_A }));
    expect(head.items.map((c) => c.caseId)).toContain(open.caseId);
    expect(head.items.map((c) => c.caseId)).not.toContain(hidden.caseId);
    expect(code(await cloud.call('reception', HEAD, 'caseDetail', { caseId: hidden.caseId }))).toBe('RECEPTION_CASE_NOT_FOUND');
    const leaders = ok(await cloud.call<{ items: CaseDto[] }>('reception', ADMIN, 'listCases', { schoolId: SCHOOL_A, filter: 'open' }));
    expect(leaders.items.map((c) => c.caseId)).toEqual(expect.arrayContaining([open.caseId, hidden.caseId]));
    // A leader assigns the complaint; the assignee answers; the parent rates 满意 → closed.
    ok(await cloud.call('reception', PRINCIPAL, 'assignCase', { caseId: hidden.caseId, assigneeStaffId: STAFF_IDS.guide }));
    const answered = ok(await cloud.call<CaseDto>('reception', GUIDE, 'recordOutcome', { caseId: hidden.caseId, discussed: '已与年级组研究，本周起控制书面作业时长', followUpNeeded: false }));
    expect(answered.status).toBe('answered');
    expect(ok(await cloud.call<CaseDto>('reception', P(1), 'rate', { caseId: hidden.caseId, rating: 'basic' })).status).toBe('closed');
    // The school's answer deadline: the school admin sets it (3 working days); a 班主任 or the principal may not.
    expect(code(await cloud.call('reception', HEAD, 'saveSettings', { schoolId: SCHOOL_A, suggestionAnswerDays: 3 }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('reception', PRINCIPAL, 'saveSettings', { schoolId: SCHOOL_A, suggestionAnswerDays: 3 }))).toBe('FORBIDDEN');
    expect(ok(await cloud.call('reception', ADMIN, 'saveSettings', { schoolId: SCHOOL_A, suggestionAnswerDays: 3 }))).toMatchObject({ suggestionAnswerDays: 3 });
    expect(ok(await cloud.call('reception', HEAD, 'getSettings', { schoolId: SCHOOL_A }))).toMatchObject({ suggestionAnswerDays: 3 });
    const quick = ok(await cloud.call<CaseDto>('reception', P(2), 'submitSuggestion', { childId: childIdOf(2), content: '希望增加课后托管的时段', requestKey: 'sg-000000003' }));
    expect(new Date(quick.dueAt!).getTime()).toBeLessThan(new Date(open.dueAt!).getTime());
    // Overdue suggestions stand out for the principal.
    await cloud.db.collection('reception_cases').doc(open.caseId).update({ data: { dueAt: new Date(Date.now() - 3600_000) } });
    const overdue = ok(await cloud.call<{ items: CaseDto[]; counts: { overdue: number } }>('reception', PRINCIPAL, 'listCases', { schoolId: SCHOOL_A, filter: 'overdue' }));
    expect(overdue.items.map((c) => c.caseId)).toContain(open.caseId);
    expect(overdue.items.every((c) => c.overdue)).toBe(true);
    expect(overdue.counts.overdue).toBeGreaterThanOrEqual(1);
  });
});
