/**
 * Staff side of notices: compose options, send (now or scheduled), withdraw within 15 minutes,
 * the sent list with progress, statistics per class with names, and 提醒未读.
 */
import { randomBytes } from 'crypto';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findAll, findById, findByIds, forEachPage } from '../core/persistence';
import { membershipIn, type Actor } from '../access/actor';
import { C, type ClassDoc, type GradeDoc, type SchoolDoc, type StaffDoc } from '../school/model';
import type { CourseDoc } from '../../types/course/course.schema';
import {
  WITHDRAW_WINDOW_MS,
  type ClassStatsDto,
  type ComposeOptionsOutput,
  type InboxDoc,
  type NoticeStatsOutput,
  type ReceiptDoc,
  type SendNoticeInput,
  type SentNoticeDto,
} from '../../types/notice/notice.schema';
import { audienceCandidates, canWithdraw, isSchoolWide, isStaff, mayAddressClass, planReminder, validateDraft } from '../../types/notice/notice.rules';
import { formatTemplateData } from '../../types/notice/subscribe-fields';
import { allianceOf, audienceQuery, authorizeAudience, classLabels, countAudience } from './audience';
import { defined, hideFromInboxes, INBOX, NOTICES, RECEIPTS, runFanout, type StoredNotice } from './fanout';
import { detailPage, runReminder } from './remind';
import { NOTICE_TEMPLATES } from './subscribe';

/** What a send does inline before answering; notice-cron continues the rest. */
export const INLINE_BUDGET_MS = 1500;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : '');

export function newNoticeId(): string {
  return `nt_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}

function requireStaff(actor: Actor, schoolId: string) {
  const m = membershipIn(actor, schoolId);
  if (!isStaff(m)) fail('FORBIDDEN');
  return m!;
}

export function toSentDto(n: StoredNotice, now: Date): SentNoticeDto {
  const delivered = n.counts.recipients;
  const done = n.status === 'sent' || n.status === 'withdrawn' || n.fanout.phase === 'done';
  return {
    noticeId: n._id,
    title: n.title,
    category: n.category,
    audienceLabel: n.audienceLabel,
    status: n.status,
    sendAt: iso(n.sendAt),
    senderName: n.senderName,
    needsReceipt: n.receipt.kind !== 'none',
    counts: n.counts,
    progress: { delivered, expected: Math.max(n.fanout.expected, delivered), done },
    canWithdraw: canWithdraw(n, now).ok,
  };
}

async function senderName(ctx: Ctx, actor: Actor, schoolId: string): Promise<string> {
  const m = membershipIn(actor, schoolId);
  const staff = m?.staffId ? await findById<StaffDoc>(ctx.db, C.staff, m.staffId) : null;
  if (!staff) return m?.roles.includes('admin') ? '学校管理员' : '老师';
  const title = staff.positions.find((p) => p.title === '校长' || p.title === '分管副校长')?.title ?? (staff.positions.some((p) => p.title === '班主任') ? '班主任' : staff.positions[0]?.title ?? '老师');
  return `${staff.name}（${title}）`;
}

export async function composeOptions(ctx: Ctx, input: { schoolId: string }): Promise<ComposeOptionsOutput> {
  const actor = await ctx.actor();
  const m = requireStaff(actor, input.schoolId);
  const [school, grades, classes, alliance] = await Promise.all([
    findById<SchoolDoc>(ctx.db, C.schools, input.schoolId),
    findAll<GradeDoc>(ctx.db, C.grades, { schoolId: input.schoolId }, 100),
    findAll<ClassDoc>(ctx.db, C.classes, { schoolId: input.schoolId }, 500),
    allianceOf(ctx.db, input.schoolId),
  ]);
  if (!school) fail('SCHOOL_NOT_FOUND');
  const gradeName = new Map(grades.map((g) => [g._id, g]));
  const sortedClasses = classes.sort((a, b) => (gradeName.get(a.gradeId)?.order ?? 0) - (gradeName.get(b.gradeId)?.order ?? 0) || a.order - b.order);
  const _ = ctx.db.command;
  const courses = (
    await ctx.db
      .collection<CourseDoc>('courses')
      .where({ schoolId: input.schoolId, status: _.in(['published', 'closed']) })
      .orderBy('startAt', 'desc')
      .limit(50)
      .field({ _id: true, title: true, createdBy: true })
      .get()
  ).data as CourseDoc[];
  const options = audienceCandidates(
    { userId: actor.userId, membership: m },
    {
      schoolId: input.schoolId,
      classes: sortedClasses.map((c) => ({ classId: c._id, gradeId: c.gradeId, label: `${gradeName.get(c.gradeId)?.name ?? ''}${c.name}` })),
      grades: grades.sort((a, b) => a.order - b.order).map((g) => ({ gradeId: g._id, label: g.name })),
      courses: courses.map((c) => ({ courseId: c._id, ownerId: c.createdBy, label: c.title })),
      alliance: alliance ? { leadSchoolId: alliance.leadSchoolId, schoolIds: alliance.schoolIds, name: alliance.name } : null,
    },
  );
  return { schoolId: input.schoolId, schoolName: school.name, options, templateIds: { notice: NOTICE_TEMPLATES.notice } };
}

export async function sendNotice(ctx: Ctx, input: SendNoticeInput): Promise<{ notice: SentNoticeDto }> {
  const actor = await ctx.actor();
  requireStaff(actor, input.schoolId);
  const envId = ctx.cloud.getWXContext().ENV ?? '';
  const draft = { ...input, images: input.images ?? [], scheduledAt: input.scheduledAt ?? null };
  const v = validateDraft(draft, ctx.now, { envId, schoolId: input.schoolId });
  if (!v.ok) fail(v.code, v.field ? [{ path: v.field }] : undefined);
  const resolved = await authorizeAudience(ctx.db, actor, input.schoolId, input.audience);
  const q = await audienceQuery(ctx.db, input.schoolId, input.audience);
  const expected = await countAudience(ctx.db, q);
  if (expected === 0) fail('NOTICE_NO_RECIPIENTS');
  const [school, name] = await Promise.all([findById<SchoolDoc>(ctx.db, C.schools, input.schoolId), senderName(ctx, actor, input.schoolId)]);
  const scheduled = !!input.scheduledAt;
  const sendAt = input.scheduledAt ?? ctx.now;
  const id = newNoticeId();
  const doc: StoredNotice = {
    _id: id,
    schoolId: input.schoolId,
    schoolName: school?.name ?? '',
    kind: 'manual',
    category: input.category,
    title: input.title.trim(),
    body: input.body,
    images: input.images ?? [],
    attachment: input.attachment ?? null,
    audience: input.audience,
    audienceLabel: resolved.label,
    audienceClassIds: resolved.classIds,
    receipt: input.receipt,
    courseId: input.courseId ?? resolved.courseId,
    senderId: actor.userId,
    senderName: name,
    status: scheduled ? 'scheduled' : 'sending',
    sendAt,
    scheduledAt: input.scheduledAt ?? null,
    counts: { recipients: 0, read: 0, replied: 0, choices: {} },
    fanout: { phase: 'audience', cursor: '', leaseUntil: new Date(0), expected, pages: 0, startedAt: ctx.now },
    remindAllowedFrom: sendAt,
    remind: null,
    withdrawnAt: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  doc.subscribe = {
    templateId: NOTICE_TEMPLATES.notice,
    page: detailPage(id),
    data: formatTemplateData({ thing1: doc.title, thing2: doc.schoolName || name, time3: sendAt, thing4: input.receipt.kind === 'none' ? `${input.category}，请及时查看` : '请查看并提交回执' }),
  };
  if (input.courseId) {
    const c = await findById<CourseDoc>(ctx.db, 'courses', input.courseId);
    if (!c || c.schoolId !== input.schoolId) fail('COURSE_NOT_FOUND');
  }
  await ctx.db.collection(NOTICES).add({ data: defined(doc) });
  if (!scheduled) {
    try {
      await runFanout(ctx, id, INLINE_BUDGET_MS);
    } catch (e) {
      // The notice is saved and stays 'sending': notice-cron finishes the fan-out.
      console.error(`[${ctx.requestId}] notice fan-out continues later: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300));
    }
  }
  const fresh = (await findById<StoredNotice>(ctx.db, NOTICES, id))!;
  return { notice: toSentDto(fresh, ctx.now) };
}

/** The notice, if the actor may manage it: its sender, or school-wide staff of its school. */
async function managedNotice(ctx: Ctx, noticeId: string): Promise<{ n: StoredNotice; actor: Actor }> {
  const [actor, n] = await Promise.all([ctx.actor(), findById<StoredNotice>(ctx.db, NOTICES, noticeId)]);
  if (!n || n.kind !== 'manual') fail('NOTICE_NOT_FOUND');
  const m = membershipIn(actor, n.schoolId);
  if (!isStaff(m) || (n.senderId !== actor.userId && !isSchoolWide(m))) fail('NOTICE_NOT_FOUND');
  return { n, actor };
}

export async function withdrawNotice(ctx: Ctx, input: { noticeId: string }): Promise<{ notice: SentNoticeDto }> {
  const { n } = await managedNotice(ctx, input.noticeId);
  const ok = canWithdraw(n, ctx.now);
  if (!ok.ok) fail(ok.code);
  const _ = ctx.db.command;
  const where =
    n.status === 'scheduled'
      ? { _id: n._id, status: 'scheduled' }
      : { _id: n._id, status: _.in(['sending', 'sent']), sendAt: _.gte(new Date(ctx.now.getTime() - WITHDRAW_WINDOW_MS)) };
  const r = await ctx.db.collection(NOTICES).where(where).update({ data: { status: 'withdrawn', withdrawnAt: ctx.now, updatedAt: ctx.now } });
  if (r.stats.updated !== 1) {
    const cur = (await findById<StoredNotice>(ctx.db, NOTICES, n._id))!;
    const again = canWithdraw(cur, ctx.now);
    fail(again.ok ? 'CONFLICT' : again.code);
  }
  await hideFromInboxes(ctx.db, n._id);
  return { notice: toSentDto((await findById<StoredNotice>(ctx.db, NOTICES, n._id))!, ctx.now) };
}

export async function listSent(ctx: Ctx, input: { schoolId: string; before?: Date }): Promise<{ items: SentNoticeDto[]; hasMore: boolean }> {
  const actor = await ctx.actor();
  const m = requireStaff(actor, input.schoolId);
  const _ = ctx.db.command;
  const where: Record<string, unknown> = { schoolId: input.schoolId, kind: 'manual' };
  if (!isSchoolWide(m)) where.senderId = actor.userId;
  if (input.before) where.sendAt = _.lt(input.before);
  const LIMIT = 20;
  const docs = (await ctx.db.collection<StoredNotice>(NOTICES).where(where).orderBy('sendAt', 'desc').limit(LIMIT + 1).get()).data as StoredNotice[];
  return { items: docs.slice(0, LIMIT).map((n) => toSentDto(n, ctx.now)), hasMore: docs.length > LIMIT };
}

/** Display name of a recipient in a class list: 王子涵家长（妈妈）. */
const personName = (childName: string, relation: string) => `${childName}${relation ? `（${relation}）` : '家长'}`;

export async function noticeStats(ctx: Ctx, input: { noticeId: string }): Promise<NoticeStatsOutput> {
  const [actor, n] = await Promise.all([ctx.actor(), findById<StoredNotice>(ctx.db, NOTICES, input.noticeId)]);
  if (!n || n.kind !== 'manual') fail('NOTICE_NOT_FOUND');
  const m = membershipIn(actor, n.schoolId);
  if (!isStaff(m)) fail('NOTICE_NOT_FOUND');
  const all = n.senderId === actor.userId || isSchoolWide(m);
  const schoolId = n.schoolId;
  const classMap = new Map<string, { total: number; read: number; replied: number; people: ClassStatsDto['people'] & object; schoolId: string }>();
  let recipients = 0;
  let read = 0;
  let replied = 0;
  const choices: Record<string, number> = {};
  const visibleClass = new Map<string, boolean>();
  const classDocs = new Map<string, ClassDoc>();
  // One receipt per family (notice_receipts/{noticeId}_{childId}): the totals and each family's row.
  const receipts = new Map<string, ReceiptDoc>();
  await forEachPage<ReceiptDoc>(ctx.db, RECEIPTS, { noticeId: n._id }, (docs) => {
    for (const r of docs) receipts.set(r._id, r);
  });
  for (const r of receipts.values()) {
    replied++;
    choices[r.choice] = (choices[r.choice] ?? 0) + 1;
  }
  await forEachPage<InboxDoc>(
    ctx.db,
    INBOX,
    { noticeId: n._id },
    async (docs) => {
      const unknown = [...new Set(docs.flatMap((d) => d.classIds))].filter((c) => !classDocs.has(c));
      if (unknown.length) for (const c of await findByIds<ClassDoc>(ctx.db, C.classes, unknown)) classDocs.set(c._id, c);
      for (const d of docs) {
        if (d.status !== 'active') continue;
        recipients++;
        if (d.readAt) read++;
        for (const c of d.children) {
          let visible = visibleClass.get(c.classId);
          if (visible === undefined) {
            const cd = classDocs.get(c.classId);
            visible = all || (!!cd && cd.schoolId === schoolId && mayAddressClass(m, { classId: cd._id, gradeId: cd.gradeId }));
            visibleClass.set(c.classId, visible);
          }
          if (!visible) continue;
          const g = classMap.get(c.classId) ?? { total: 0, read: 0, replied: 0, people: [], schoolId: c.schoolId };
          const fam = receipts.get(`${n._id}_${c.childId}`) ?? (d.receipt ? { ...d.receipt, userId: d.userId } : undefined);
          g.total++;
          if (d.readAt) g.read++;
          if (fam) g.replied++;
          const byOther = !!fam && fam.userId !== d.userId;
          g.people.push({
            name: personName(c.childName, c.relation),
            read: !!d.readAt,
            receipt: fam?.choice ?? null,
            comment: byOther ? '家人已回执' : fam?.comment || null,
            reminded: !!d.remindedAt,
          });
          classMap.set(c.classId, g);
        }
      }
    },
    { field: { userId: true, children: true, classIds: true, readAt: true, receipt: true, remindedAt: true, status: true } },
  );
  if (!all && classMap.size === 0) fail('NOTICE_NOT_FOUND');
  // The counters are kept by conditional increments; the records are the truth: recount when they differ.
  if (all && n.status !== 'sending' && (n.counts.recipients !== recipients || n.counts.read !== read || n.counts.replied !== replied)) {
    await ctx.db.collection(NOTICES).doc(n._id).update({ data: { counts: ctx.db.command.set({ recipients, read, replied, choices }) } });
    n.counts = { recipients, read, replied, choices };
  }
  const labels = await classLabels(ctx.db, [...classMap.keys()]);
  const schools = new Map((await findByIds<SchoolDoc>(ctx.db, C.schools, [...new Set([...classMap.values()].map((g) => g.schoolId))])).map((s) => [s._id, s.name]));
  const classes: ClassStatsDto[] = [...classMap.entries()]
    .map(([classId, g]) => {
      const own = g.schoolId === schoolId;
      return {
        classId,
        label: own ? labels.get(classId) ?? '' : `${schools.get(g.schoolId) ?? ''} ${labels.get(classId) ?? ''}`,
        total: g.total,
        read: g.read,
        replied: g.replied,
        // Another school's families (a 教联体 notice): counts only, no names.
        people: own ? g.people.sort((a, b) => Number(a.read) - Number(b.read) || a.name.localeCompare(b.name, 'zh')) : null,
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
  const plan = planReminder(n, ctx.now);
  const remind = {
    allowed: all && plan.ok && read < recipients,
    reason: plan.ok ? (read >= recipients ? '全部家长已读' : null) : plan.code,
    nextAt: !plan.ok && plan.code === 'NOTICE_REMIND_TOO_SOON' && plan.at ? plan.at.toISOString() : null,
    queuedFor: n.remind && n.remind.status !== 'done' ? iso(n.remind.dueAt) : null,
    lastAt: n.remind?.sentAt ? iso(n.remind.sentAt) : null,
  };
  return {
    notice: toSentDto(n, ctx.now),
    classes,
    totals: all ? { recipients, read, unread: recipients - read, replied, choices } : sumClasses(classes),
    remind,
  };
}

function sumClasses(classes: ClassStatsDto[]) {
  const t = { recipients: 0, read: 0, unread: 0, replied: 0, choices: {} as Record<string, number> };
  for (const c of classes) {
    t.recipients += c.total;
    t.read += c.read;
    t.replied += c.replied;
    for (const p of c.people ?? []) if (p.receipt) t.choices[p.receipt] = (t.choices[p.receipt] ?? 0) + 1;
  }
  t.unread = t.recipients - t.read;
  return t;
}

export async function remindUnread(ctx: Ctx, input: { noticeId: string }): Promise<{ queued: boolean; dueAt: string; sent: number }> {
  const { n } = await managedNotice(ctx, input.noticeId);
  const plan = planReminder(n, ctx.now);
  if (!plan.ok) fail(plan.code, plan.at ? { at: plan.at.toISOString() } : undefined);
  const _ = ctx.db.command;
  // The claim: one conditional update; a second tap (or a concurrent one) finds the window moved.
  const r = await ctx.db
    .collection(NOTICES)
    .where({ _id: n._id, status: _.in(['sending', 'sent']), remindAllowedFrom: _.lte(ctx.now) })
    .update({
      data: {
        remindAllowedFrom: plan.nextAllowedFrom,
        remind: _.set({ requestedAt: ctx.now, dueAt: plan.dueAt, status: 'queued', cursor: '', leaseUntil: new Date(0), messages: 0, inApp: 0 }),
        updatedAt: ctx.now,
      },
    });
  if (r.stats.updated !== 1) {
    const again = planReminder((await findById<StoredNotice>(ctx.db, NOTICES, n._id))!, ctx.now);
    fail(again.ok ? 'CONFLICT' : again.code);
  }
  let sent = 0;
  if (!plan.queued) {
    const res = await runReminder(ctx, n._id, INLINE_BUDGET_MS);
    sent = res.messages + res.inApp;
  }
  return { queued: plan.queued, dueAt: plan.dueAt.toISOString(), sent };
}

