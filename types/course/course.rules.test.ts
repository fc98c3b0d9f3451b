import {
  audienceKeysFor,
  audienceMatches,
  canCancel,
  canEdit,
  canEnroll,
  canRemove,
  canTransition,
  classHoursFor,
  classHourRuleText,
  coverCloudPath,
  isCoverFileIdOf,
  schoolYearOfSemester,
  totalClassHours,
  countsTowardText,
  enrollButton,
  familyKeys,
  hasSeatFor,
  isFull,
  scheduleChanged,
  seatsLeft,
  sessionClassHours,
  statusText,
  type RuleCourse,
  type RuleEnrollment,
} from './course.rules';
import { CreateCourseInputSchema, EnrollInputSchema, type Audience, type CourseStatus } from './course.schema';

const T = (s: string) => new Date(`${s}+08:00`);
const base: RuleCourse = {
  schoolId: 'S1',
  audience: { kind: 'school' },
  status: 'published',
  seatsPerFamily: 2,
  enrollOpensAt: T('2025-09-01T08:00:00'),
  enrollClosesAt: T('2025-09-10T18:00:00'),
  cancelDeadline: T('2025-09-11T12:00:00'),
  startAt: T('2025-09-12T19:00:00'),
  endAt: T('2025-09-12T20:30:00'),
  capacity: 50,
  enrolledSeats: 10,
  waitlistFamilies: 0,
};
const fam = { schoolId: 'S1', gradeId: 'G1', classId: 'C1' };
const inWindow = T('2025-09-05T10:00:00');

describe('classHoursFor (45 min = 1 课时, rounded down to half hours)', () => {
  it.each([
    [0, 45, 0],
    [20, 45, 0],
    [25, 45, 0.5],
    [40, 45, 0.5],
    [45, 45, 1],
    [60, 45, 1],
    [68, 45, 1.5],
    [90, 45, 2],
    [120, 45, 2.5],
    [135, 45, 3],
    [40, 40, 1],
    [60, 40, 1.5],
    [-5, 45, 0],
  ])('%i min with %i-minute hours → %p', (minutes, per, hours) => {
    expect(classHoursFor(minutes, { minutesPerClassHour: per })).toBe(hours);
  });

  it.each([
    // minutes, per, rounding, hours
    [68, 45, 'half', 1.5],
    [68, 45, 'whole', 1],
    [89, 45, 'whole', 1],
    [90, 45, 'whole', 2],
    [44, 45, 'whole', 0],
    [50, 40, 'half', 1],
    [60, 40, 'whole', 1],
    [80, 40, 'whole', 2],
    [120, 60, 'half', 2],
    [150, 60, 'half', 2.5],
    [150, 60, 'whole', 2],
  ] as const)('%i min, %i-minute hours, rounding %s → %p', (minutes, per, rounding, hours) => {
    expect(classHoursFor(minutes, { minutesPerClassHour: per, rounding })).toBe(hours);
  });

  it('the total of a course and the rule in words', () => {
    const sessions = [
      { startAt: '2025-09-12T11:00:00.000Z', endAt: '2025-09-12T12:08:00.000Z' },
      { startAt: '2025-09-19T11:00:00.000Z', endAt: '2025-09-19T12:08:00.000Z' },
    ];
    expect(totalClassHours(sessions, { minutesPerClassHour: 45, rounding: 'half' })).toBe(3);
    expect(totalClassHours(sessions, { minutesPerClassHour: 45, rounding: 'whole' })).toBe(2);
    expect(classHourRuleText({ minutesPerClassHour: 40, rounding: 'whole' })).toBe('40分钟 = 1课时，按整课时计（不足1课时舍去）');
    expect(classHourRuleText({ minutesPerClassHour: 45 })).toBe('45分钟 = 1课时，按半课时计（不足半课时舍去）');
    expect(schoolYearOfSemester('2025-2026-2')).toBe('2025-2026');
  });

  it('a session from its start and end (ISO strings too)', () => {
    expect(sessionClassHours({ startAt: '2025-09-12T11:00:00.000Z', endAt: '2025-09-12T12:30:00.000Z' })).toBe(2);
  });
});

describe('audience by school / grade / class / 教联体', () => {
  const cases: [string, Audience, { schoolId: string; gradeId: string; classId: string }, boolean][] = [
    ['whole school, own family', { kind: 'school' }, fam, true],
    ['whole school, other school', { kind: 'school' }, { ...fam, schoolId: 'S2' }, false],
    ['grade listed', { kind: 'grades', gradeIds: ['G1', 'G3'] }, fam, true],
    ['grade not listed', { kind: 'grades', gradeIds: ['G2'] }, fam, false],
    ['class listed', { kind: 'classes', classIds: ['C1'] }, fam, true],
    ['class not listed (same grade)', { kind: 'classes', classIds: ['C2'] }, fam, false],
    ['grade of the same id in another school', { kind: 'grades', gradeIds: ['G1'] }, { ...fam, schoolId: 'S2' }, false],
    ['alliance member school', { kind: 'alliance', schoolIds: ['S2', 'S3'] }, { ...fam, schoolId: 'S3' }, true],
    ['alliance owner school', { kind: 'alliance', schoolIds: ['S2'] }, fam, true],
    ['alliance non-member', { kind: 'alliance', schoolIds: ['S2'] }, { ...fam, schoolId: 'S9' }, false],
  ];
  it.each(cases)('%s', (_name, audience, family, expected) => {
    expect(audienceMatches({ schoolId: 'S1', audience }, family)).toBe(expected);
  });

  it('stores keys that the family keys hit exactly when the audience matches', () => {
    for (const [, audience, family, expected] of cases) {
      const keys = audienceKeysFor('S1', audience);
      const hit = familyKeys(family).some((k) => keys.includes(k));
      // grade/class ids are unique across schools in practice; the rule also checks the school
      if (audience.kind === 'alliance' || audience.kind === 'school') expect(hit).toBe(expected);
    }
    expect(audienceKeysFor('S1', { kind: 'alliance', schoolIds: ['S1', 'S2'] })).toEqual(['school:S1', 'school:S2']);
  });
});

describe('seats', () => {
  it.each([
    [{ capacity: 5, enrolledSeats: 3, waitlistFamilies: 0 }, 1, true, 2, false],
    [{ capacity: 5, enrolledSeats: 4, waitlistFamilies: 0 }, 2, false, 1, false],
    [{ capacity: 5, enrolledSeats: 5, waitlistFamilies: 0 }, 1, false, 0, true],
    [{ capacity: 5, enrolledSeats: 3, waitlistFamilies: 1 }, 1, false, 2, true],
  ])('%o seats=%i → seat %p, left %i, full %p', (c, seats, seat, left, full) => {
    expect(hasSeatFor(c, seats)).toBe(seat);
    expect(seatsLeft(c)).toBe(left);
    expect(isFull(c)).toBe(full);
  });
});

describe('canEnroll', () => {
  const none = null;
  const cases: [string, Partial<RuleCourse>, RuleEnrollment | null, Date, number, string][] = [
    ['open, seats free', {}, none, inWindow, 1, 'enrolled'],
    ['two guardians allowed', {}, none, inWindow, 2, 'enrolled'],
    ['three seats never', {}, none, inWindow, 3, 'ENROLLMENT_SEATS_EXCEEDED'],
    ['two guardians on a one-seat-per-family course', { seatsPerFamily: 1 }, none, inWindow, 2, 'ENROLLMENT_SEATS_EXCEEDED'],
    ['full → waitlist', { enrolledSeats: 50 }, none, inWindow, 1, 'waitlisted'],
    ['one seat left, family of two → waitlist', { enrolledSeats: 49 }, none, inWindow, 2, 'waitlisted'],
    ['seat free but people waiting → waitlist', { enrolledSeats: 40, waitlistFamilies: 3 }, none, inWindow, 1, 'waitlisted'],
    ['before the window', {}, none, T('2025-09-01T07:59:59'), 1, 'COURSE_NOT_OPEN'],
    ['window opening instant', {}, none, T('2025-09-01T08:00:00'), 1, 'enrolled'],
    ['window closing instant', {}, none, T('2025-09-10T18:00:00'), 1, 'enrolled'],
    ['after the window', {}, none, T('2025-09-10T18:00:01'), 1, 'COURSE_NOT_OPEN'],
    ['draft', { status: 'draft' }, none, inWindow, 1, 'COURSE_STATE_INVALID'],
    ['closed', { status: 'closed' }, none, inWindow, 1, 'COURSE_NOT_OPEN'],
    ['cancelled', { status: 'cancelled' }, none, inWindow, 1, 'COURSE_STATE_INVALID'],
    ['finished', { status: 'finished' }, none, inWindow, 1, 'COURSE_STATE_INVALID'],
    ['already enrolled', {}, { status: 'enrolled', seats: 1 }, inWindow, 1, 'ENROLLMENT_DUPLICATE'],
    ['already waiting', {}, { status: 'waitlisted', seats: 1 }, inWindow, 1, 'ENROLLMENT_DUPLICATE'],
    ['cancelled earlier → may enrol again', {}, { status: 'cancelled', seats: 1 }, inWindow, 1, 'enrolled'],
    ['removed earlier → may enrol again', {}, { status: 'removed', seats: 1 }, inWindow, 1, 'enrolled'],
    ['not for this grade', { audience: { kind: 'grades', gradeIds: ['G2'] } }, none, inWindow, 1, 'COURSE_NOT_FOR_YOU'],
    ['for this class', { audience: { kind: 'classes', classIds: ['C1'] } }, none, inWindow, 1, 'enrolled'],
  ];
  it.each(cases)('%s', (_n, patch, enrollment, now, seats, expected) => {
    const r = canEnroll({ ...base, ...patch }, fam, enrollment, now, seats);
    if (r.ok) expect(r.outcome).toBe(expected);
    else {
      expect(r.code).toBe(expected);
      expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('explains the window in Shanghai time', () => {
    const r = canEnroll(base, fam, null, T('2025-08-31T12:00:00'));
    expect(r).toEqual({ ok: false, code: 'COURSE_NOT_OPEN', reason: '报名将于9月1日 08:00开始' });
  });

  it('works on wire DTOs (ISO strings)', () => {
    const wire = { ...base, enrollOpensAt: '2025-09-01T00:00:00.000Z', enrollClosesAt: '2025-09-10T10:00:00.000Z' };
    expect(canEnroll(wire, fam, null, '2025-09-05T00:00:00.000Z')).toEqual({ ok: true, outcome: 'enrolled' });
  });
});

describe('canCancel', () => {
  const cases: [string, Partial<RuleCourse>, RuleEnrollment | null, Date, string][] = [
    ['enrolled before the deadline', {}, { status: 'enrolled', seats: 1 }, T('2025-09-11T11:59:00'), 'ok'],
    ['enrolled at the deadline', {}, { status: 'enrolled', seats: 1 }, T('2025-09-11T12:00:00'), 'ok'],
    ['enrolled after the deadline', {}, { status: 'enrolled', seats: 1 }, T('2025-09-11T12:00:01'), 'ENROLLMENT_CANCEL_CLOSED'],
    ['waitlisted after the deadline: may leave', {}, { status: 'waitlisted', seats: 1 }, T('2025-09-12T08:00:00'), 'ok'],
    ['nothing to cancel', {}, null, inWindow, 'ENROLLMENT_NOT_FOUND'],
    ['already cancelled', {}, { status: 'cancelled', seats: 1 }, inWindow, 'ENROLLMENT_NOT_FOUND'],
    ['course finished', { status: 'finished' }, { status: 'enrolled', seats: 1 }, inWindow, 'COURSE_STATE_INVALID'],
    ['course closed: still before the deadline', { status: 'closed' }, { status: 'enrolled', seats: 1 }, inWindow, 'ok'],
  ];
  it.each(cases)('%s', (_n, patch, e, now, expected) => {
    const r = canCancel({ ...base, ...patch }, e, now);
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });

  it.each([
    [{ status: 'enrolled' as const, seats: 1 }, 'published' as CourseStatus, 'ok'],
    [{ status: 'waitlisted' as const, seats: 1 }, 'closed' as CourseStatus, 'ok'],
    [{ status: 'cancelled' as const, seats: 1 }, 'published' as CourseStatus, 'ENROLLMENT_NOT_FOUND'],
    [{ status: 'enrolled' as const, seats: 1 }, 'finished' as CourseStatus, 'COURSE_STATE_INVALID'],
  ])('teacher removes %o from a %s course → %s', (e, status, expected) => {
    const r = canRemove({ status }, e);
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });
});

describe('enrollButton (what the detail page shows)', () => {
  it.each([
    ['seat free', {}, null, inWindow, { action: 'enroll', label: '立即报名', disabled: false }],
    ['full', { enrolledSeats: 50 }, null, inWindow, { action: 'waitlist', label: '加入候补', disabled: false }],
    ['enrolled', {}, { status: 'enrolled', seats: 1 }, inWindow, { action: 'cancel', label: '取消报名', disabled: false }],
    ['waiting', {}, { status: 'waitlisted', seats: 1 }, inWindow, { action: 'leaveWaitlist', label: '退出候补', disabled: false }],
  ] as const)('%s', (_n, patch, e, now, expected) => {
    expect(enrollButton({ ...base, ...patch }, fam, e, now)).toEqual(expected);
  });

  it('greys out with the reason', () => {
    expect(enrollButton(base, fam, { status: 'enrolled', seats: 1 }, T('2025-09-12T08:00:00'))).toMatchObject({ action: 'cancel', disabled: true, reason: expect.stringContaining('取消截止') });
    expect(enrollButton({ ...base, status: 'closed' }, fam, null, inWindow)).toMatchObject({ label: '报名已截止', disabled: true, reason: '报名已截止' });
    expect(enrollButton(base, null, null, inWindow)).toMatchObject({ disabled: true, reason: '请先绑定孩子' });
  });
});

describe('lifecycle', () => {
  const c = { startAt: base.startAt, enrollClosesAt: base.enrollClosesAt };
  it.each([
    ['draft', 'published', inWindow, 'ok'],
    ['draft', 'closed', inWindow, 'COURSE_STATE_INVALID'],
    ['draft', 'cancelled', inWindow, 'ok'],
    ['published', 'closed', inWindow, 'ok'],
    ['published', 'cancelled', inWindow, 'ok'],
    ['published', 'finished', inWindow, 'COURSE_STATE_INVALID'],
    ['published', 'finished', T('2025-09-12T21:00:00'), 'ok'],
    ['closed', 'published', inWindow, 'ok'],
    ['closed', 'published', T('2025-09-11T00:00:00'), 'COURSE_STATE_INVALID'],
    ['closed', 'finished', T('2025-09-12T19:00:00'), 'ok'],
    ['finished', 'published', inWindow, 'COURSE_STATE_INVALID'],
    ['cancelled', 'published', inWindow, 'COURSE_STATE_INVALID'],
    ['finished', 'cancelled', inWindow, 'COURSE_STATE_INVALID'],
  ] as [CourseStatus, CourseStatus, Date, string][])('%s → %s', (from, to, now, expected) => {
    const r = canTransition({ ...c, status: from }, to, now);
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });

  it.each([
    ['draft', 0, 5, 'ok'],
    ['published', 10, 20, 'ok'],
    ['published', 10, 10, 'ok'],
    ['published', 10, 9, 'COURSE_CAPACITY_TOO_LOW'],
    ['finished', 0, 50, 'COURSE_STATE_INVALID'],
    ['cancelled', 0, 50, 'COURSE_STATE_INVALID'],
  ] as [CourseStatus, number, number, string][])('edit %s with %i taken, capacity → %i', (status, enrolledSeats, capacity, expected) => {
    const r = canEdit({ status, enrolledSeats }, { capacity });
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });
});

describe('scheduleChanged', () => {
  const sched = { mode: { kind: 'offline' as const, place: '报告厅' }, sessions: [{ startAt: base.startAt, endAt: base.endAt }] };
  it.each([
    ['same', sched, false],
    ['same instant as a string', { ...sched, sessions: [{ startAt: (base.startAt as Date).toISOString(), endAt: (base.endAt as Date).toISOString() }] }, false],
    ['new place', { ...sched, mode: { kind: 'offline' as const, place: '三楼会议室' } }, true],
    ['moved online', { ...sched, mode: { kind: 'live' as const, link: 'https://meeting.example/1' } }, true],
    ['later start', { ...sched, sessions: [{ startAt: T('2025-09-12T19:30:00'), endAt: base.endAt }] }, true],
    ['session added', { ...sched, sessions: [...sched.sessions, { startAt: T('2025-09-19T19:00:00'), endAt: T('2025-09-19T20:00:00') }] }, true],
    ['session place', { ...sched, sessions: [{ ...sched.sessions[0], place: '操场' }] }, true],
  ])('%s → %p', (_n, after, expected) => {
    expect(scheduleChanged(sched, after)).toBe(expected);
  });

  it('counts toward text', () => {
    expect(countsTowardText('2025-2026-1', 2)).toBe('计入2025-2026学年第一学期家长学校学时，共2课时');
  });
});

describe('schemas', () => {
  const valid = {
    schoolId: 'S1',
    title: '青春期孩子的情绪管理',
    form: '专题讲座',
    topics: ['心理健康'],
    audience: { kind: 'grades', gradeIds: ['G7'] },
    speaker: { kind: 'expert', name: '陈老师', title: '国家二级心理咨询师' },
    mode: { kind: 'offline', place: '学校报告厅' },
    sessions: [{ startAt: '2025-09-12T11:00:00.000Z', endAt: '2025-09-12T12:30:00.000Z' }],
    capacity: 50,
    seatsPerFamily: 2,
    enrollOpensAt: '2025-09-01T00:00:00.000Z',
    enrollClosesAt: '2025-09-10T10:00:00.000Z',
    semester: '2025-2026-1',
  };
  it('accepts a complete course and coerces dates', () => {
    const r = CreateCourseInputSchema.safeParse(valid);
    expect(r.success).toBe(true);
    if (r.success) expect(r.data.sessions[0].startAt).toBeInstanceOf(Date);
  });
  it.each([
    ['unknown form', { form: '讲故事' }],
    ['no topic', { topics: [] }],
    ['expert without title', { speaker: { kind: 'expert', name: '陈老师' } }],
    ['offline without place', { mode: { kind: 'offline' } }],
    ['end before start', { sessions: [{ startAt: '2025-09-12T11:00:00.000Z', endAt: '2025-09-12T10:00:00.000Z' }] }],
    ['three seats per family', { seatsPerFamily: 3 }],
    ['zero capacity', { capacity: 0 }],
    ['window closes before it opens', { enrollClosesAt: '2025-08-01T00:00:00.000Z' }],
    ['window opens after the course starts', { enrollOpensAt: '2025-09-13T00:00:00.000Z', enrollClosesAt: '2025-09-14T00:00:00.000Z' }],
    ['bad semester', { semester: '2025秋' }],
    ['unknown field', { openid: 'x' }],
  ])('rejects %s', (_n, patch) => {
    expect(CreateCourseInputSchema.safeParse({ ...valid, ...patch }).success).toBe(false);
  });
  it('enrol input defaults to one seat', () => {
    expect(EnrollInputSchema.parse({ courseId: 'c', childId: 'k' })).toEqual({ courseId: 'c', childId: 'k', seats: 1 });
  });
});

describe('statusText (what the tag says)', () => {
  const c = { status: 'published' as CourseStatus, enrollOpensAt: base.enrollOpensAt, enrollClosesAt: base.enrollClosesAt, endAt: base.endAt };
  it.each([
    ['published, window open', 'published', inWindow, '报名中', 'green'],
    ['published, before the window', 'published', T('2025-08-30T10:00:00'), '9月1日 08:00开放报名', 'orange'],
    ['published, after the window', 'published', T('2025-09-11T10:00:00'), '报名已截止', 'grey'],
    ['published, course over', 'published', T('2025-09-13T10:00:00'), '已结束', 'grey'],
    ['closed', 'closed', inWindow, '报名已截止', 'grey'],
    ['draft', 'draft', inWindow, '草稿', 'grey'],
    ['cancelled', 'cancelled', inWindow, '已取消', 'grey'],
    ['finished', 'finished', inWindow, '已结束', 'grey'],
  ] as [string, CourseStatus, Date, string, string][])('%s', (_n, status, now, text, tone) => {
    expect(statusText({ ...c, status }, now)).toEqual({ text, tone });
  });
});

describe('cover images: a file of this environment under the school folder', () => {
  const env = 'prod-1a2b';
  it.each([
    ['cloud://prod-1a2b.7072-prod-1a2b-1250000000/course-covers/s1/abc_12-x.jpg', true],
    ['cloud://prod-1a2b.7072-prod-1a2b-1250000000/course-covers/s1/abc.PNG', true],
    ['cloud://other-env.7072-other-env-1250000000/course-covers/s1/abc.jpg', false],
    ['cloud://prod-1a2b.7072-prod-1a2b-1250000000/course-covers/s2/abc.jpg', false],
    ['cloud://prod-1a2b.7072-prod-1a2b-1250000000/course-covers/s1/../s2/abc.jpg', false],
    ['cloud://prod-1a2b.7072-prod-1a2b-1250000000/course-covers/s1/sub/abc.jpg', false],
    ['cloud://prod-1a2b.7072-prod-1a2b-1250000000/course-covers/s1/abc.exe', false],
    ['cloud://prod-1a2b.7072-prod-1a2b-1250000000/join-codes/abc.png', false],
    ['https://example.com/course-covers/s1/abc.jpg', false],
    ['course-covers/s1/abc.jpg', false],
  ])('%s → %p', (fileId, ok) => {
    expect(isCoverFileIdOf(fileId, env, 's1')).toBe(ok);
  });

  it('the path the app uploads to passes the same check', () => {
    const path = coverCloudPath('s1', 'wxfile://tmp_abc.JPEG', 'k9_x-1');
    expect(path).toBe('course-covers/s1/k9_x-1.jpeg');
    expect(isCoverFileIdOf(`cloud://${env}.bucket/${path}`, env, 's1')).toBe(true);
    expect(coverCloudPath('s1', 'blob:http://localhost/123', '../evil')).toBe('course-covers/s1/evil.jpg');
  });
});
