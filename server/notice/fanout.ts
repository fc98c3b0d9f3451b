/**
 * Fan-out: writes a notice's inbox records (notice_inbox/{noticeId}_{userId}, deterministic, so a
 * page written twice — a retry, two workers — is a duplicate, never a second record) page by page
 * within a time budget, holding a lease on the notice so only one worker pages it at a time. What
 * the budget does not cover, the next notice-cron tick continues (the sender sees the progress).
 * Counters: `counts.recipients` grows by each page's new records and is recounted at the end.
 */
import type { Cloud, Database } from '../core/cloud';
import { findById, findByIds, isDuplicateKey } from '../core/persistence';
import type { UserDoc } from '../access/actor';
import type { EnrollmentDoc } from '../../types/course/course.schema';
import type { InboxChild, InboxDoc, NoticeDoc } from '../../types/notice/notice.schema';
import { audienceQuery, type AudienceQuery } from './audience';
import { claimLease, inBatches, leaseUntil } from './paging';
import { sendWithAcceptance, usersWithAcceptance, type SubscribeMessage } from './subscribe';

export const NOTICES = 'notices';
export const INBOX = 'notice_inbox';
export const RECEIPTS = 'notice_receipts';
/** A family's receipt key: the child (familyId = childId); a recipient without a child listed answers for themself. */
export const receiptKeys = (rec: { noticeId: string; userId: string; childIds: string[] }) =>
  (rec.childIds.length ? rec.childIds : [`u-${rec.userId}`]).map((k) => `${rec.noticeId}_${k}`);
export const inboxId = (noticeId: string, userId: string) => `${noticeId}_${userId}`;

/** The SDK refuses undefined values: drop them before an add. */
export function defined<T extends object>(doc: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

export interface Deps {
  db: Database;
  cloud: Cloud;
  now: Date;
}

/** A notice doc as stored, plus the fan-out extras (explicit recipients, the subscribe message). */
export type StoredNotice = NoticeDoc & {
  recipients?: { userId: string; openid: string }[];
  subscribe?: SubscribeMessage | null;
  courseStatuses?: string[];
  schoolName?: string;
};

interface Recipient {
  userId: string;
  openid: string;
  children: InboxChild[];
}

export const PAGE_SIZE = 200;
const WRITE_CONCURRENCY = 25;

/** One page of recipients after `cursor`; `next` is the cursor after it, `last` when the audience is exhausted. */
async function readPage(db: Database, n: StoredNotice, q: AudienceQuery, cursor: string): Promise<{ recipients: Recipient[]; next: string; last: boolean }> {
  const _ = db.command;
  if (q.collection === 'list') {
    const all = n.recipients ?? [];
    const from = cursor ? Number(cursor) : 0;
    const slice = all.slice(from, from + PAGE_SIZE);
    return { recipients: slice.map((r) => ({ ...r, children: [] })), next: String(from + slice.length), last: from + slice.length >= all.length };
  }
  const where = cursor ? { ...q.where, _id: _.gt(cursor) } : q.where;
  if (q.collection === 'users') {
    const r = await db.collection<UserDoc>('users').where(where).orderBy('_id', 'asc').limit(PAGE_SIZE).field({ _id: true, openid: true, children: true, consent: true }).get();
    const docs = r.data as UserDoc[];
    const recipients = docs.filter((u) => !!u.consent).map((u) => ({ userId: u._id, openid: u.openid, children: q.pick(u) })).filter((x) => x.children.length > 0);
    return { recipients, next: docs.length ? docs[docs.length - 1]._id : cursor, last: docs.length < PAGE_SIZE };
  }
  const r = await db.collection<EnrollmentDoc>('enrollments').where(where).orderBy('_id', 'asc').limit(PAGE_SIZE).get();
  const docs = r.data as EnrollmentDoc[];
  const users = new Map((await findByIds<UserDoc>(db, 'users', docs.map((e) => e.userId))).map((u) => [u._id, u]));
  const byUser = new Map<string, Recipient>();
  for (const e of docs) {
    const u = users.get(e.userId);
    if (!u || !u.consent) continue;
    const rec = byUser.get(e.userId) ?? { userId: e.userId, openid: u.openid || e.openid, children: [] };
    rec.children.push({ childId: e.familyId, classId: e.classId, schoolId: e.childSchoolId, childName: e.childName, relation: '' });
    byUser.set(e.userId, rec);
  }
  return { recipients: [...byUser.values()], next: docs.length ? docs[docs.length - 1]._id : cursor, last: docs.length < PAGE_SIZE };
}

function inboxDoc(n: StoredNotice, r: Recipient, now: Date): InboxDoc {
  return {
    _id: inboxId(n._id, r.userId),
    noticeId: n._id,
    userId: r.userId,
    openid: r.openid,
    schoolId: n.schoolId,
    children: r.children,
    childIds: [...new Set(r.children.map((c) => c.childId))],
    classIds: [...new Set(r.children.map((c) => c.classId))],
    title: n.title,
    category: n.category,
    kind: n.kind,
    courseId: n.courseId,
    needsReceipt: n.receipt.kind !== 'none',
    status: 'active',
    sendAt: n.sendAt,
    readAt: null,
    receipt: null,
    remindedAt: null,
    createdAt: now,
  };
}

/** Writes one recipient's record; true when it is new. A duplicate with new children is merged. */
async function writeOne(db: Database, n: StoredNotice, r: Recipient, now: Date): Promise<boolean> {
  const doc = inboxDoc(n, r, now);
  try {
    await db.collection(INBOX).add({ data: doc as unknown as Record<string, unknown> });
    return true;
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    // Already written (a retried page), or the same family seen on another page of a course's
    // enrolments (a parent with two enrolled children): add the children it does not list yet.
    const cur = await findById<InboxDoc>(db, INBOX, doc._id);
    if (!cur) return false;
    const missing = r.children.filter((c) => !cur.childIds.includes(c.childId));
    if (missing.length) {
      const children = [...cur.children, ...missing];
      await db.collection(INBOX).doc(doc._id).update({
        data: { children, childIds: [...new Set(children.map((c) => c.childId))], classIds: [...new Set(children.map((c) => c.classId))] },
      });
    }
    return false;
  }
}

/** Hides a withdrawn notice from every inbox (one multi-document update). */
export async function hideFromInboxes(db: Database, noticeId: string): Promise<void> {
  await db.collection(INBOX).where({ noticeId, status: 'active' }).update({ data: { status: 'withdrawn' } });
}

export interface FanoutResult {
  /** Another worker holds the lease (nothing done here). */
  busy: boolean;
  done: boolean;
  written: number;
  messages: number;
}

/** Pages the notice's audience for up to `budgetMs`; returns when done, out of time, or withdrawn. */
export async function runFanout(deps: Deps, noticeId: string, budgetMs: number): Promise<FanoutResult> {
  const { db } = deps;
  const _ = db.command;
  const started = Date.now();
  const claim = await claimLease<StoredNotice>(db, NOTICES, noticeId, { status: 'sending', 'fanout.leaseUntil': _.lt(new Date()) }, { fanout: { leaseUntil: leaseUntil(budgetMs) } });
  if (claim.busy) return { busy: true, done: false, written: 0, messages: 0 };
  const n = claim.doc;
  if (!n || n.status !== 'sending') return { busy: false, done: true, written: 0, messages: 0 };
  const q = await audienceQuery(db, n.schoolId, n.audience, { courseStatuses: n.courseStatuses });
  let cursor = n.fanout.cursor;
  let written = 0;
  let messages = 0;
  for (;;) {
    const page = await readPage(db, n, q, cursor);
    const fresh: Recipient[] = [];
    await inBatches(page.recipients, WRITE_CONCURRENCY, async (r) => {
      if (await writeOne(db, n, r, deps.now)) fresh.push(r);
    });
    if (n.subscribe && fresh.length) {
      const accepted = await usersWithAcceptance(db, fresh.map((r) => r.userId), n.subscribe.templateId);
      const msg = n.subscribe;
      await inBatches(fresh.filter((r) => accepted.has(r.userId)), 10, async (r) => {
        if ((await sendWithAcceptance(deps, r, msg, deps.now)) === 'sent') messages++;
      });
    }
    written += fresh.length;
    cursor = page.next;
    const moved = await db
      .collection(NOTICES)
      .where({ _id: noticeId, status: 'sending' })
      .update({ data: { fanout: { cursor, pages: _.inc(1) }, counts: { recipients: _.inc(fresh.length) }, updatedAt: new Date() } });
    if (moved.stats.updated !== 1) {
      // Withdrawn meanwhile: hide what this page wrote after the withdrawal hid the rest.
      await hideFromInboxes(db, noticeId);
      return { busy: false, done: true, written, messages };
    }
    if (page.last) break;
    if (Date.now() - started >= budgetMs) {
      await db.collection(NOTICES).where({ _id: noticeId }).update({ data: { fanout: { leaseUntil: new Date(0) } } });
      return { busy: false, done: false, written, messages };
    }
  }
  // Done: recount from the records themselves (exact whatever happened in between).
  const total = (await db.collection(INBOX).where({ noticeId }).count()).total;
  const fin = await db
    .collection(NOTICES)
    .where({ _id: noticeId, status: 'sending' })
    .update({ data: { status: 'sent', fanout: { phase: 'done', leaseUntil: new Date(0), doneAt: new Date() }, counts: { recipients: total }, updatedAt: new Date() } });
  if (fin.stats.updated !== 1) await hideFromInboxes(db, noticeId);
  return { busy: false, done: true, written, messages };
}
