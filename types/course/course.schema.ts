/**
 * Courses of the parent school: forms, topics, audience, speaker, mode, sessions, capacity and
 * the lifecycle; enrolments with the waitlist. Zod schemas of every `course` action (input as the
 * function validates it, output as the app receives it: dates cross the wire as ISO strings).
 * Pure: no Taro, no SDK.
 */
import { z } from 'zod';
import { CONTROL_CHARS } from '../common/input-limits';

/** 授课形式 (Guangzhou plan: 集体授课, 校门口家校学堂, 移动家校学堂, 微课堂 …). */
export const COURSE_FORMS = ['集体授课', '专题讲座', '家长课堂', '亲子活动', '家长沙龙/工作坊', '线上微课', '家长开放日'] as const;
export type CourseForm = (typeof COURSE_FORMS)[number];

/** 课程主题. */
export const COURSE_TOPICS = ['心理健康', '亲子共读', '生命教育', '安全与危机应对', '网络素养', '家风家教', '职业生涯', '劳动教育', '其他'] as const;
export type CourseTopic = (typeof COURSE_TOPICS)[number];

export const COURSE_STATUSES = ['draft', 'published', 'closed', 'finished', 'cancelled'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

export const COURSE_STATUS_LABELS: Record<CourseStatus, string> = {
  draft: '草稿',
  published: '报名中',
  closed: '报名已截止',
  finished: '已结束',
  cancelled: '已取消',
};

export const MODE_KINDS = ['offline', 'live', 'recorded'] as const;
export type ModeKind = (typeof MODE_KINDS)[number];
export const MODE_LABELS: Record<ModeKind, string> = { offline: '线下', live: '线上直播', recorded: '录播微课' };

export const ENROLLMENT_STATUSES = ['enrolled', 'waitlisted', 'cancelled', 'removed'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
export const LIVE_ENROLLMENT_STATUSES: EnrollmentStatus[] = ['enrolled', 'waitlisted'];

/** Staff positions allowed to create and manage courses (besides the school admin). */
export const COURSE_MANAGER_POSITIONS = ['家庭教育指导教师', '心理健康教师', '班主任', '年级主任', '校长', '分管副校长'] as const;

const Id = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.coerce.date();

// ---------- parts ----------
export const AudienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('school') }).strict(),
  z.object({ kind: z.literal('grades'), gradeIds: z.array(Id).min(1).max(20) }).strict(),
  z.object({ kind: z.literal('classes'), classIds: z.array(Id).min(1).max(100) }).strict(),
  /** 教联体: the member schools (the owner school is always included). */
  z.object({ kind: z.literal('alliance'), schoolIds: z.array(Id).min(1).max(50) }).strict(),
]);
export type Audience = z.infer<typeof AudienceSchema>;

export const SpeakerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), staffId: Id.optional(), name: text(20), title: z.string().trim().max(40).optional() }).strict(),
  z.object({ kind: z.literal('expert'), name: text(20), title: text(40), organization: z.string().trim().max(60).optional() }).strict(),
]);
export type Speaker = z.infer<typeof SpeakerSchema>;

const url = z.string().trim().min(1).max(500);
export const ModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offline'), place: text(60) }).strict(),
  z.object({ kind: z.literal('live'), link: url, platform: z.string().trim().max(20).optional() }).strict(),
  z.object({ kind: z.literal('recorded'), link: url.optional(), fileId: z.string().trim().max(300).optional() }).strict(),
]);
export type Mode = z.infer<typeof ModeSchema>;

export const SessionInputSchema = z
  .object({
    /** Kept when editing an existing session (attendance refers to it). */
    sessionId: Id.optional(),
    startAt: date,
    endAt: date,
    /** Overrides the course's place for this session (offline only). */
    place: z.string().trim().max(60).optional(),
  })
  .strict()
  .refine((s) => s.endAt.getTime() > s.startAt.getTime(), { message: '结束时间须晚于开始时间', path: ['endAt'] })
  .refine((s) => s.endAt.getTime() - s.startAt.getTime() <= 12 * 3600_000, { message: '单次课程不能超过12小时', path: ['endAt'] });
export type SessionInput = z.infer<typeof SessionInputSchema>;

/** "2025-2026-1" = 2025–2026 school year, first term. */
export const SemesterSchema = z.string().regex(/^\d{4}-\d{4}-[12]$/, '学期格式应为 2025-2026-1');

/** How leftover minutes count: 'half' = down to half 课时 (68 min → 1.5), 'whole' = down to whole 课时 (68 min → 1). */
export const CLASS_HOUR_ROUNDINGS = ['half', 'whole'] as const;
export type ClassHourRounding = (typeof CLASS_HOUR_ROUNDINGS)[number];
export const CLASS_HOUR_ROUNDING_LABELS: Record<ClassHourRounding, string> = { half: '按半课时计（不足半课时舍去）', whole: '按整课时计（不足1课时舍去）' };

/**
 * The school's class-hour rule (课时规则), set by the school admin with the credit settings
 * (credit_settings/{schoolId}_{schoolYear}.classHourRule). A course keeps a snapshot of the rule it
 * was created or last edited with, so a later change of the rule does not rewrite past courses.
 * `rounding` is optional on stored documents written before it existed (= 'half').
 */
export const ClassHourRuleSchema = z
  .object({ minutesPerClassHour: z.number().int().min(20).max(120), rounding: z.enum(CLASS_HOUR_ROUNDINGS).default('half') })
  .strict();
export type ClassHourRule = z.input<typeof ClassHourRuleSchema>;
export const DEFAULT_CLASS_HOUR_RULE: ClassHourRule = { minutesPerClassHour: 45, rounding: 'half' };

const CourseFieldsSchema = z
  .object({
    title: text(40),
    summary: z.string().trim().max(1000).default(''),
    form: z.enum(COURSE_FORMS),
    topics: z.array(z.enum(COURSE_TOPICS)).min(1).max(5),
    audience: AudienceSchema,
    speaker: SpeakerSchema,
    mode: ModeSchema,
    sessions: z.array(SessionInputSchema).min(1).max(20),
    capacity: z.number().int().min(1).max(5000),
    seatsPerFamily: z.union([z.literal(1), z.literal(2)]),
    enrollOpensAt: date,
    enrollClosesAt: date,
    /** Families may cancel until then; default: the start of the first session. */
    cancelDeadline: date.optional(),
    semester: SemesterSchema,
    /** cloud://<env>.<bucket>/course-covers/<schoolId>/… (checked on the server). */
    coverFileId: z.string().trim().max(300).optional(),
  })
  .strict();

function checkCourseDates(c: { enrollOpensAt: Date; enrollClosesAt: Date; cancelDeadline?: Date; sessions: { startAt: Date }[] }, ctx: z.RefinementCtx) {
  if (c.enrollClosesAt.getTime() <= c.enrollOpensAt.getTime()) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: '报名截止时间须晚于报名开始时间', path: ['enrollClosesAt'] });
  }
  const first = Math.min(...c.sessions.map((s) => s.startAt.getTime()));
  if (c.enrollOpensAt.getTime() > first) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: '报名须在第一次课开始前开放', path: ['enrollOpensAt'] });
  }
  if (c.cancelDeadline && c.cancelDeadline.getTime() < c.enrollOpensAt.getTime()) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: '取消截止时间不能早于报名开始时间', path: ['cancelDeadline'] });
  }
}

export const CreateCourseInputSchema = CourseFieldsSchema.extend({ schoolId: Id }).superRefine(checkCourseDates);
export type CreateCourseInput = z.infer<typeof CreateCourseInputSchema>;

/** Update: every field optional; dates are re-checked against the stored course on the server. */
export const UpdateCourseInputSchema = CourseFieldsSchema.partial().extend({ courseId: Id }).strict();
export type UpdateCourseInput = z.infer<typeof UpdateCourseInputSchema>;

export const CourseIdInputSchema = z.object({ courseId: Id }).strict();
export const CancelCourseInputSchema = z.object({ courseId: Id, reason: text(100) }).strict();

export const ListCoursesInputSchema = z
  .object({
    /** The child (family) whose school / grade / class decides what is shown. */
    childId: Id,
    form: z.enum(COURSE_FORMS).optional(),
    topic: z.enum(COURSE_TOPICS).optional(),
    mode: z.enum(MODE_KINDS).optional(),
    openSeatsOnly: z.boolean().optional(),
    q: z
      .string()
      .trim()
      .max(20)
      .refine((s) => !CONTROL_CHARS.test(s), '搜索内容含有无法识别的字符，请重新输入')
      .optional(),
    when: z.enum(['upcoming', 'past']).default('upcoming'),
    /** Opaque cursor from the previous page (decoded and checked by the server). */
    cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]*$/, '分页参数有误，请刷新列表后重试').optional(),
    pageSize: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export type ListCoursesInput = z.input<typeof ListCoursesInputSchema>;

export const ListManagedInputSchema = z
  .object({
    schoolId: Id,
    status: z.enum(COURSE_STATUSES).optional(),
    semester: SemesterSchema.optional(),
    cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]*$/, '分页参数有误，请刷新列表后重试').optional(),
    pageSize: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export type ListManagedInput = z.input<typeof ListManagedInputSchema>;

export const DetailInputSchema = z.object({ courseId: Id, childId: Id.optional() }).strict();

export const EnrollInputSchema = z
  .object({
    courseId: Id,
    /** The family = the child the caller is guardian of. */
    childId: Id,
    /** Guardians of this family who will attend (≤ the course's seats per family). */
    seats: z.union([z.literal(1), z.literal(2)]).default(1),
  })
  .strict();
export type EnrollInput = z.input<typeof EnrollInputSchema>;

export const CancelEnrollmentInputSchema = z.object({ courseId: Id, childId: Id }).strict();
export const MyCoursesInputSchema = z.object({ childId: Id.optional() }).strict();
export const EnrollmentListInputSchema = z.object({ courseId: Id }).strict();
export const RemoveEnrollmentInputSchema = z.object({ courseId: Id, childId: Id, reason: text(100) }).strict();

// ---------- stored documents (server side; dates are Date) ----------
export interface CourseSession {
  sessionId: string;
  startAt: Date;
  endAt: Date;
  place?: string;
  classHours: number;
}

export interface CourseDoc {
  _id: string;
  schoolId: string;
  title: string;
  summary: string;
  form: CourseForm;
  topics: CourseTopic[];
  audience: Audience;
  /** 'school:<id>' | 'grade:<id>' | 'class:<id>': a family matches when one of its keys is here. */
  audienceKeys: string[];
  speaker: Speaker;
  mode: Mode;
  sessions: CourseSession[];
  startAt: Date;
  endAt: Date;
  totalClassHours: number;
  classHourRule: ClassHourRule;
  capacity: number;
  seatsPerFamily: 1 | 2;
  enrollOpensAt: Date;
  enrollClosesAt: Date;
  cancelDeadline: Date;
  semester: string;
  coverFileId?: string;
  status: CourseStatus;
  /** Seats taken by enrolled families (sum of their seats). */
  enrolledSeats: number;
  enrolledFamilies: number;
  waitlistFamilies: number;
  /** enrolledSeats ≥ capacity or a waitlist exists: no free seat for a newcomer. */
  full: boolean;
  /** Legacy arrival counter (no longer written: arrival keys come from the clock, see EnrollmentDoc.seq). */
  seq: number;
  /** When the counters last moved (_.inc); a recount only touches counters at rest. */
  countedAt?: Date;
  /** A capacity change in progress (one at a time per course; expires if its holder dies). */
  seatLease?: { token: string; until: Date } | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt?: Date;
  cancelledAt?: Date;
  cancelReason?: string;
}

export interface EnrollmentDoc {
  /** `${courseId}_${familyId}`: one record per family per course, ever. */
  _id: string;
  courseId: string;
  /** The course's school. */
  schoolId: string;
  semester: string;
  familyId: string;
  childSchoolId: string;
  gradeId: string;
  classId: string;
  childName: string;
  /** The guardian who enrolled (users/_id) and their openid (for the subscribe message). */
  userId: string;
  openid: string;
  seats: number;
  status: EnrollmentStatus;
  /** Arrival key: microseconds of the enrolling function's clock when the family took or missed a seat; the waitlist is ordered by (seq, _id). */
  seq: number;
  /** Enrolled: the claim token its seats are held under (course_seats.holder); null otherwise. */
  seatHolder?: string | null;
  enrolledAt?: Date;
  waitlistedAt?: Date;
  promotedAt?: Date;
  cancelledAt?: Date;
  removedAt?: Date;
  removedBy?: string;
  removedReason?: string;
  createdAt: Date;
  updatedAt: Date;
}

// ---------- outputs (wire DTOs: ISO date strings) ----------
export interface SessionDto {
  sessionId: string;
  startAt: string;
  endAt: string;
  place?: string;
  classHours: number;
}

export interface CourseCounts {
  capacity: number;
  enrolledSeats: number;
  enrolledFamilies: number;
  waitlistFamilies: number;
  seatsLeft: number;
}

export interface CourseSummaryDto extends CourseCounts {
  courseId: string;
  schoolId: string;
  title: string;
  form: CourseForm;
  topics: CourseTopic[];
  modeKind: ModeKind;
  place?: string;
  speakerName: string;
  startAt: string;
  endAt: string;
  totalClassHours: number;
  status: CourseStatus;
  semester: string;
  coverFileId?: string;
  /** A temporary https URL of the cover (cloud.getTempFileURL), when there is one. */
  coverUrl?: string;
  enrollOpensAt: string;
  enrollClosesAt: string;
  full: boolean;
}

export interface MyEnrollmentDto {
  status: EnrollmentStatus;
  seats: number;
  /** 1-based place in the waitlist (waitlisted only). */
  waitlistPosition?: number;
  familyId: string;
  enrolledAt?: string;
  waitlistedAt?: string;
}

export interface CourseDetailDto extends CourseSummaryDto {
  summary: string;
  audience: Audience;
  speaker: Speaker;
  mode: Mode;
  sessions: SessionDto[];
  seatsPerFamily: 1 | 2;
  cancelDeadline: string;
  classHourRule: ClassHourRule;
  /** What attending counts toward, in words (e.g. "计入2025-2026学年第一学期家长学校学时 2 课时"). */
  countsToward: string;
  cancelReason?: string;
  /** The caller's family enrolment for the given child, if any. */
  myEnrollment: MyEnrollmentDto | null;
  /** Can the caller manage this course (teacher with a course position or admin of the school)? */
  canManage: boolean;
}

export interface ListCoursesOutput {
  items: CourseSummaryDto[];
  nextCursor: string | null;
}

export interface EnrollOutput {
  status: 'enrolled' | 'waitlisted';
  waitlistPosition?: number;
  seats: number;
  course: CourseCounts;
}

export interface CancelEnrollmentOutput {
  status: 'cancelled';
  /** Families promoted from the waitlist as a result. */
  promoted: number;
}

export interface MyCourseItemDto {
  course: CourseSummaryDto;
  enrollment: MyEnrollmentDto;
  childName: string;
}

export interface MyCoursesOutput {
  upcoming: MyCourseItemDto[];
  waitlisted: MyCourseItemDto[];
  finished: MyCourseItemDto[];
}

export interface EnrollmentRowDto {
  familyId: string;
  childName: string;
  gradeId: string;
  classId: string;
  className: string;
  seats: number;
  status: EnrollmentStatus;
  seq: number;
  waitlistPosition?: number;
  at: string;
}

export interface ClassBreakdownDto {
  classId: string;
  className: string;
  families: number;
  seats: number;
}

export interface EnrollmentListOutput {
  course: CourseSummaryDto;
  enrolled: EnrollmentRowDto[];
  waitlisted: EnrollmentRowDto[];
  byClass: ClassBreakdownDto[];
}

export interface RemoveEnrollmentOutput {
  status: 'removed';
  promoted: number;
}

export interface CourseMutationOutput {
  course: CourseDetailDto;
  /** Families told about the change (published course: time or place changed, cancelled). */
  notified: number;
  /** Families promoted from the waitlist (capacity raised). */
  promoted: number;
}
