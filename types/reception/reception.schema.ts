/**
 * 家长接待日 (reception days), bookings, and the cases they open (处理结果 → 评价 → 闭环), plus
 * 意见建议 (suggestions) that run through the same case loop. Stored shapes, inputs and DTOs.
 */
import { z } from 'zod';
import { withLabels } from '../common/validation';
import { hhmm, id, ymd } from './fields';
import type { PositionTitle } from '../school/roles';

export const TOPICS = ['学习', '心理与情绪', '安全', '家庭教育', '意见建议', '其他'] as const;
export type Topic = (typeof TOPICS)[number];

/** Staff who may receive parents on a reception day. */
export const RECEPTIONIST_POSITIONS = ['校长', '分管副校长', '年级主任', '班主任', '心理健康教师', '家庭教育指导教师'] as const satisfies readonly PositionTitle[];
/** School leaders: see every case of the school, get reopened ones, close with a reason. */
export const LEADER_POSITIONS = ['校长', '分管副校长'] as const satisfies readonly PositionTitle[];

export const MODES = ['in_person', 'phone', 'video'] as const;
export type ReceptionMode = (typeof MODES)[number];
export const MODE_LABELS: Record<ReceptionMode, string> = { in_person: '现场接待', phone: '电话沟通', video: '视频沟通' };

export const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

export type BookingStatus = 'pending' | 'booked' | 'arrived' | 'no_show' | 'cancelled' | 'released' | 'closed_by_school';
export const LIVE_BOOKING: readonly BookingStatus[] = ['pending', 'booked', 'arrived', 'no_show'];

export type CaseStatus = 'open' | 'answered' | 'reopened' | 'closed';
export type CaseKind = 'booking' | 'suggestion';

/** The Chinese names of the reception inputs' fields (failureText: "开始时间：时间格式应为 HH:mm"). */
export const RECEPTION_FIELD_LABELS: Record<string, string> = {
  title: '名称',
  rule: '日期规则',
  dates: '日期',
  from: '开始时间',
  until: '结束时间',
  'rule.from': '起始日期',
  'rule.until': '截止日期',
  weekday: '星期',
  nth: '第几周',
  holidays: '不接待的日期',
  startTime: '开始时间',
  endTime: '结束时间',
  slotMinutes: '每个时段的分钟数',
  placesPerSlot: '每个时段的名额',
  mode: '接待方式',
  room: '接待地点',
  receptionistStaffIds: '接待人',
  bookingClosesHours: '预约截止（开始前小时数）',
  cancelClosesHours: '取消截止（开始前小时数）',
  staffId: '接待人',
  slotId: '时段',
  time: '时间',
  topic: '话题',
  description: '想沟通的内容',
  discussed: '沟通内容',
  actions: '商定的措施',
  followUpNeeded: '是否需要跟进',
  assigneeStaffId: '跟进人',
  dueDate: '跟进截止日期',
  note: '跟进情况',
  rating: '评价',
  comment: '评价说明',
  reason: '原因',
  kind: '类型',
  content: '意见或建议',
  hideFromClassTeacher: '不让班主任查看',
};
const labelled = <S extends z.ZodTypeAny>(schema: S) => withLabels(schema, RECEPTION_FIELD_LABELS);

export const DateRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dates'), dates: z.array(ymd).min(1).max(60) }),
  /** 每周二下午: weekday 1 = 周一 … 7 = 周日. */
  z.object({ kind: z.literal('weekly'), weekday: z.number().int().min(1).max(7), from: ymd, until: ymd }),
  /** 每月第一个周五: nth 1..4, or -1 = the last one of the month. */
  z.object({ kind: z.literal('monthly'), nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]), weekday: z.number().int().min(1).max(7), from: ymd, until: ymd }),
]);
export type DateRule = z.infer<typeof DateRuleSchema>;

export const PublishDaysInputSchema = labelled(z.object({
  schoolId: id,
  /** A grade's own reception day; omitted: the whole school. */
  gradeId: id.optional(),
  title: z.string().trim().min(2, '请填写接待日名称').max(40),
  rule: DateRuleSchema,
  /** Dates the rule skips (法定节假日、学校活动). */
  holidays: z.array(ymd).max(100).default([]),
  startTime: hhmm,
  endTime: hhmm,
  slotMinutes: z.number().int().min(10).max(120),
  placesPerSlot: z.number().int().min(1).max(50),
  mode: z.enum(MODES),
  room: z.string().trim().max(40).default(''),
  receptionistStaffIds: z.array(id).min(1, '请至少选择一位接待人').max(12),
  /** Booking closes this many hours before a slot starts; cancelling too. */
  /** Omitted: the school's reception settings. */
  bookingClosesHours: z.number().int().min(0).max(168).optional(),
  cancelClosesHours: z.number().int().min(0).max(168).optional(),
}));
export type PublishDaysInput = z.infer<typeof PublishDaysInputSchema>;

export const SchoolInputSchema = z.object({ schoolId: id });
export const ListDaysInputSchema = z.object({ schoolId: id.optional(), childId: id.optional() }).refine((v) => !!v.schoolId || !!v.childId, '请指定学校或孩子');
export const DayInputSchema = z.object({ dayId: id, childId: id.optional() });
export const CancelDayInputSchema = labelled(z.object({ dayId: id, reason: z.string().trim().min(2, '请填写取消原因').max(60) }));
export const SetAbsenceInputSchema = labelled(z.object({
  dayId: id,
  staffId: id,
  /** Omitted: the whole day for this receptionist. */
  from: hhmm.optional(),
  until: hhmm.optional(),
  reason: z.string().trim().min(2, '请填写原因').max(60),
}));

export const BookInputSchema = labelled(z.object({
  dayId: id,
  childId: id,
  /** A slot picked on the page; or staffId ('any' / a receptionist) with an optional time. */
  slotId: id.optional(),
  staffId: id.optional(),
  time: hhmm.optional(),
  topic: z.enum(TOPICS),
  description: z.string().trim().min(4, '请简要说明想沟通的内容（至少4个字）').max(300, '内容请控制在300字以内'),
}));
export type BookInput = z.infer<typeof BookInputSchema>;
export const BookingIdInputSchema = z.object({ bookingId: id });
export const MyBookingsInputSchema = z.object({ childId: id.optional() });
export const MarkAttendanceInputSchema = z.object({ bookingId: id, status: z.enum(['arrived', 'no_show']) });
export const DayListInputSchema = z.object({ dayId: id, staffId: id.optional() });

export const RecordOutcomeInputSchema = labelled(z.object({
  caseId: id,
  discussed: z.string().trim().min(2, '请填写沟通内容').max(500),
  actions: z.string().trim().max(500).default(''),
  followUpNeeded: z.boolean(),
  /** Referral / follow-up: another staff member of the school. */
  assigneeStaffId: id.optional(),
  dueDate: ymd.optional(),
}));
export type RecordOutcomeInput = z.infer<typeof RecordOutcomeInputSchema>;
export const CaseIdInputSchema = z.object({ caseId: id });
export const CompleteFollowUpInputSchema = labelled(z.object({ caseId: id, note: z.string().trim().min(2, '请填写跟进情况').max(300) }));
export const RateInputSchema = labelled(z.object({ caseId: id, rating: z.enum(RATINGS), comment: z.string().trim().max(200).default('') }));
export const CloseCaseInputSchema = labelled(z.object({ caseId: id, reason: z.string().trim().min(2, '请填写关闭原因').max(200) }));
export const ListCasesInputSchema = z.object({ schoolId: id, filter: z.enum(['open', 'overdue', 'reopened', 'all']).default('open'), limit: z.number().int().min(1).max(200).default(50) });
export const MyCasesInputSchema = z.object({ childId: id.optional() });
export const AssignedInputSchema = z.object({ schoolId: id });

export const SubmitSuggestionInputSchema = labelled(z.object({
  childId: id,
  topic: z.enum(TOPICS).default('意见建议'),
  kind: z.enum(['suggestion', 'complaint']).default('suggestion'),
  content: z.string().trim().min(4, '请写下您的意见或建议（至少4个字）').max(500, '内容请控制在500字以内'),
  /** Not shown to the class teacher: school leaders only. */
  hideFromClassTeacher: z.boolean().default(false),
  /** Idempotency key from the page, so a retried submit writes one case. */
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/),
}));
export const AssignCaseInputSchema = z.object({ caseId: id, assigneeStaffId: id });
export { SaveSettingsInputSchema } from './settings.schema';

// ---- stored documents (server side, shared with rules)

export interface StaffRef {
  staffId: string;
  name: string;
  title: string;
  userId: string | null;
}

export interface ReceptionDayDoc {
  _id: string;
  schoolId: string;
  gradeId: string | null;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  slotMinutes: number;
  placesPerSlot: number;
  mode: ReceptionMode;
  room: string;
  receptionists: StaffRef[];
  bookingClosesHours: number;
  cancelClosesHours: number;
  status: 'published' | 'cancelled';
  cancelReason?: string | null;
  /** Absences: staffId → closed from/until (HH:mm). */
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReceptionSlotDoc {
  _id: string;
  dayId: string;
  schoolId: string;
  staffId: string;
  start: string;
  end: string;
  startAt: Date;
  endAt: Date;
  places: number;
  /** places − holders.length, changed only together with holders in one conditional update. */
  placesLeft: number;
  /** Booking ids holding a place (the claim record: a retry finds its own claim here). */
  holders: string[];
  closed: boolean;
  closedReason: string | null;
  updatedAt: Date;
}

/** The family a booking or a case is about, the guardian who made it, and what it is about. */
export interface FamilyFields {
  familyId: string;
  childName: string;
  gradeId: string;
  classId: string;
  userId: string;
  openid: string;
}
export interface FamilyTopic extends FamilyFields {
  topic: Topic;
  description: string;
}

export interface ReceptionBookingDoc extends FamilyTopic {
  _id: string;
  dayId: string;
  schoolId: string;
  slotId: string;
  staffId: string;
  start: string;
  slotStartAt: Date;
  status: BookingStatus;
  /** Acquisition number: each (re)booking of the family's record takes gen + 1; its slot claim is `${_id}#${gen}`. */
  gen: number;
  reminded?: boolean;
  cancelledAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CaseOutcome {
  discussed: string;
  actions: string;
  followUpNeeded: boolean;
  assignee: StaffRef | null;
  dueAt: Date | null;
  recordedAt: Date;
  recordedBy: string;
}

export interface ReceptionCaseDoc extends FamilyTopic {
  _id: string;
  kind: CaseKind;
  schoolId: string;
  /** Suggestions: 'suggestion' | 'complaint'. */
  suggestionKind?: 'suggestion' | 'complaint';
  hideFromClassTeacher: boolean;
  /** The receptionist (booking) — who answers first. */
  receptionist: StaffRef | null;
  /** Who must act now (referral / follow-up / assignment); its staffId is indexed. */
  assigneeStaffId: string | null;
  outcome: CaseOutcome | null;
  followUpDoneAt: Date | null;
  followUpNote: string | null;
  rating: { value: Rating; comment: string; at: Date } | null;
  status: CaseStatus;
  reopenReason: 'unsatisfied' | 'overdue' | null;
  reopenedAt: Date | null;
  /** Answer due (suggestions) or follow-up due (outcome): the overdue clock. */
  dueAt: Date | null;
  closedReason: string | null;
  closedBy: string | null;
  closedAt: Date | null;
  dayId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

// ---- DTOs

export interface SlotDto {
  slotId: string;
  staffId: string;
  start: string;
  end: string;
  placesLeft: number;
  places: number;
  closed: boolean;
  bookable: boolean;
  reason?: string;
}

export interface DaySummaryDto {
  dayId: string;
  schoolId: string;
  gradeId: string | null;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  mode: ReceptionMode;
  room: string;
  receptionists: { staffId: string; name: string; title: string }[];
  status: 'published' | 'cancelled';
  placesLeft: number;
}

export interface DayDetailDto extends DaySummaryDto {
  slotMinutes: number;
  placesPerSlot: number;
  bookingClosesHours: number;
  cancelClosesHours: number;
  slots: SlotDto[];
  myBooking: BookingDto | null;
}

export interface BookingDto {
  bookingId: string;
  dayId: string;
  dayTitle?: string;
  date?: string;
  start: string;
  slotStartAt: string;
  staffId: string;
  receptionistName: string;
  mode?: ReceptionMode;
  room?: string;
  topic: Topic;
  description: string;
  status: BookingStatus;
  childName: string;
  canCancel: boolean;
  caseId: string | null;
}

export interface CaseDto {
  caseId: string;
  kind: CaseKind;
  suggestionKind?: 'suggestion' | 'complaint';
  schoolId: string;
  childName: string;
  classId: string;
  topic: Topic;
  description: string;
  hideFromClassTeacher: boolean;
  receptionistName: string | null;
  assigneeStaffId: string | null;
  assigneeName: string | null;
  outcome: { discussed: string; actions: string; followUpNeeded: boolean; dueAt: string | null; recordedAt: string } | null;
  followUpDoneAt: string | null;
  followUpNote: string | null;
  rating: { value: Rating; comment: string; at: string } | null;
  status: CaseStatus;
  reopenReason: 'unsatisfied' | 'overdue' | null;
  dueAt: string | null;
  overdue: boolean;
  closedReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** The caller's own family's case (parent wording on the page). */
  mine: boolean;
  /** What the caller may do now (same rules as the server). */
  can: { answer: boolean; followUp: boolean; rate: boolean; close: boolean; assign: boolean };
}

export interface StaffOptionDto {
  staffId: string;
  name: string;
  title: string;
  /** Holds a position that may receive parents (校长 … 家庭教育指导教师). */
  receptionist: boolean;
}
