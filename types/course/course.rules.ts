/**
 * Course rules shared by the app and the server: the app greys a button with the same rule the
 * server enforces. Pure functions over plain values; dates may be Date (server) or ISO strings (app).
 */
import type { ErrorCode } from '../common/errors';
import { shanghai } from '../common/time';
import {
  CLASS_HOUR_ROUNDING_LABELS,
  DEFAULT_CLASS_HOUR_RULE,
  type Audience,
  type ClassHourRule,
  type CourseStatus,
  type EnrollmentStatus,
  type Mode,
} from './course.schema';

type When = Date | string;
const ms = (d: When): number => (d instanceof Date ? d.getTime() : new Date(d).getTime());
const fmt = (d: When): string => shanghai(d instanceof Date ? d : new Date(d)).format('M月D日 HH:mm');

export type RuleResult<T = object> = ({ ok: true } & T) | { ok: false; code: ErrorCode; reason: string };

function no(code: ErrorCode, reason: string): { ok: false; code: ErrorCode; reason: string } {
  return { ok: false, code, reason };
}

// ---------- class hours ----------
/**
 * Class hours (课时) of a session: its minutes over the school's rule, rounded down to half or
 * whole 课时 as the rule says (half when the rule predates rounding).
 */
export function classHoursFor(minutes: number, rule: ClassHourRule = DEFAULT_CLASS_HOUR_RULE): number {
  if (!(minutes > 0) || !(rule.minutesPerClassHour > 0)) return 0;
  const steps = rule.rounding === 'whole' ? 1 : 2;
  return Math.floor((minutes / rule.minutesPerClassHour) * steps + 1e-9) / steps;
}

/** The rule in words, e.g. "45分钟 = 1课时，按半课时计（不足半课时舍去）". */
export function classHourRuleText(rule: ClassHourRule = DEFAULT_CLASS_HOUR_RULE): string {
  return `${rule.minutesPerClassHour}分钟 = 1课时，${CLASS_HOUR_ROUNDING_LABELS[rule.rounding ?? 'half']}`;
}

/** Total class hours of a list of sessions under a rule (what the edit page shows live). */
export function totalClassHours(sessions: { startAt: When; endAt: When }[], rule: ClassHourRule = DEFAULT_CLASS_HOUR_RULE): number {
  return sessions.reduce((sum, s) => sum + sessionClassHours(s, rule), 0);
}

export function sessionClassHours(session: { startAt: When; endAt: When }, rule: ClassHourRule = DEFAULT_CLASS_HOUR_RULE): number {
  return classHoursFor(Math.round((ms(session.endAt) - ms(session.startAt)) / 60_000), rule);
}

// ---------- audience ----------
export interface Family {
  familyId: string;
  schoolId: string;
  gradeId: string;
  classId: string;
}

/** Index keys of an audience ('school:<id>' | 'grade:<id>' | 'class:<id>'), stored on the course. */
export function audienceKeysFor(schoolId: string, audience: Audience): string[] {
  switch (audience.kind) {
    case 'school':
      return [`school:${schoolId}`];
    case 'grades':
      return [...new Set(audience.gradeIds)].map((g) => `grade:${g}`);
    case 'classes':
      return [...new Set(audience.classIds)].map((c) => `class:${c}`);
    case 'alliance':
      return [...new Set([schoolId, ...audience.schoolIds])].map((s) => `school:${s}`);
  }
}

/** The keys a family matches: its school, its grade, its class. */
export function familyKeys(family: Pick<Family, 'schoolId' | 'gradeId' | 'classId'>): string[] {
  return [`school:${family.schoolId}`, `grade:${family.gradeId}`, `class:${family.classId}`];
}

/** Is the course meant for this family (whole school, its grade, its class, or a 教联体 member school)? */
export function audienceMatches(course: { schoolId: string; audience: Audience }, family: Pick<Family, 'schoolId' | 'gradeId' | 'classId'>): boolean {
  const a = course.audience;
  // Grades and classes belong to the owner school: a family of another school never matches them.
  if (a.kind !== 'alliance' && family.schoolId !== course.schoolId) return false;
  const keys = new Set(audienceKeysFor(course.schoolId, a));
  return familyKeys(family).some((k) => keys.has(k));
}

// ---------- seats ----------
export interface SeatCounts {
  capacity: number;
  enrolledSeats: number;
  waitlistFamilies: number;
}

export function seatsLeft(c: SeatCounts): number {
  return Math.max(0, c.capacity - c.enrolledSeats);
}

/** A newcomer gets a seat only when seats are free AND nobody is waiting (the waitlist goes first). */
export function hasSeatFor(c: SeatCounts, seats: number): boolean {
  return c.waitlistFamilies === 0 && c.enrolledSeats + seats <= c.capacity;
}

/** No seat for a newcomer right now. */
export function isFull(c: SeatCounts): boolean {
  return c.waitlistFamilies > 0 || c.enrolledSeats >= c.capacity;
}

// ---------- enrolment ----------
export interface RuleCourse extends SeatCounts {
  schoolId: string;
  audience: Audience;
  status: CourseStatus;
  seatsPerFamily: number;
  enrollOpensAt: When;
  enrollClosesAt: When;
  cancelDeadline: When;
  startAt: When;
  endAt: When;
}

export interface RuleEnrollment {
  status: EnrollmentStatus;
  seats: number;
}

export function isLive(e: RuleEnrollment | null | undefined): e is RuleEnrollment {
  return !!e && (e.status === 'enrolled' || e.status === 'waitlisted');
}

function stateReason(status: CourseStatus): { ok: false; code: ErrorCode; reason: string } | null {
  switch (status) {
    case 'draft':
      return no('COURSE_STATE_INVALID', '课程尚未发布');
    case 'cancelled':
      return no('COURSE_STATE_INVALID', '课程已取消');
    case 'finished':
      return no('COURSE_STATE_INVALID', '课程已结束');
    case 'closed':
      return no('COURSE_NOT_OPEN', '报名已截止');
    default:
      return null;
  }
}

/**
 * May this family enrol now, and would it get a seat or a waitlist place?
 * `enrollment` is the family's existing record for this course (any status) or null.
 */
export function canEnroll(
  course: RuleCourse,
  family: Pick<Family, 'schoolId' | 'gradeId' | 'classId'>,
  enrollment: RuleEnrollment | null | undefined,
  now: When,
  seats = 1,
): RuleResult<{ outcome: 'enrolled' | 'waitlisted' }> {
  const state = stateReason(course.status);
  if (state) return state;
  if (!audienceMatches(course, family)) return no('COURSE_NOT_FOR_YOU', '该课程不面向您孩子所在的年级或班级');
  if (isLive(enrollment)) {
    return no('ENROLLMENT_DUPLICATE', enrollment.status === 'enrolled' ? '您的家庭已报名该课程' : '您的家庭已在候补名单中');
  }
  const t = ms(now);
  if (t < ms(course.enrollOpensAt)) return no('COURSE_NOT_OPEN', `报名将于${fmt(course.enrollOpensAt)}开始`);
  if (t > ms(course.enrollClosesAt)) return no('COURSE_NOT_OPEN', `报名已于${fmt(course.enrollClosesAt)}截止`);
  if (t >= ms(course.endAt)) return no('COURSE_NOT_OPEN', '课程已结束');
  if (!Number.isInteger(seats) || seats < 1) return no('VALIDATION_FAILED', '报名人数有误');
  if (seats > course.seatsPerFamily) return no('ENROLLMENT_SEATS_EXCEEDED', `每个家庭最多报名${course.seatsPerFamily}人`);
  if (seats > course.capacity) return no('ENROLLMENT_SEATS_EXCEEDED', `本课程共${course.capacity}个名额`);
  return { ok: true, outcome: hasSeatFor(course, seats) ? 'enrolled' : 'waitlisted' };
}

/** May the family cancel its enrolment (or leave the waitlist) now? */
export function canCancel(
  course: Pick<RuleCourse, 'status' | 'cancelDeadline'>,
  enrollment: RuleEnrollment | null | undefined,
  now: When,
): RuleResult {
  if (!isLive(enrollment)) return no('ENROLLMENT_NOT_FOUND', '没有找到您的报名记录');
  if (course.status === 'finished' || course.status === 'cancelled') return stateReason(course.status)!;
  // Leaving the waitlist frees nobody's seat: always allowed while the course runs.
  if (enrollment.status === 'waitlisted') return { ok: true };
  if (ms(now) > ms(course.cancelDeadline)) return no('ENROLLMENT_CANCEL_CLOSED', `取消截止时间为${fmt(course.cancelDeadline)}，如需请假请联系老师`);
  return { ok: true };
}

/** May a teacher remove a family's enrolment? */
export function canRemove(course: Pick<RuleCourse, 'status'>, enrollment: RuleEnrollment | null | undefined): RuleResult {
  if (!isLive(enrollment)) return no('ENROLLMENT_NOT_FOUND', '没有找到该家庭的报名记录');
  if (course.status === 'finished' || course.status === 'cancelled') return stateReason(course.status)!;
  return { ok: true };
}

// ---------- what the enrol button shows ----------
export type EnrollAction = 'enroll' | 'waitlist' | 'cancel' | 'leaveWaitlist' | 'none';
export interface EnrollButton {
  action: EnrollAction;
  label: string;
  disabled: boolean;
  /** Why the button is disabled (shown under it). */
  reason?: string;
}

/** The detail page's main button, decided by the same rules the server enforces. */
export function enrollButton(
  course: RuleCourse,
  family: Pick<Family, 'schoolId' | 'gradeId' | 'classId'> | null,
  enrollment: RuleEnrollment | null | undefined,
  now: When,
  seats = 1,
): EnrollButton {
  if (isLive(enrollment)) {
    const action: EnrollAction = enrollment.status === 'enrolled' ? 'cancel' : 'leaveWaitlist';
    const label = action === 'cancel' ? '取消报名' : '退出候补';
    const c = canCancel(course, enrollment, now);
    return c.ok ? { action, label, disabled: false } : { action, label, disabled: true, reason: c.reason };
  }
  if (!family) return { action: 'none', label: '立即报名', disabled: true, reason: '请先绑定孩子' };
  const r = canEnroll(course, family, enrollment, now, seats);
  if (!r.ok) return { action: 'none', label: course.status === 'closed' ? '报名已截止' : '立即报名', disabled: true, reason: r.reason };
  return r.outcome === 'enrolled' ? { action: 'enroll', label: '立即报名', disabled: false } : { action: 'waitlist', label: '加入候补', disabled: false };
}

// ---------- lifecycle ----------
const TRANSITIONS: Record<CourseStatus, CourseStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['closed', 'finished', 'cancelled'],
  closed: ['published', 'finished', 'cancelled'],
  finished: [],
  cancelled: [],
};

export function canTransition(course: { status: CourseStatus; startAt: When; enrollClosesAt: When }, to: CourseStatus, now: When): RuleResult {
  if (!TRANSITIONS[course.status].includes(to)) {
    return no('COURSE_STATE_INVALID', `课程当前为“${STATUS_WORDS[course.status]}”，不能${ACTION_WORDS[to]}`);
  }
  if (to === 'finished' && ms(now) < ms(course.startAt)) return no('COURSE_STATE_INVALID', '课程尚未开始，不能结课');
  if (to === 'published' && ms(now) > ms(course.enrollClosesAt)) return no('COURSE_STATE_INVALID', '报名截止时间已过，请先修改报名时间');
  return { ok: true };
}

const STATUS_WORDS: Record<CourseStatus, string> = { draft: '草稿', published: '报名中', closed: '报名已截止', finished: '已结束', cancelled: '已取消' };
const ACTION_WORDS: Record<CourseStatus, string> = { draft: '改为草稿', published: '发布', closed: '截止报名', finished: '结课', cancelled: '取消' };

/** May the course still be edited? Capacity never below the seats already taken. */
export function canEdit(course: { status: CourseStatus; enrolledSeats: number }, change: { capacity?: number }): RuleResult {
  if (course.status === 'finished' || course.status === 'cancelled') return no('COURSE_STATE_INVALID', '已结束或已取消的课程不能修改');
  if (change.capacity !== undefined && change.capacity < course.enrolledSeats) {
    return no('COURSE_CAPACITY_TOO_LOW', `已有${course.enrolledSeats}人报名，名额不能少于此数`);
  }
  return { ok: true };
}

// ---------- change notices ----------
export interface ScheduleLike {
  mode: Mode;
  sessions: { startAt: When; endAt: When; place?: string }[];
}

function placeOf(mode: Mode): string {
  return mode.kind === 'offline' ? `offline:${mode.place}` : mode.kind === 'live' ? `live:${mode.link}` : 'recorded';
}

/** Did time or place change in a way enrolled families must be told about? */
export function scheduleChanged(before: ScheduleLike, after: ScheduleLike): boolean {
  if (placeOf(before.mode) !== placeOf(after.mode)) return true;
  if (before.sessions.length !== after.sessions.length) return true;
  return before.sessions.some((s, i) => {
    const a = after.sessions[i];
    return ms(s.startAt) !== ms(a.startAt) || ms(s.endAt) !== ms(a.endAt) || (s.place ?? '') !== (a.place ?? '');
  });
}

/** "计入2025-2026学年第一学期家长学校学时，共2课时" */
export function countsTowardText(semester: string, totalClassHours: number): string {
  return `计入${semesterLabel(semester)}家长学校学时，共${totalClassHours}课时`;
}

/** The term a date falls in: "2026-2027-1" for Aug–Jan, "2025-2026-2" for Feb–Jul (Asia/Shanghai). */
export function semesterOf(d: When): string {
  const s = shanghai(d instanceof Date ? d : new Date(d));
  const y = s.year();
  const m = s.month() + 1;
  if (m >= 8) return `${y}-${y + 1}-1`;
  if (m === 1) return `${y - 1}-${y}-1`;
  return `${y - 1}-${y}-2`;
}

/** "2025-2026-1" → "2025-2026": the school year whose settings (class-hour rule) apply. */
export function schoolYearOfSemester(semester: string): string {
  return semester.slice(0, 9);
}

// ---------- cover images ----------
/** Where a school's course covers live in cloud storage. */
export function coverFolder(schoolId: string): string {
  return `course-covers/${schoolId}/`;
}

/** A fresh cloud path for a cover picked from `localPath` (keeps an image extension). */
export function coverCloudPath(schoolId: string, localPath: string, nonce: string): string {
  const ext = /\.(jpe?g|png|webp|gif)$/i.exec(localPath)?.[1]?.toLowerCase() ?? 'jpg';
  return `${coverFolder(schoolId)}${nonce.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'cover'}.${ext}`;
}

/**
 * Is `fileId` a cover of this school in this cloud environment?
 * cloud://<envId>.<bucket>/course-covers/<schoolId>/<name> with a plain file name.
 */
export function isCoverFileIdOf(fileId: string, envId: string, schoolId: string): boolean {
  const m = /^cloud:\/\/([^/.]+)\.([^/]+)\/(.+)$/.exec(fileId);
  if (!m || !envId || m[1] !== envId) return false;
  const folder = coverFolder(schoolId);
  if (!m[3].startsWith(folder)) return false;
  return /^[A-Za-z0-9_-]{1,64}\.(jpe?g|png|webp|gif)$/i.test(m[3].slice(folder.length));
}

/** "2026-2027学年第一学期" */
export function semesterLabel(semester: string): string {
  const m = /^(\d{4})-(\d{4})-([12])$/.exec(semester);
  return m ? `${m[1]}-${m[2]}学年第${m[3] === '1' ? '一' : '二'}学期` : semester;
}

/** The status a person sees: 报名中 only while the window is open (即将开放 / 报名已截止 otherwise). */
export function statusText(
  c: { status: CourseStatus; enrollOpensAt: When; enrollClosesAt: When; endAt: When },
  now: When,
): { text: string; tone: 'green' | 'orange' | 'grey' } {
  const t = ms(now);
  switch (c.status) {
    case 'draft':
      return { text: '草稿', tone: 'grey' };
    case 'cancelled':
      return { text: '已取消', tone: 'grey' };
    case 'finished':
      return { text: '已结束', tone: 'grey' };
    case 'closed':
      return { text: t >= ms(c.endAt) ? '已结束' : '报名已截止', tone: 'grey' };
    case 'published':
      if (t >= ms(c.endAt)) return { text: '已结束', tone: 'grey' };
      if (t < ms(c.enrollOpensAt)) return { text: `${fmt(c.enrollOpensAt)}开放报名`, tone: 'orange' };
      if (t > ms(c.enrollClosesAt)) return { text: '报名已截止', tone: 'grey' };
      return { text: '报名中', tone: 'green' };
  }
}
