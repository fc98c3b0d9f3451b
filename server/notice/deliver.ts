/**
 * deliverNotice: the ONE way another domain tells families something (waitlist promotion, removal,
 * change, cancellation, course reminders). It writes a notice of the same model as staff notices
 * (`notices` + `notice_inbox`, so it shows in the parents' inbox with its unread badge) and sends
 * the subscribe message only to users holding an acceptance of the template (counted per user ×
 * template). Call it AFTER the transaction commits; it never throws for a failed message.
 *
 *   await deliverNotice(ctx, {
 *     schoolId: course.schoolId, kind: 'course.promoted', courseId: course._id,
 *     title: '候补成功，已为您保留名额', body: '…',
 *     to: { recipients: [{ userId, openid }] },                 // a few named users, or
 *     // to: { courseId, statuses: ['enrolled', 'waitlisted'] }, // every family of the course (paged)
 *     subscribe: { templateId, fields: { thing1: course.title, time2: course.startAt, phrase3: '候补成功' } },
 *   });
 */
import type { Cloud, Database } from '../core/cloud';
import { findById, isDuplicateKey } from '../core/persistence';
import { C, type SchoolDoc } from '../school/model';
import type { NoticeCategory, NoticeKind } from '../../types/notice/notice.schema';
import { formatTemplateData, type FieldValue } from '../../types/notice/subscribe-fields';
import { audienceQuery, countAudience } from './audience';
import { defined, NOTICES, runFanout, type StoredNotice } from './fanout';
import { newNoticeId } from './notice.service';

export interface DeliverInput {
  schoolId: string;
  kind: Exclude<NoticeKind, 'manual'>;
  title: string;
  body: string;
  courseId?: string | null;
  category?: NoticeCategory;
  /** Named users (≤ 1,000), or every family of a course with these enrolment statuses (paged). */
  to: { recipients: { userId: string; openid: string }[] } | { courseId: string; statuses: string[] };
  /** Subscribe message: template and raw fields, formatted here to WeChat's limits. */
  subscribe?: { templateId: string; fields: Record<string, FieldValue>; page?: string } | null;
  /** A deterministic id makes a repeated delivery a no-op (e.g. `cr_<sessionId>` for a course reminder). */
  id?: string;
  senderName?: string;
}

export interface DeliverResult {
  noticeId: string;
  /** false: a notice with this id was delivered before. */
  created: boolean;
  recipients: number;
  done: boolean;
  messages: number;
}

export const DELIVER_BUDGET_MS = 1500;

export async function deliverNotice(deps: { db: Database; cloud: Cloud; now?: Date }, input: DeliverInput, budgetMs = DELIVER_BUDGET_MS): Promise<DeliverResult> {
  const now = deps.now ?? new Date();
  const ctx = { db: deps.db, cloud: deps.cloud, now };
  const id = input.id ?? newNoticeId();
  const school = await findById<SchoolDoc>(deps.db, C.schools, input.schoolId);
  const seen = new Set<string>();
  const list = 'recipients' in input.to ? input.to.recipients.filter((r) => r.userId && !seen.has(r.userId) && seen.add(r.userId)).slice(0, 1000) : undefined;
  const audience = list ? ({ kind: 'users' } as const) : { kind: 'course' as const, courseId: (input.to as { courseId: string }).courseId };
  const courseStatuses = list ? undefined : (input.to as { statuses: string[] }).statuses;
  const expected = await countAudience(deps.db, await audienceQuery(deps.db, input.schoolId, audience, { courseStatuses }), list?.length ?? 0);
  const page = input.subscribe?.page ?? (input.courseId ? `packages/course/pages/detail/index?id=${input.courseId}` : `packages/notice/pages/detail/index?id=${id}`);
  const doc: StoredNotice = {
    _id: id,
    schoolId: input.schoolId,
    schoolName: school?.name ?? '',
    kind: input.kind,
    category: input.category ?? '课程通知',
    title: input.title,
    body: input.body,
    images: [],
    attachment: null,
    audience,
    audienceLabel: list ? '相关家长' : '课程报名家庭',
    audienceClassIds: [],
    receipt: { kind: 'none' },
    courseId: input.courseId ?? null,
    senderId: '',
    senderName: input.senderName ?? school?.name ?? '家长学校',
    status: 'sending',
    sendAt: now,
    scheduledAt: null,
    counts: { recipients: 0, read: 0, replied: 0, choices: {} },
    fanout: { phase: 'audience', cursor: '', leaseUntil: new Date(0), expected, pages: 0, startedAt: now },
    remindAllowedFrom: now,
    remind: null,
    withdrawnAt: null,
    createdAt: now,
    updatedAt: now,
    recipients: list,
    courseStatuses,
    subscribe: input.subscribe ? { templateId: input.subscribe.templateId, page, data: formatTemplateData(input.subscribe.fields) } : null,
  };
  if (expected === 0) return { noticeId: id, created: false, recipients: 0, done: true, messages: 0 };
  try {
    await deps.db.collection(NOTICES).add({ data: defined(doc) });
  } catch (e) {
    if (isDuplicateKey(e)) return { noticeId: id, created: false, recipients: 0, done: true, messages: 0 };
    throw e;
  }
  try {
    const r = await runFanout(ctx, id, budgetMs);
    return { noticeId: id, created: true, recipients: r.written, done: r.done, messages: r.messages };
  } catch (e) {
    // The notice stays 'sending': notice-cron finishes it.
    console.error(`[notice] deliver ${input.kind} continues later: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300));
    return { noticeId: id, created: true, recipients: 0, done: false, messages: 0 };
  }
}
