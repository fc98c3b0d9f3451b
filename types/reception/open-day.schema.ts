/** 开放日 / 开放周: an event of one or several days with activities parents sign up for. */
import { z } from 'zod';
import { withLabels } from '../common/validation';
import { hhmm, id, ymd } from './fields';

/** The five kinds of the Fengnan plan (开放周), or a school's own. */
export const ACTIVITY_KINDS = ['观摩校园文化', '参与课堂听课', '特色课程与社团活动体验', '参与学校管理与办学成果展示', '家校共育交流', '其他'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export type SignupStatus = 'pending' | 'signed' | 'attended' | 'cancelled' | 'released';
export const LIVE_SIGNUP: readonly SignupStatus[] = ['pending', 'signed', 'attended'];

/** The Chinese names of the open-day inputs' fields. */
export const OPEN_DAY_FIELD_LABELS: Record<string, string> = {
  title: '名称',
  kind: '类型',
  activities: '活动',
  date: '日期',
  startTime: '开始时间',
  endTime: '结束时间',
  place: '地点',
  places: '名额',
  gradeIds: '面向年级',
  classIds: '面向班级',
  signUpClosesHours: '报名截止（开始前小时数）',
  cancelClosesHours: '取消截止（开始前小时数）',
  rating: '打分',
  text: '反馈内容',
  code: '签到码',
};

export const ActivityInputSchema = z.object({
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string().trim().min(2, '请填写活动名称').max(40),
  date: ymd,
  startTime: hhmm,
  endTime: hhmm,
  place: z.string().trim().min(2, '请填写活动地点').max(40),
  /** Empty: every grade / class of the school. */
  gradeIds: z.array(id).max(20).default([]),
  classIds: z.array(id).max(60).default([]),
  places: z.number().int().min(1).max(2000),
});
export type ActivityInput = z.infer<typeof ActivityInputSchema>;

export const PublishOpenEventInputSchema = withLabels(z.object({
  schoolId: id,
  title: z.string().trim().min(2, '请填写开放日名称').max(40),
  kind: z.enum(['day', 'week']),
  activities: z.array(ActivityInputSchema).min(1, '请至少添加一项活动').max(30),
  /** Omitted: the school's reception settings. */
  signUpClosesHours: z.number().int().min(0).max(168).optional(),
  cancelClosesHours: z.number().int().min(0).max(168).optional(),
}), OPEN_DAY_FIELD_LABELS);
export type PublishOpenEventInput = z.infer<typeof PublishOpenEventInputSchema>;

export const OpenCheckinInputSchema = z.object({ activityId: id, stepSeconds: z.number().int().min(5).max(60).optional() });
/** A scanned QR payload or a typed code; childIds: which of the caller's children (default: all signed up). */
export const OpenDayCheckInInputSchema = withLabels(z.object({ code: z.string().trim().min(6, '请输入签到码').max(300), childIds: z.array(id).min(1).max(10).optional() }), OPEN_DAY_FIELD_LABELS);

export const OpenEventsInputSchema = z.object({ schoolId: id.optional(), childId: id.optional() }).refine((v) => !!v.schoolId || !!v.childId, '请指定学校或孩子');
export const OpenEventInputSchema = z.object({ eventId: id, childId: id.optional() });
export const SignUpInputSchema = z.object({ activityId: id, childId: id });
export const SignupIdInputSchema = z.object({ signupId: id });
export const ActivityIdInputSchema = z.object({ activityId: id });
export const MarkSignupInputSchema = z.object({ signupId: id, status: z.enum(['attended', 'signed']) });
export const FeedbackInputSchema = withLabels(z.object({
  signupId: id,
  rating: z.number().int().min(1, '请打分（1-5）').max(5),
  text: z.string().trim().max(300, '请控制在300字以内').default(''),
}), OPEN_DAY_FIELD_LABELS);

export interface OpenEventDoc {
  _id: string;
  schoolId: string;
  title: string;
  kind: 'day' | 'week';
  startDate: string;
  endDate: string;
  signUpClosesHours: number;
  cancelClosesHours: number;
  status: 'published' | 'cancelled';
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface OpenActivityDoc {
  _id: string;
  eventId: string;
  schoolId: string;
  kind: ActivityKind;
  title: string;
  date: string;
  start: string;
  end: string;
  startAt: Date;
  endAt: Date;
  place: string;
  gradeIds: string[];
  classIds: string[];
  places: number;
  placesLeft: number;
  /** Claim tokens `${signupId}#${gen}` (see server/reception/places.ts); gen = the claim's time in ms. */
  holders: string[];
  /** The sign-up id of every held token (one claim per family, refused by the claim itself). */
  holderKeys: string[];
  closed: boolean;
  /** Copied from the event (one read per sign-up instead of two; changed with the event). */
  eventStatus: 'published' | 'cancelled';
  signUpClosesHours: number;
  cancelClosesHours: number;
  updatedAt: Date;
}

export interface OpenSignupDoc {
  _id: string;
  activityId: string;
  eventId: string;
  schoolId: string;
  familyId: string;
  childName: string;
  gradeId: string;
  classId: string;
  userId: string;
  openid: string;
  status: SignupStatus;
  gen: number;
  activityStartAt: Date;
  feedback: { rating: number; text: string; at: Date } | null;
  /** Check-in (status attended): when, how (scanned QR, typed code, the staff's register). */
  checkedInAt?: Date | null;
  checkedInBy?: string | null;
  method?: 'qr' | 'code' | 'staff' | null;
  /** 学时 currently credited for this sign-up (0: none) and how many ledger entries it has written. */
  creditedHours?: number;
  creditedSessions?: number;
  creditRev?: number;
  createdAt: Date;
  updatedAt: Date;
}

/** open_checkin_windows/{activityId}: the activity's rotating check-in code (secret server-only). */
export interface OpenCheckinWindowDoc {
  _id: string;
  /** = activityId: the subject the rotating code signs. */
  sessionId: string;
  activityId: string;
  schoolId: string;
  title: string;
  startAt: Date;
  endAt: Date;
  opensAt: Date;
  closesAt: Date;
  status: 'open' | 'closed';
  shortCode: string;
  secret: string;
  stepSeconds: number;
  openedBy: string;
  openedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
}

export interface OpenCheckinView {
  activityId: string;
  title: string;
  status: 'open' | 'closed';
  opensAt: string;
  closesAt: string;
  stepSeconds: number;
  shortCode: string;
}

export interface OpenCheckinCodeView {
  activityId: string;
  token: string;
  typedCode: string;
  rotatesInMs: number;
  stepSeconds: number;
  open: boolean;
  checkedIn: number;
  signedUp: number;
}

export interface OpenDayCheckInOutput {
  activityId: string;
  title: string;
  items: { familyId: string; childName: string; created: boolean; creditedHours: number }[];
}

export interface ActivityDto {
  activityId: string;
  kind: ActivityKind;
  title: string;
  date: string;
  start: string;
  end: string;
  place: string;
  places: number;
  placesLeft: number;
  forMe: boolean;
  canSignUp: boolean;
  reason?: string;
  mySignup: { signupId: string; status: SignupStatus; canCancel: boolean; canFeedback: boolean; feedback: { rating: number; text: string } | null; creditedHours: number } | null;
}

export interface OpenEventDto {
  eventId: string;
  schoolId: string;
  title: string;
  kind: 'day' | 'week';
  startDate: string;
  endDate: string;
  status: 'published' | 'cancelled';
  activities: ActivityDto[];
}

export interface SignupRowDto {
  signupId: string;
  childName: string;
  className: string;
  status: SignupStatus;
  feedback: { rating: number; text: string } | null;
}
