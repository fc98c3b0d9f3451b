/**
 * The rules of notices, shared by the compose page and the `notice` function:
 *  - canSendTo: who may send to whom (head teacher → own classes, subject teacher → classes taught,
 *    grade director → the grade, principal/admin → the school, a course's owner → its families,
 *    the lead school of a 教联体 → its member schools' parents);
 *  - validateDraft: the limits of a notice (title, 2,000-character body, 9 images, one
 *    pdf/xlsx/docx ≤ 10 MB under the school's storage path, no markup, a future schedule);
 *  - canWithdraw (15 minutes), planReminder (once per 24 h, never 21:00–07:00 Asia/Shanghai),
 *    checkReply (receipts), courseReminderDue (18:00 the evening before).
 * Pure: no Taro, no SDK.
 */
import type { ErrorCode } from '../common/errors';
import { dayjs, shanghai, TZ } from '../common/time';
import type { Position, Role } from '../school/roles';
import {
  ATTACHMENT_EXTS,
  MAX_ATTACHMENT_BYTES,
  MAX_BODY_CHARS,
  MAX_COMMENT_CHARS,
  MAX_IMAGES,
  MAX_TITLE_CHARS,
  WITHDRAW_WINDOW_MS,
  type Attachment,
  type NoticeAudience,
  type NoticeStatus,
  type ReceiptSpec,
} from './notice.schema';

export type RuleResult = { ok: true } | { ok: false; code: ErrorCode; field?: string };
const OK: RuleResult = { ok: true };
const no = (code: ErrorCode, field?: string): RuleResult => ({ ok: false, code, ...(field ? { field } : {}) });

// ---------------------------------------------------------------- who may send to whom

export interface SenderView {
  userId: string;
  /** The sender's membership in the notice's school (undefined: none). */
  membership: { roles: Role[]; positions: Position[] } | undefined;
}

export interface AudienceFacts {
  /** The notice's (the sender's) school. */
  schoolId: string;
  /** Classes the audience names, as stored (their school and grade). */
  classes?: { classId: string; schoolId: string; gradeId: string }[];
  grade?: { gradeId: string; schoolId: string } | null;
  course?: { courseId: string; schoolId: string; ownerId: string } | null;
  /** The 教联体 the school belongs to (null: none). */
  alliance?: { leadSchoolId: string; schoolIds: string[] } | null;
}

const SCHOOL_WIDE_TITLES = ['校长', '分管副校长'];

export function isStaff(m: SenderView['membership']): boolean {
  return !!m && (m.roles.includes('teacher') || m.roles.includes('admin'));
}

/** Principal, vice principal or school admin: may address the whole school. */
export function isSchoolWide(m: SenderView['membership']): boolean {
  return !!m && (m.roles.includes('admin') || (m.roles.includes('teacher') && m.positions.some((p) => SCHOOL_WIDE_TITLES.includes(p.title))));
}

/** May this staff member address the class (班主任, 任课教师 of it, 年级主任 of its grade, school-wide)? */
export function mayAddressClass(m: SenderView['membership'], cls: { classId: string; gradeId: string }): boolean {
  if (!isStaff(m)) return false;
  if (isSchoolWide(m)) return true;
  return m!.positions.some(
    (p) => ((p.title === '班主任' || p.title === '任课教师') && p.classId === cls.classId) || (p.title === '年级主任' && p.gradeId === cls.gradeId),
  );
}

export function canSendTo(sender: SenderView, audience: NoticeAudience, facts: AudienceFacts): RuleResult {
  const m = sender.membership;
  if (!isStaff(m)) return no('FORBIDDEN');
  switch (audience.kind) {
    case 'classes': {
      const byId = new Map((facts.classes ?? []).map((c) => [c.classId, c]));
      for (const id of audience.classIds) {
        const c = byId.get(id);
        if (!c || c.schoolId !== facts.schoolId) return no('CLASS_NOT_FOUND');
        if (!mayAddressClass(m, c)) return no('NOTICE_AUDIENCE_FORBIDDEN');
      }
      return OK;
    }
    case 'grade': {
      const g = facts.grade;
      if (!g || g.gradeId !== audience.gradeId || g.schoolId !== facts.schoolId) return no('NOT_FOUND');
      if (isSchoolWide(m) || m!.positions.some((p) => p.title === '年级主任' && p.gradeId === g.gradeId)) return OK;
      return no('NOTICE_AUDIENCE_FORBIDDEN');
    }
    case 'school':
      return isSchoolWide(m) ? OK : no('NOTICE_AUDIENCE_FORBIDDEN');
    case 'course': {
      const c = facts.course;
      if (!c || c.courseId !== audience.courseId || c.schoolId !== facts.schoolId) return no('COURSE_NOT_FOUND');
      return c.ownerId === sender.userId || isSchoolWide(m) ? OK : no('NOTICE_AUDIENCE_FORBIDDEN');
    }
    case 'alliance': {
      const a = facts.alliance;
      if (!a || a.leadSchoolId !== facts.schoolId) return no('NOTICE_AUDIENCE_FORBIDDEN');
      return isSchoolWide(m) ? OK : no('NOTICE_AUDIENCE_FORBIDDEN');
    }
  }
}

/** The audiences a sender may pick on the compose page (the same rule, over the school's structure). */
export function audienceCandidates(
  sender: SenderView,
  facts: Required<Pick<AudienceFacts, 'schoolId'>> & {
    classes: { classId: string; gradeId: string; label: string }[];
    grades: { gradeId: string; label: string }[];
    courses: { courseId: string; ownerId: string; label: string }[];
    alliance: { leadSchoolId: string; schoolIds: string[]; name: string } | null;
  },
): { key: string; label: string; audience: NoticeAudience }[] {
  const out: { key: string; label: string; audience: NoticeAudience }[] = [];
  const base = { schoolId: facts.schoolId, alliance: facts.alliance };
  const classFacts = facts.classes.map((c) => ({ ...c, schoolId: facts.schoolId }));
  const push = (key: string, label: string, audience: NoticeAudience, f: AudienceFacts) => {
    if (canSendTo(sender, audience, f).ok) out.push({ key, label, audience });
  };
  push('alliance', `教联体全部学校家长（${facts.alliance?.name ?? ''}）`, { kind: 'alliance' }, base);
  push('school', '全校家长', { kind: 'school' }, base);
  for (const g of facts.grades) push(`grade:${g.gradeId}`, `${g.label}全体家长`, { kind: 'grade', gradeId: g.gradeId }, { ...base, grade: { gradeId: g.gradeId, schoolId: facts.schoolId } });
  for (const c of facts.classes) push(`class:${c.classId}`, c.label, { kind: 'classes', classIds: [c.classId] }, { ...base, classes: classFacts });
  for (const c of facts.courses)
    push(`course:${c.courseId}`, `课程：${c.label}（报名及候补家庭）`, { kind: 'course', courseId: c.courseId }, { ...base, course: { ...c, schoolId: facts.schoolId } });
  return out;
}

// ---------------------------------------------------------------- the draft's limits

export interface DraftView {
  title: string;
  body: string;
  images: string[];
  attachment?: Attachment | null;
  audience: NoticeAudience;
  receipt: ReceiptSpec;
  scheduledAt?: Date | null;
}

export const chars = (s: string) => [...s].length;

/** Markup that would be code in a web view: refused so nobody is surprised (the app shows text only). */
const MARKUP = /<\s*\/?\s*(script|iframe|object|embed|style|img|svg|a|link|meta)\b|javascript\s*:|\bon[a-z]+\s*=\s*["']/i;
export function hasMarkup(s: string): boolean {
  return MARKUP.test(s);
}

/** `notice-files/<schoolId>/`: where a school's notice images and attachments live. */
export const noticeFolder = (schoolId: string) => `notice-files/${schoolId}/`;
const IMAGE_EXT = /\.(jpe?g|png|webp|gif)$/i;

/** The extension of an attachment name or file id (lower case), or ''. */
export function extOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

/** cloud://<envId>.<bucket>/notice-files/<schoolId>/<plain name>.<ext> of this environment and school? */
export function isNoticeFileIdOf(fileId: string, envId: string, schoolId: string, kind: 'image' | 'attachment'): boolean {
  const m = /^cloud:\/\/([^/.]+)\.([^/]+)\/(.+)$/.exec(fileId);
  if (!m || !envId || m[1] !== envId) return false;
  const folder = noticeFolder(schoolId);
  if (!m[3].startsWith(folder)) return false;
  const name = m[3].slice(folder.length);
  if (!/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9]{1,8}$/.test(name)) return false;
  return kind === 'image' ? IMAGE_EXT.test(name) : (ATTACHMENT_EXTS as readonly string[]).includes(extOf(name));
}

/** The cloud path for a picked file (random name, the file's extension). */
export function noticeCloudPath(schoolId: string, localPath: string, nonce: string): string {
  const ext = extOf(localPath.split('?')[0]) || 'jpg';
  return `${noticeFolder(schoolId)}${nonce.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'f'}.${ext}`;
}

export const SCHEDULE_MAX_DAYS = 60;

/**
 * The limits of a notice. `files` (server side) checks each fileId against the school's storage
 * path; the page passes none (it only uploads there).
 */
export function validateDraft(d: DraftView, now: Date, files?: { envId: string; schoolId: string }): RuleResult {
  const title = d.title.trim();
  if (!title) return no('NOTICE_TITLE_REQUIRED', 'title');
  if (chars(title) > MAX_TITLE_CHARS) return no('NOTICE_TITLE_TOO_LONG', 'title');
  if (!d.body.trim()) return no('NOTICE_BODY_REQUIRED', 'body');
  if (chars(d.body) > MAX_BODY_CHARS) return no('NOTICE_BODY_TOO_LONG', 'body');
  if (hasMarkup(title) || hasMarkup(d.body)) return no('NOTICE_TEXT_UNSAFE', 'body');
  if (d.images.length > MAX_IMAGES) return no('NOTICE_TOO_MANY_IMAGES', 'images');
  if (new Set(d.images).size !== d.images.length) return no('NOTICE_FILE_INVALID', 'images');
  if (d.attachment) {
    const a = d.attachment;
    if (!(ATTACHMENT_EXTS as readonly string[]).includes(extOf(a.name)) || extOf(a.name) !== extOf(a.fileId)) return no('NOTICE_ATTACHMENT_TYPE', 'attachment');
    if (a.size > MAX_ATTACHMENT_BYTES) return no('NOTICE_ATTACHMENT_TOO_LARGE', 'attachment');
    if (hasMarkup(a.name)) return no('NOTICE_TEXT_UNSAFE', 'attachment');
  }
  if (files) {
    if (d.images.some((f) => !isNoticeFileIdOf(f, files.envId, files.schoolId, 'image'))) return no('NOTICE_FILE_INVALID', 'images');
    if (d.attachment && !isNoticeFileIdOf(d.attachment.fileId, files.envId, files.schoolId, 'attachment')) return no('NOTICE_FILE_INVALID', 'attachment');
  }
  if (d.audience.kind === 'classes' && d.audience.classIds.length === 0) return no('NOTICE_AUDIENCE_EMPTY', 'audience');
  if (d.receipt.kind === 'choice') {
    const opts = d.receipt.options.map((o) => o.trim());
    if (new Set(opts).size !== opts.length || opts.some((o) => !o || hasMarkup(o))) return no('NOTICE_RECEIPT_OPTIONS', 'receipt');
  }
  if (d.scheduledAt) {
    const t = d.scheduledAt.getTime();
    if (t < now.getTime() + 60_000 || t > now.getTime() + SCHEDULE_MAX_DAYS * 86400_000) return no('NOTICE_SCHEDULE_INVALID', 'scheduledAt');
  }
  return OK;
}

// ---------------------------------------------------------------- withdraw, remind, reply

export function canWithdraw(n: { status: NoticeStatus; sendAt: Date }, now: Date): RuleResult {
  if (n.status === 'withdrawn') return no('NOTICE_WITHDRAWN');
  if (n.status === 'scheduled') return OK;
  return now.getTime() - new Date(n.sendAt).getTime() <= WITHDRAW_WINDOW_MS ? OK : no('NOTICE_WITHDRAW_TOO_LATE');
}

/** 21:00–07:00 Asia/Shanghai: no reminders. */
export function isQuietHour(now: Date): boolean {
  const h = shanghai(now).hour();
  return h >= 21 || h < 7;
}

/** The next 07:00 Asia/Shanghai at or after `now` (now itself outside quiet hours). */
export function endOfQuietHours(now: Date): Date {
  if (!isQuietHour(now)) return now;
  const s = shanghai(now);
  const day = s.hour() >= 21 ? s.add(1, 'day').format('YYYY-MM-DD') : s.format('YYYY-MM-DD');
  return dayjs.tz(`${day} 07:00`, TZ).toDate();
}

export const REMIND_INTERVAL_MS = 24 * 3600_000;

export type ReminderPlan =
  | { ok: true; dueAt: Date; queued: boolean; nextAllowedFrom: Date }
  | { ok: false; code: ErrorCode; at: Date | null };

/** 提醒未读: at most once per notice per 24 h; asked during quiet hours it waits for 07:00. */
export function planReminder(
  n: { status: NoticeStatus; remindAllowedFrom: Date; remind: { status: string; dueAt: Date } | null },
  now: Date,
): ReminderPlan {
  if (n.status === 'withdrawn') return { ok: false, code: 'NOTICE_WITHDRAWN', at: null };
  if (n.status === 'scheduled') return { ok: false, code: 'NOTICE_NOT_SENT_YET', at: null };
  if (n.remind && n.remind.status !== 'done') return { ok: false, code: 'NOTICE_REMIND_QUEUED', at: new Date(n.remind.dueAt) };
  const allowed = new Date(n.remindAllowedFrom);
  if (now.getTime() < allowed.getTime()) return { ok: false, code: 'NOTICE_REMIND_TOO_SOON', at: allowed };
  const dueAt = endOfQuietHours(now);
  return { ok: true, dueAt, queued: dueAt.getTime() > now.getTime(), nextAllowedFrom: new Date(dueAt.getTime() + REMIND_INTERVAL_MS) };
}

export const ACK = '已阅知';

/** A family's receipt: the stored choice, or why it is refused. */
export function checkReply(spec: ReceiptSpec, choice: string | undefined, comment: string | undefined): { ok: true; choice: string; comment: string } | { ok: false; code: ErrorCode } {
  const text = (comment ?? '').trim();
  if (spec.kind === 'none') return { ok: false, code: 'NOTICE_RECEIPT_NOT_NEEDED' };
  if (chars(text) > MAX_COMMENT_CHARS) return { ok: false, code: 'NOTICE_COMMENT_TOO_LONG' };
  if (hasMarkup(text)) return { ok: false, code: 'NOTICE_TEXT_UNSAFE' };
  if (spec.kind === 'ack') {
    if (choice !== undefined && choice !== ACK) return { ok: false, code: 'NOTICE_RECEIPT_CHOICE' };
    return { ok: true, choice: ACK, comment: text };
  }
  if (!choice || !spec.options.includes(choice)) return { ok: false, code: 'NOTICE_RECEIPT_CHOICE' };
  if (text && !spec.allowComment) return { ok: false, code: 'NOTICE_RECEIPT_CHOICE' };
  return { ok: true, choice, comment: text };
}

// ---------------------------------------------------------------- course reminders

/** After 18:00 Asia/Shanghai, the sessions of the next day are due for their 上课提醒. */
export function courseReminderWindow(now: Date): { due: boolean; day: string; from: Date; to: Date } {
  const s = shanghai(now);
  const day = s.add(1, 'day').format('YYYY-MM-DD');
  const from = dayjs.tz(`${day} 00:00`, TZ).toDate();
  return { due: s.hour() >= 18, day, from, to: new Date(from.getTime() + 86400_000) };
}

export const RECEIPT_LABELS: Record<ReceiptSpec['kind'], string> = { none: '无需回执', ack: '已阅知', choice: '选择回执' };
