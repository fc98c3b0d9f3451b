/** The course form ↔ input mapping and its check (issue 15, items 7 and 10): table-driven, pure. */
import type { ClassHourRule } from '@shared/course/course.schema';
import {
  audienceChoices,
  capacityOf,
  classChoices,
  controlOf,
  defaults,
  formIssues,
  fromCourse,
  ruleChanged,
  staffChoice,
  toInput,
  withNextSession,
  withoutSession,
  withSession,
  withStaffSpeaker,
  type Form,
} from './course-form';

const base = (): Form => ({ ...defaults(), title: '读懂孩子的情绪', speakerName: '王老师' });
const issues = (patch: Partial<Form>) => (formIssues({ ...base(), ...patch }, 'school-a') ?? []).map((i) => [controlOf(i.path), i.message]);

describe('the check before saving names each field and its limit', () => {
  it.each([
    ['a good form', {}, []],
    ['no title', { title: '' }, [['title', '请填写标题']]],
    ['a title of 41 characters', { title: '长'.repeat(41) }, [['title', '标题最多 40 个字']]],
    ['a negative capacity', { capacity: '-30' }, [['capacity', '名额不能小于 1']]],
    ['a capacity of 0', { capacity: '0' }, [['capacity', '名额不能小于 1']]],
    ['a capacity of 5001', { capacity: '5001' }, [['capacity', '名额不能大于 5000']]],
    ['a capacity of 3.5', { capacity: '3.5' }, [['capacity', '名额须为整数']]],
    ['no capacity', { capacity: '' }, [['capacity', '名额须为数字']]],
    ['no place', { place: '' }, [['place', '请填写地点']]],
    ['no speaker', { speakerName: '' }, [['speakerName', '请填写主讲人姓名']]],
    ['an expert without a title', { speakerKind: 'expert', speakerTitle: '' }, [['speakerTitle', '请填写主讲人职务或职称']]],
  ] as [string, Partial<Form>, string[][]][])('%s', (_label, patch, expected) => {
    expect(issues(patch)).toEqual(expected);
  });
});

describe('capacity as typed', () => {
  it.each([
    ['30', 30],
    [' 30 ', 30],
    ['-30', -30],
    ['3.5', 3.5],
    ['', NaN],
    ['三十', NaN],
  ])('%p → %p', (text, n) => expect(capacityOf(text)).toBe(n));
});

it('a course read back into the form gives the same input', () => {
  const input = toInput(base());
  const dto = {
    ...input,
    courseId: 'c1',
    schoolId: 'school-a',
    status: 'draft',
    sessions: input.sessions.map((s, i) => ({ ...s, sessionId: `s${i}`, place: undefined, classHours: 2 })),
    coverFileId: undefined,
  } as unknown as Parameters<typeof fromCourse>[0];
  const again = toInput(fromCourse(dto));
  expect({ ...again, sessions: again.sessions.map(({ startAt, endAt }) => ({ startAt, endAt })), coverFileId: input.coverFileId }).toEqual({ ...input, sessions: input.sessions.map(({ startAt, endAt }) => ({ startAt, endAt })) });
});

describe('form → input, field by field', () => {
  const input = (patch: Partial<Form>) => toInput({ ...base(), ...patch });
  it.each([
    ['the whole school', {}, { kind: 'school' }],
    ['some grades', { audienceKind: 'grades', gradeIds: ['g3'], classIds: ['c1'] }, { kind: 'grades', gradeIds: ['g3'] }],
    ['some classes', { audienceKind: 'classes', classIds: ['c1', 'c2'] }, { kind: 'classes', classIds: ['c1', 'c2'] }],
    ['the alliance', { audienceKind: 'alliance', schoolIds: ['s2'] }, { kind: 'alliance', schoolIds: ['s2'] }],
  ] as [string, Partial<Form>, unknown][])('audience: %s', (_l, patch, audience) => expect(input(patch).audience).toEqual(audience));

  it.each([
    ['a staff member picked', { staffId: 'st1', speakerName: '王芳', speakerTitle: '班主任' }, { kind: 'staff', staffId: 'st1', name: '王芳', title: '班主任' }],
    ['a staff member typed, no title', { speakerName: '王芳', speakerTitle: '' }, { kind: 'staff', name: '王芳' }],
    ['an expert with a unit', { speakerKind: 'expert', speakerName: '李教授', speakerTitle: '教授', speakerOrg: '师范大学' }, { kind: 'expert', name: '李教授', title: '教授', organization: '师范大学' }],
    ['an expert without a unit', { speakerKind: 'expert', speakerName: '李教授', speakerTitle: '教授' }, { kind: 'expert', name: '李教授', title: '教授' }],
  ] as [string, Partial<Form>, unknown][])('speaker: %s', (_l, patch, speaker) => expect(input(patch).speaker).toEqual(speaker));

  it.each([
    ['offline', { modeKind: 'offline', place: '报告厅', link: 'https://x' }, { kind: 'offline', place: '报告厅' }],
    ['live', { modeKind: 'live', link: 'https://live' }, { kind: 'live', link: 'https://live' }],
    ['recorded with a link', { modeKind: 'recorded', link: 'https://v' }, { kind: 'recorded', link: 'https://v' }],
    ['recorded without a link', { modeKind: 'recorded', link: '' }, { kind: 'recorded' }],
  ] as [string, Partial<Form>, unknown][])('mode: %s', (_l, patch, mode) => expect(input(patch).mode).toEqual(mode));

  it.each([
    ['Beijing time 19:00 on 2026-12-10', { date: '2026-12-10', start: '19:00', end: '20:30' }, '2026-12-10T11:00:00.000Z', '2026-12-10T12:30:00.000Z'],
    ['just after midnight', { date: '2026-12-11', start: '00:30', end: '01:00' }, '2026-12-10T16:30:00.000Z', '2026-12-10T17:00:00.000Z'],
  ])('session times: %s', (_l, s, startAt, endAt) => expect(input({ sessions: [s] }).sessions).toEqual([{ startAt, endAt }]));

  it('keeps a session id when editing', () => expect(input({ sessions: [{ sessionId: 's1', date: '2026-12-10', start: '19:00', end: '20:00' }] }).sessions[0].sessionId).toBe('s1'));
  it.each([
    ['1', 1],
    ['2', 2],
  ] as const)('seats per family %p → %p', (text, n) => expect(input({ seatsPerFamily: text }).seatsPerFamily).toBe(n));
});

describe('which control shows a rejected path', () => {
  it.each([
    ['title', 'title'],
    ['speaker.name', 'speakerName'],
    ['speaker.title', 'speakerTitle'],
    ['speaker.organization', 'speakerOrg'],
    ['mode.place', 'place'],
    ['mode.link', 'link'],
    ['audience.gradeIds', 'audience'],
    ['enrollOpensAt', 'opens'],
    ['enrollClosesAt', 'closes'],
    ['cancelDeadline', 'cancel'],
    ['sessions.0.startAt', 'sessions'],
    ['capacity', 'capacity'],
  ])('%s → %s', (path, control) => expect(controlOf(path)).toBe(control));
});

describe('what a tap does to the form', () => {
  const two = (): Form => ({ ...base(), sessions: [{ date: '2026-12-10', start: '19:00', end: '20:30' }, { date: '2026-12-17', start: '19:00', end: '20:30' }] });
  it('changes one session', () => expect(withSession(two(), 1, { start: '18:30' }).sessions.map((s) => s.start)).toEqual(['19:00', '18:30']));
  it.each([
    ['removes a session', two(), 0, ['2026-12-17']],
    ['keeps the only session', { ...base(), sessions: [{ date: '2026-12-10', start: '19:00', end: '20:00' }] }, 0, ['2026-12-10']],
  ] as [string, Form, number, string[]][])('%s', (_l, f, i, dates) => expect(withoutSession(f, i).sessions.map((s) => s.date)).toEqual(dates));
  it('adds a session a week after the last, at its times', () =>
    expect(withNextSession({ ...two(), sessions: [{ date: '2026-12-28', start: '18:00', end: '19:00' }] }).sessions[1]).toEqual({ date: '2027-01-04', start: '18:00', end: '19:00' }));

  it.each([
    ['a staff member with a position', { _id: 'st1', name: '王芳', positions: [{ title: '班主任' }] }, { value: 'st1', label: '王芳·班主任' }, { staffId: 'st1', speakerName: '王芳', speakerTitle: '班主任' }],
    ['without a position', { _id: 'st2', name: '李强', positions: [] }, { value: 'st2', label: '李强' }, { staffId: 'st2', speakerName: '李强', speakerTitle: '' }],
  ])('speaker chip: %s', (_l, m, chip, patch) => {
    expect(staffChoice(m)).toEqual(chip);
    expect(withStaffSpeaker(m)).toEqual(patch);
  });
  it('clearing the staff pick keeps the typed name', () => expect(withStaffSpeaker(undefined)).toEqual({ staffId: '' }));

  it.each([
    ['class names that repeat the grade', [{ name: '三年级', classes: [{ _id: 'c1', name: '三年级1班' }] }], ['三年级1班']],
    ['class names without the grade', [{ name: '七年级', classes: [{ _id: 'c2', name: '2班' }] }], ['七年级2班']],
  ])('class chips: %s', (_l, grades, labels) => expect(classChoices(grades).map((c) => c.label)).toEqual(labels));

  it.each([
    [false, ['school', 'grades', 'classes']],
    [true, ['school', 'grades', 'classes', 'alliance']],
  ])('audience choices in an alliance: %p', (alliance, values) => expect(audienceChoices(alliance).map((c) => c.value)).toEqual(values));

  it.each([
    ['not saved yet', undefined, { minutesPerClassHour: 45, rounding: 'half' }, false],
    ['the rule not read yet', { minutesPerClassHour: 45, rounding: 'half' }, undefined, false],
    ['the same rule', { minutesPerClassHour: 45, rounding: 'half' }, { minutesPerClassHour: 45 }, false],
    ['other minutes', { minutesPerClassHour: 45, rounding: 'half' }, { minutesPerClassHour: 60, rounding: 'half' }, true],
    ['other rounding', { minutesPerClassHour: 45 }, { minutesPerClassHour: 45, rounding: 'whole' }, true],
  ] as [string, ClassHourRule | undefined, ClassHourRule | undefined, boolean][])('rule changed since saved: %s', (_l, saved, current, changed) => expect(ruleChanged(saved, current)).toBe(changed));
});
