/**
 * The course form ↔ the course input: what the edit page holds (text as typed, dates and times
 * apart) and what createCourse / updateCourse take, and the check before saving — the server's own
 * schema, so the page names the same fields and limits the server would (types/common/validation).
 * Pure: no Taro, tested in course-form.test.ts.
 */
import { dayjs, shanghai, TZ } from '@shared/common/time';
import { semesterOf } from '@shared/course/course.rules';
import { CreateCourseInputSchema, type ClassHourRule, type CourseDetailDto, type CourseForm, type CourseTopic } from '@shared/course/course.schema';
import { checkInput, type FieldIssue } from '@shared/common/validation';

/** The longest text each field takes (the server's limits, told as the user types). */
export const LIMITS = { title: 40, summary: 1000, speakerName: 20, speakerTitle: 40, speakerOrg: 60, place: 60, link: 500 } as const;

export interface SessionForm {
  sessionId?: string;
  date: string;
  start: string;
  end: string;
}

export interface Form {
  title: string;
  summary: string;
  form: CourseForm;
  topics: CourseTopic[];
  audienceKind: 'school' | 'grades' | 'classes' | 'alliance';
  gradeIds: string[];
  classIds: string[];
  schoolIds: string[];
  speakerKind: 'staff' | 'expert';
  staffId: string;
  speakerName: string;
  speakerTitle: string;
  speakerOrg: string;
  modeKind: 'offline' | 'live' | 'recorded';
  place: string;
  link: string;
  sessions: SessionForm[];
  capacity: string;
  seatsPerFamily: '1' | '2';
  opensDate: string;
  opensTime: string;
  closesDate: string;
  closesTime: string;
  cancelDate: string;
  cancelTime: string;
  semester: string;
  /** cloud:// fileID of the cover ('' = none). */
  coverFileId: string;
}

export const at = (date: string, time: string) => dayjs.tz(`${date} ${time}`, TZ).toDate();

export function defaults(): Form {
  const start = shanghai().add(7, 'day').hour(19).minute(0);
  return {
    title: '',
    summary: '',
    form: '专题讲座',
    topics: ['心理健康'],
    audienceKind: 'school',
    gradeIds: [],
    classIds: [],
    schoolIds: [],
    speakerKind: 'staff',
    staffId: '',
    speakerName: '',
    speakerTitle: '',
    speakerOrg: '',
    modeKind: 'offline',
    place: '学校报告厅',
    link: '',
    sessions: [{ date: start.format('YYYY-MM-DD'), start: '19:00', end: '20:30' }],
    capacity: '50',
    seatsPerFamily: '1',
    opensDate: shanghai().format('YYYY-MM-DD'),
    opensTime: '00:00',
    closesDate: start.subtract(1, 'day').format('YYYY-MM-DD'),
    closesTime: '18:00',
    cancelDate: start.subtract(1, 'day').format('YYYY-MM-DD'),
    cancelTime: '18:00',
    semester: semesterOf(new Date()),
    coverFileId: '',
  };
}

export function fromCourse(c: CourseDetailDto): Form {
  const d = (iso: string) => shanghai(iso).format('YYYY-MM-DD');
  const t = (iso: string) => shanghai(iso).format('HH:mm');
  return {
    title: c.title,
    summary: c.summary,
    form: c.form,
    topics: c.topics,
    audienceKind: c.audience.kind,
    gradeIds: c.audience.kind === 'grades' ? c.audience.gradeIds : [],
    classIds: c.audience.kind === 'classes' ? c.audience.classIds : [],
    schoolIds: c.audience.kind === 'alliance' ? c.audience.schoolIds : [],
    speakerKind: c.speaker.kind,
    staffId: c.speaker.kind === 'staff' ? c.speaker.staffId ?? '' : '',
    speakerName: c.speaker.name,
    speakerTitle: c.speaker.title ?? '',
    speakerOrg: c.speaker.kind === 'expert' ? c.speaker.organization ?? '' : '',
    modeKind: c.mode.kind,
    place: c.mode.kind === 'offline' ? c.mode.place : '',
    link: c.mode.kind === 'live' ? c.mode.link : c.mode.kind === 'recorded' ? c.mode.link ?? '' : '',
    sessions: c.sessions.map((s) => ({ sessionId: s.sessionId, date: d(s.startAt), start: t(s.startAt), end: t(s.endAt) })),
    capacity: String(c.capacity),
    seatsPerFamily: String(c.seatsPerFamily) as '1' | '2',
    opensDate: d(c.enrollOpensAt),
    opensTime: t(c.enrollOpensAt),
    closesDate: d(c.enrollClosesAt),
    closesTime: t(c.enrollClosesAt),
    cancelDate: d(c.cancelDeadline),
    cancelTime: t(c.cancelDeadline),
    semester: c.semester,
    coverFileId: c.coverFileId ?? '',
  };
}

export function toInput(f: Form) {
  const audience =
    f.audienceKind === 'grades'
      ? { kind: 'grades' as const, gradeIds: f.gradeIds }
      : f.audienceKind === 'classes'
        ? { kind: 'classes' as const, classIds: f.classIds }
        : f.audienceKind === 'alliance'
          ? { kind: 'alliance' as const, schoolIds: f.schoolIds }
          : { kind: 'school' as const };
  const speaker =
    f.speakerKind === 'expert'
      ? { kind: 'expert' as const, name: f.speakerName, title: f.speakerTitle, ...(f.speakerOrg ? { organization: f.speakerOrg } : {}) }
      : { kind: 'staff' as const, ...(f.staffId ? { staffId: f.staffId } : {}), name: f.speakerName, ...(f.speakerTitle ? { title: f.speakerTitle } : {}) };
  const mode = f.modeKind === 'offline' ? { kind: 'offline' as const, place: f.place } : f.modeKind === 'live' ? { kind: 'live' as const, link: f.link } : { kind: 'recorded' as const, ...(f.link ? { link: f.link } : {}) };
  return {
    title: f.title,
    summary: f.summary,
    form: f.form,
    topics: f.topics,
    audience,
    speaker,
    mode,
    sessions: f.sessions.map((s) => ({ ...(s.sessionId ? { sessionId: s.sessionId } : {}), startAt: at(s.date, s.start).toISOString(), endAt: at(s.date, s.end).toISOString() })),
    capacity: capacityOf(f.capacity),
    seatsPerFamily: (f.seatsPerFamily === '2' ? 2 : 1) as 1 | 2,
    enrollOpensAt: at(f.opensDate, f.opensTime).toISOString(),
    enrollClosesAt: at(f.closesDate, f.closesTime).toISOString(),
    cancelDeadline: at(f.cancelDate, f.cancelTime).toISOString(),
    semester: f.semester,
    coverFileId: f.coverFileId,
  };
}


/** The number typed as the capacity: digits only ("-30" and "3.5" stay what they are and are refused, never made positive). */
export function capacityOf(text: string): number {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/** What the server would refuse in this form, field by field (null: nothing). */
export function formIssues(f: Form, schoolId: string): FieldIssue[] | null {
  return checkInput(CreateCourseInputSchema, { schoolId, ...toInput(f) });
}

/** Which form control shows a rejected input path ('mode.place' → place, 'speaker.name' → speakerName …). */
export function controlOf(path: string): string {
  const [head, second] = path.split('.');
  if (head === 'speaker') return second === 'name' ? 'speakerName' : second === 'organization' ? 'speakerOrg' : 'speakerTitle';
  if (head === 'mode') return second === 'place' ? 'place' : 'link';
  if (head === 'audience') return 'audience';
  if (head === 'enrollOpensAt') return 'opens';
  if (head === 'enrollClosesAt') return 'closes';
  if (head === 'cancelDeadline') return 'cancel';
  return head;
}

// ---- what the field components offer and how a tap changes the form (pure, tested) ----

export interface Choice<T extends string = string> {
  value: T;
  label: string;
}

export const SPEAKER_CHOICES: Choice<Form['speakerKind']>[] = [
  { value: 'staff', label: '本校教师' },
  { value: 'expert', label: '校外专家' },
];
export const MODE_CHOICES: Choice<Form['modeKind']>[] = [
  { value: 'offline', label: '线下' },
  { value: 'live', label: '线上直播' },
  { value: 'recorded', label: '录播微课' },
];
export const SEATS_CHOICES: Choice<Form['seatsPerFamily']>[] = [
  { value: '1', label: '1人' },
  { value: '2', label: '2人（父母均可参加）' },
];

/** 面向: 教联体成员校 only for a school in an alliance with other schools. */
export function audienceChoices(hasAllianceSchools: boolean): Choice<Form['audienceKind']>[] {
  return [
    { value: 'school', label: '全校' },
    { value: 'grades', label: '按年级' },
    { value: 'classes', label: '按班级' },
    ...(hasAllianceSchools ? [{ value: 'alliance' as const, label: '教联体成员校' }] : []),
  ];
}

/** Every class of the school, named with its grade once ("三年级" + "1班" or "三年级1班" → 三年级1班). */
export function classChoices(grades: { name: string; classes: { _id: string; name: string }[] }[]): Choice[] {
  return grades.flatMap((g) => g.classes.map((c) => ({ value: c._id, label: `${g.name}${c.name.startsWith(g.name) ? c.name.slice(g.name.length) : c.name}` })));
}

/** A staff member as a speaker chip: 王芳·班主任 (first position). */
export function staffChoice(m: { _id: string; name: string; positions: { title: string }[] }): Choice {
  return { value: m._id, label: `${m.name}${m.positions[0] ? `·${m.positions[0].title}` : ''}` };
}

/** Picking a staff member fills the speaker's name and title; clearing the pick keeps what was typed. */
export function withStaffSpeaker(m: { _id: string; name: string; positions: { title: string }[] } | undefined): Partial<Form> {
  return m ? { staffId: m._id, speakerName: m.name, speakerTitle: m.positions[0]?.title ?? '' } : { staffId: '' };
}

export function withSession(f: Form, i: number, patch: Partial<SessionForm>): Form {
  return { ...f, sessions: f.sessions.map((s, k) => (k === i ? { ...s, ...patch } : s)) };
}

/** Without session i (the last one stays: a course has at least one). */
export function withoutSession(f: Form, i: number): Form {
  return f.sessions.length > 1 ? { ...f, sessions: f.sessions.filter((_, k) => k !== i) } : f;
}

/** ＋ 添加一次课: a week after the last one, at the same times. */
export function withNextSession(f: Form): Form {
  const last = f.sessions[f.sessions.length - 1];
  return { ...f, sessions: [...f.sessions, { date: dayjs(last.date).add(7, 'day').format('YYYY-MM-DD'), start: last.start, end: last.end }] };
}

/** The sessions as times, for the class-hour rule. */
export function sessionTimes(f: Form): { startAt: Date; endAt: Date }[] {
  return f.sessions.map((s) => ({ startAt: at(s.date, s.start), endAt: at(s.date, s.end) }));
}

/** Did the school change its class-hour rule since the course was saved (a save recounts the hours)? */
export function ruleChanged(saved: ClassHourRule | undefined, current: ClassHourRule | undefined): boolean {
  return !!saved && !!current && (saved.minutesPerClassHour !== current.minutesPerClassHour || (saved.rounding ?? 'half') !== (current.rounding ?? 'half'));
}
