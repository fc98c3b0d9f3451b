/**
 * Parent side of notices: the inbox (filter by child, unread count for the tab badge), the detail
 * that marks a notice read once (a conditional update of the caller's own record, then a
 * conditional-increment counter), receipts once per family, mark all read, and the subscribe
 * acceptances the app reports.
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findById, findByIds, isDuplicateKey } from '../core/persistence';
import { membershipIn } from '../access/actor';
import { C, type SchoolDoc } from '../school/model';
import type { InboxDoc, InboxOutput, NoticeDetailOutput, ReceiptDoc } from '../../types/notice/notice.schema';
import { checkReply, extOf, isSchoolWide, isStaff } from '../../types/notice/notice.rules';
import { INBOX, inboxId, NOTICES, RECEIPTS, receiptKeys, type StoredNotice } from './fanout';
import { reportAccepted } from './subscribe';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : '');
const PAGE = 20;

export async function unreadCount(ctx: Ctx): Promise<{ unread: number }> {
  const actor = await ctx.actor();
  const r = await ctx.db.collection(INBOX).where({ userId: actor.userId, status: 'active', readAt: null }).count();
  return { unread: r.total };
}

export async function inbox(ctx: Ctx, input: { childId?: string; before?: Date }): Promise<InboxOutput> {
  const actor = await ctx.actor();
  const _ = ctx.db.command;
  if (input.childId && !actor.children.some((c) => c.childId === input.childId)) fail('FORBIDDEN');
  const where: Record<string, unknown> = { userId: actor.userId, status: 'active' };
  if (input.childId) where.childIds = input.childId;
  if (input.before) where.sendAt = _.lt(input.before);
  const [page, unread] = await Promise.all([
    ctx.db.collection<InboxDoc>(INBOX).where(where).orderBy('sendAt', 'desc').limit(PAGE + 1).get(),
    unreadCount(ctx),
  ]);
  const docs = (page.data as InboxDoc[]).slice(0, PAGE);
  // Replied: by the caller, or for every child of the item by another guardian (one receipt per family).
  const familyReplied = new Set((await findByIds<ReceiptDoc>(ctx.db, RECEIPTS, docs.filter((d) => d.needsReceipt && !d.receipt).flatMap(receiptKeys))).map((r) => r._id));
  const schools = new Map((await findByIds<SchoolDoc>(ctx.db, C.schools, docs.map((d) => d.schoolId))).map((s) => [s._id, s.name]));
  return {
    items: docs.map((d) => ({
      noticeId: d.noticeId,
      title: d.title,
      category: d.category,
      kind: d.kind,
      schoolName: schools.get(d.schoolId) ?? '',
      sendAt: iso(d.sendAt),
      read: !!d.readAt,
      needsReceipt: d.needsReceipt,
      replied: !!d.receipt || (d.needsReceipt && receiptKeys(d).every((k) => familyReplied.has(k))),
      reminded: !!d.remindedAt && !d.readAt,
      childNames: d.children.map((c) => c.childName),
    })),
    unread: unread.unread,
    hasMore: page.data.length > PAGE,
  };
}

async function tempUrls(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!ids.length) return out;
  try {
    const r = (await ctx.cloud.getTempFileURL({ fileList: ids })) as { fileList?: { fileID: string; tempFileURL?: string; status?: number }[] };
    for (const f of r.fileList ?? []) if (f.tempFileURL && !f.status) out.set(f.fileID, f.tempFileURL);
  } catch {
    /* the text still shows */
  }
  return out;
}

/** Marks the caller's record read once; the notice's counter follows only when this call did it. */
async function markRead(ctx: Ctx, rec: InboxDoc): Promise<boolean> {
  if (rec.readAt) return false;
  const r = await ctx.db.collection(INBOX).where({ _id: rec._id, readAt: null }).update({ data: { readAt: ctx.now } });
  if (r.stats.updated !== 1) return false;
  await ctx.db.collection(NOTICES).doc(rec.noticeId).update({ data: { counts: { read: ctx.db.command.inc(1) } } });
  return true;
}

export async function noticeDetail(ctx: Ctx, input: { noticeId: string }): Promise<NoticeDetailOutput> {
  const actor = await ctx.actor();
  const [n, rec] = await Promise.all([findById<StoredNotice>(ctx.db, NOTICES, input.noticeId), findById<InboxDoc>(ctx.db, INBOX, inboxId(input.noticeId, actor.userId))]);
  if (!n) fail('NOTICE_NOT_FOUND');
  let asStaff = false;
  if (!rec || rec.status !== 'active') {
    // Staff of the notice's school who may see it: its sender, school-wide staff, or a teacher of one of its classes.
    const m = membershipIn(actor, n.schoolId);
    const staffMay = isStaff(m) && (n.senderId === actor.userId || isSchoolWide(m) || n.audienceClassIds.some((c) => m!.positions.some((p) => p.classId === c)));
    if (!staffMay) fail(rec ? 'NOTICE_WITHDRAWN' : 'NOTICE_NOT_FOUND');
    asStaff = true;
  }
  if (n.status === 'withdrawn' && !asStaff) fail('NOTICE_WITHDRAWN');
  if (rec && !asStaff) await markRead(ctx, rec);
  let myReceipt: NoticeDetailOutput['myReceipt'] = rec?.receipt ? { choice: rec.receipt.choice, comment: rec.receipt.comment, at: iso(rec.receipt.at) } : null;
  if (rec && !asStaff && !myReceipt && n.receipt.kind !== 'none') {
    const keys = receiptKeys(rec);
    const family = await findByIds<ReceiptDoc>(ctx.db, RECEIPTS, keys);
    if (family.length === keys.length) myReceipt = { choice: family[0].choice, comment: family[0].comment, at: iso(family[0].at), byFamily: true };
  }
  const urls = await tempUrls(ctx, [...n.images, ...(n.attachment ? [n.attachment.fileId] : [])]);
  const schoolName = n.schoolName ?? (await findById<SchoolDoc>(ctx.db, C.schools, n.schoolId))?.name ?? '';
  return {
    noticeId: n._id,
    title: n.title,
    category: n.category,
    kind: n.kind,
    body: n.body,
    senderName: n.senderName,
    schoolName,
    sendAt: iso(n.sendAt),
    images: n.images.map((f) => ({ fileId: f, url: urls.get(f) ?? '' })),
    attachment: n.attachment ? { name: n.attachment.name, size: n.attachment.size, url: urls.get(n.attachment.fileId) ?? '', ext: extOf(n.attachment.name) } : null,
    receipt: n.receipt,
    myReceipt,
    courseLink: n.courseId ? `/packages/course/pages/detail/index?id=${n.courseId}` : null,
    childNames: rec?.children.map((c) => c.childName) ?? [],
    asStaff,
  };
}

export async function reply(ctx: Ctx, input: { noticeId: string; choice?: string; comment?: string }): Promise<{ receipt: { choice: string; comment: string; at: string } }> {
  const actor = await ctx.actor();
  const rec = await findById<InboxDoc>(ctx.db, INBOX, inboxId(input.noticeId, actor.userId));
  if (!rec || rec.status !== 'active') fail('NOTICE_NOT_FOUND');
  const n = await findById<StoredNotice>(ctx.db, NOTICES, input.noticeId);
  if (!n || n.status === 'withdrawn') fail('NOTICE_WITHDRAWN');
  const ok = checkReply(n.receipt, input.choice, input.comment);
  if (!ok.ok) fail(ok.code);
  if (rec.receipt) fail('NOTICE_RECEIPT_DUPLICATE');
  await markRead(ctx, rec);
  const _ = ctx.db.command;
  const receipt = { choice: ok.choice, comment: ok.comment, at: ctx.now };
  // One receipt per family: deterministic ids, the first guardian's wins; a duplicate is not an error of the database.
  let created = 0;
  for (const key of receiptKeys(rec)) {
    try {
      await ctx.db.collection(RECEIPTS).add({ data: { _id: key, noticeId: n._id, childId: key.slice(n._id.length + 1), userId: actor.userId, ...receipt } });
      created++;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  if (created === 0) fail('NOTICE_RECEIPT_DUPLICATE');
  await ctx.db.collection(INBOX).where({ _id: rec._id, receipt: null, status: 'active' }).update({ data: { receipt } });
  await ctx.db.collection(NOTICES).doc(n._id).update({ data: { counts: { replied: _.inc(created), choices: { [ok.choice]: _.inc(created) } } } });
  return { receipt: { choice: receipt.choice, comment: receipt.comment, at: iso(receipt.at) } };
}

export async function markAllRead(ctx: Ctx): Promise<{ marked: number }> {
  const actor = await ctx.actor();
  let marked = 0;
  for (let round = 0; round < 20; round++) {
    const docs = (await ctx.db.collection<InboxDoc>(INBOX).where({ userId: actor.userId, status: 'active', readAt: null }).limit(100).get()).data as InboxDoc[];
    if (!docs.length) break;
    for (let i = 0; i < docs.length; i += 10) {
      const done = await Promise.all(docs.slice(i, i + 10).map((d) => markRead(ctx, d)));
      marked += done.filter(Boolean).length;
    }
    if (docs.length < 100) break;
  }
  return { marked };
}

export async function reportSubscribe(ctx: Ctx, input: { templateIds: string[] }): Promise<{ counts: Record<string, number> }> {
  const actor = await ctx.actor();
  if (!actor.user) fail('UNAUTHENTICATED');
  return { counts: await reportAccepted(ctx.db, actor.userId, input.templateIds, ctx.now) };
}
