/**
 * 提醒未读: the unread recipients of a notice get a subscribe message where they hold an
 * acceptance of the notice template, else an in-app reminder (inbox.remindedAt, shown as 老师提醒).
 * Runs at once, or from notice-cron at 07:00 when asked during quiet hours; paged within a time
 * budget under a lease like the fan-out, continued by the next tick.
 */
import type { InboxDoc } from '../../types/notice/notice.schema';
import { isQuietHour } from '../../types/notice/notice.rules';
import { formatTemplateData } from '../../types/notice/subscribe-fields';
import { INBOX, NOTICES, type Deps, type StoredNotice } from './fanout';
import { claimLease, inBatches, leaseUntil } from './paging';
import { NOTICE_TEMPLATES, sendWithAcceptance, usersWithAcceptance } from './subscribe';

const PAGE = 200;

export function detailPage(noticeId: string): string {
  return `packages/notice/pages/detail/index?id=${noticeId}`;
}

export function reminderMessage(n: StoredNotice) {
  return {
    templateId: NOTICE_TEMPLATES.notice,
    page: detailPage(n._id),
    data: formatTemplateData({ thing1: n.title, thing2: n.schoolName || n.senderName, time3: n.sendAt, thing4: n.receipt.kind === 'none' ? '老师提醒您查看这条通知' : '老师提醒您查看并回执' }),
  };
}

export interface RemindResult {
  busy: boolean;
  done: boolean;
  messages: number;
  inApp: number;
}

export async function runReminder(deps: Deps, noticeId: string, budgetMs: number): Promise<RemindResult> {
  const { db } = deps;
  const _ = db.command;
  const started = Date.now();
  if (isQuietHour(new Date())) return { busy: false, done: false, messages: 0, inApp: 0 };
  const claim = await claimLease<StoredNotice>(
    db,
    NOTICES,
    noticeId,
    { status: _.in(['sending', 'sent']), 'remind.status': _.in(['queued', 'sending']), 'remind.dueAt': _.lte(new Date()), 'remind.leaseUntil': _.lt(new Date()) },
    { remind: { status: 'sending', leaseUntil: leaseUntil(budgetMs) } },
  );
  if (claim.busy) return { busy: true, done: false, messages: 0, inApp: 0 };
  const n = claim.doc;
  if (!n?.remind) return { busy: false, done: true, messages: 0, inApp: 0 };
  const msg = reminderMessage(n);
  let cursor = n.remind.cursor;
  let messages = 0;
  let inApp = 0;
  for (;;) {
    const where: Record<string, unknown> = { noticeId, readAt: null, status: 'active' };
    if (cursor) where._id = _.gt(cursor);
    const docs = (await db.collection<InboxDoc>(INBOX).where(where).orderBy('_id', 'asc').limit(PAGE).field({ _id: true, userId: true, openid: true }).get()).data as InboxDoc[];
    const accepted = await usersWithAcceptance(db, docs.map((d) => d.userId), msg.templateId);
    let pageMessages = 0;
    await inBatches(docs, 10, async (d) => {
      const sent = accepted.has(d.userId) && (await sendWithAcceptance(deps, { userId: d.userId, openid: d.openid }, msg, deps.now)) === 'sent';
      if (sent) pageMessages++;
    });
    if (docs.length) await db.collection(INBOX).where({ _id: _.in(docs.map((d) => d._id)), readAt: null }).update({ data: { remindedAt: deps.now } });
    messages += pageMessages;
    inApp += docs.length - pageMessages;
    cursor = docs.length ? docs[docs.length - 1]._id : cursor;
    const last = docs.length < PAGE;
    await db.collection(NOTICES).doc(noticeId).update({
      data: {
        remind: last
          ? { cursor, status: 'done', sentAt: new Date(), leaseUntil: new Date(0), messages: _.inc(pageMessages), inApp: _.inc(docs.length - pageMessages) }
          : { cursor, messages: _.inc(pageMessages), inApp: _.inc(docs.length - pageMessages) },
      },
    });
    if (last) return { busy: false, done: true, messages, inApp };
    if (Date.now() - started >= budgetMs) {
      await db.collection(NOTICES).doc(noticeId).update({ data: { remind: { leaseUntil: new Date(0) } } });
      return { busy: false, done: false, messages, inApp };
    }
  }
}
