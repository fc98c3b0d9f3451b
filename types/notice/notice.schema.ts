/**
 * Notices from teachers and schools (issue 9): what a sender composes, the audience, the receipt,
 * and the wire shapes of every `notice` action. Limits the user can act on (body length, images,
 * attachment) are checked by validateDraft() in notice.rules.ts so that the page and the server
 * give the same Chinese sentence; the schemas here only bound the payload. Pure: no Taro, no SDK.
 */
import { z } from 'zod';

export const NOTICE_CATEGORIES = ['课程通知', '活动通知', '家长会', '接待日', '安全提醒', '其他'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

/** Automatic notices of the course domain (deliverNotice) use these kinds; staff notices are 'manual'. */
export const NOTICE_KINDS = ['manual', 'course.promoted', 'course.removed', 'course.changed', 'course.cancelled', 'course.reminder', 'oversight.invite'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_STATUSES = ['scheduled', 'sending', 'sent', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const MAX_BODY_CHARS = 2000;
export const MAX_TITLE_CHARS = 40;
export const MAX_IMAGES = 9;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_EXTS = ['pdf', 'xlsx', 'docx'] as const;
export const MAX_COMMENT_CHARS = 200;
export const WITHDRAW_WINDOW_MS = 15 * 60_000;

const Id = z.string().trim().min(1).max(64);

export const NoticeAudienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('classes'), classIds: z.array(Id).max(60) }).strict(),
  z.object({ kind: z.literal('grade'), gradeId: Id }).strict(),
  z.object({ kind: z.literal('school') }).strict(),
  z.object({ kind: z.literal('course'), courseId: Id }).strict(),
  z.object({ kind: z.literal('alliance') }).strict(),
]);
export type NoticeAudience = z.infer<typeof NoticeAudienceSchema>;

/** 需回执: none; plain 已阅知; or a choice (e.g. 参加 / 不参加) with an optional comment. */
export const ReceiptSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('ack') }).strict(),
  z.object({ kind: z.literal('choice'), options: z.array(z.string().trim().min(1).max(10)).min(2).max(4), allowComment: z.boolean().default(true) }).strict(),
]);
export type ReceiptSpec = z.infer<typeof ReceiptSpecSchema>;

export const AttachmentSchema = z
  .object({ fileId: z.string().trim().min(1).max(300), name: z.string().trim().min(1).max(80), size: z.number().int().min(0) })
  .strict();
export type Attachment = z.infer<typeof AttachmentSchema>;

const DateIn = z.coerce.date();

export const SendNoticeInputSchema = z
  .object({
    schoolId: Id,
    category: z.enum(NOTICE_CATEGORIES),
    title: z.string().max(200),
    // Bounded generously here; validateDraft() gives the user the exact limit (2,000 characters).
    body: z.string().max(20000),
    images: z.array(z.string().max(300)).max(30).default([]),
    attachment: AttachmentSchema.nullable().optional(),
    audience: NoticeAudienceSchema,
    receipt: ReceiptSpecSchema.default({ kind: 'none' }),
    scheduledAt: DateIn.nullable().optional(),
    courseId: Id.optional(),
  })
  .strict();
export type SendNoticeInput = z.infer<typeof SendNoticeInputSchema>;

export const NoticeIdInputSchema = z.object({ noticeId: Id }).strict();
export const ComposeOptionsInputSchema = z.object({ schoolId: Id }).strict();
export const ListSentInputSchema = z.object({ schoolId: Id, before: DateIn.optional() }).strict();
export const InboxInputSchema = z.object({ childId: Id.optional(), before: DateIn.optional() }).strict();
export const EmptyInputSchema = z.object({}).strict();
export const ReplyInputSchema = z
  .object({ noticeId: Id, choice: z.string().trim().min(1).max(10).optional(), comment: z.string().max(2000).optional() })
  .strict();
export const ReportSubscribeInputSchema = z.object({ templateIds: z.array(z.string().trim().min(1).max(64)).min(1).max(5) }).strict();

// ---------- stored documents (server side) ----------
export interface NoticeCounts {
  /** Parent users the notice was delivered to (one per user, however many children). */
  recipients: number;
  read: number;
  replied: number;
  /** Replies per choice (receipt kind 'choice'). */
  choices: Record<string, number>;
}

export interface FanoutState {
  /** 'audience': paging the audience; 'done': every recipient written. */
  phase: 'audience' | 'done';
  /** Last audience key written (users._id or enrollments._id), for the next page. */
  cursor: string;
  /** Whoever holds the lease pages the audience; others leave it alone until it expires. */
  leaseUntil: Date;
  /** Audience size estimated when the send began (progress bar). */
  expected: number;
  pages: number;
  startedAt?: Date;
  doneAt?: Date;
}

export interface RemindState {
  requestedAt: Date;
  /** When the reminder goes out: at once, or 07:00 Asia/Shanghai when asked during quiet hours. */
  dueAt: Date;
  status: 'queued' | 'sending' | 'done';
  cursor: string;
  leaseUntil: Date;
  sentAt?: Date;
  messages: number;
  inApp: number;
}

export interface NoticeDoc {
  _id: string;
  schoolId: string;
  kind: NoticeKind;
  category: NoticeCategory;
  title: string;
  body: string;
  images: string[];
  attachment: Attachment | null;
  audience: NoticeAudience | { kind: 'users' };
  /** Human label of the audience, e.g. 三年级1班、三年级2班. */
  audienceLabel: string;
  /** classIds named by the audience (for head teachers' statistics); [] for school-wide. */
  audienceClassIds: string[];
  receipt: ReceiptSpec;
  courseId: string | null;
  senderId: string;
  senderName: string;
  status: NoticeStatus;
  sendAt: Date;
  scheduledAt: Date | null;
  counts: NoticeCounts;
  fanout: FanoutState;
  /** No reminder before this time (24 h after the last one). */
  remindAllowedFrom: Date;
  remind: RemindState | null;
  withdrawnAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface InboxChild {
  childId: string;
  classId: string;
  schoolId: string;
  childName: string;
  relation: string;
}

export interface InboxDoc {
  /** `${noticeId}_${userId}`: one per notice per parent user. */
  _id: string;
  noticeId: string;
  userId: string;
  openid: string;
  /** The notice's school (the sender's). */
  schoolId: string;
  /** The user's children in the audience (their class, for the statistics per class). */
  children: InboxChild[];
  childIds: string[];
  classIds: string[];
  title: string;
  category: NoticeCategory;
  kind: NoticeKind;
  courseId: string | null;
  needsReceipt: boolean;
  status: 'active' | 'withdrawn';
  sendAt: Date;
  readAt: Date | null;
  receipt: { choice: string; comment: string; at: Date } | null;
  remindedAt: Date | null;
  createdAt: Date;
}

export interface ReceiptDoc {
  /** `${noticeId}_${childId}`: one receipt per family (familyId = childId), whoever sends it first. */
  _id: string;
  noticeId: string;
  childId: string;
  userId: string;
  choice: string;
  comment: string;
  at: Date;
}

export interface SubscribeAcceptanceDoc {
  /** `${userId}_${templateId}` */
  _id: string;
  userId: string;
  templateId: string;
  count: number;
  updatedAt: Date;
}

// ---------- outputs (wire: ISO strings) ----------
export interface AudienceOption {
  key: string;
  label: string;
  audience: NoticeAudience;
}

export interface ComposeOptionsOutput {
  schoolId: string;
  schoolName: string;
  options: AudienceOption[];
  templateIds: { notice: string };
}

export interface SentNoticeDto {
  noticeId: string;
  title: string;
  category: NoticeCategory;
  audienceLabel: string;
  status: NoticeStatus;
  sendAt: string;
  senderName: string;
  needsReceipt: boolean;
  counts: NoticeCounts;
  progress: { delivered: number; expected: number; done: boolean };
  canWithdraw: boolean;
}

export interface ClassStatsDto {
  classId: string;
  label: string;
  total: number;
  read: number;
  replied: number;
  /** null: another school's class (counts only, no names). */
  people: { name: string; read: boolean; receipt: string | null; comment: string | null; reminded: boolean }[] | null;
}

export interface NoticeStatsOutput {
  notice: SentNoticeDto;
  classes: ClassStatsDto[];
  totals: { recipients: number; read: number; unread: number; replied: number; choices: Record<string, number> };
  remind: { allowed: boolean; reason: string | null; nextAt: string | null; queuedFor: string | null; lastAt: string | null };
}

export interface InboxItemDto {
  noticeId: string;
  title: string;
  category: NoticeCategory;
  kind: NoticeKind;
  schoolName: string;
  sendAt: string;
  read: boolean;
  needsReceipt: boolean;
  replied: boolean;
  reminded: boolean;
  childNames: string[];
}

export interface InboxOutput {
  items: InboxItemDto[];
  unread: number;
  hasMore: boolean;
}

export interface NoticeDetailOutput {
  noticeId: string;
  title: string;
  category: NoticeCategory;
  kind: NoticeKind;
  body: string;
  senderName: string;
  schoolName: string;
  sendAt: string;
  images: { fileId: string; url: string }[];
  attachment: { name: string; size: number; url: string; ext: string } | null;
  receipt: ReceiptSpec;
  /** The caller's receipt, or (byFamily) the one another guardian of the same children sent. */
  myReceipt: { choice: string; comment: string; at: string; byFamily?: boolean } | null;
  courseLink: string | null;
  childNames: string[];
  /** The caller is the sender or staff viewing it (no read recorded). */
  asStaff: boolean;
}
