/**
 * The case loop: a receptionist records the outcome (处理结果) of a booking, a parent sends a
 * suggestion; follow-ups and referrals show on the assignee's list; the parent rates; 不满意 or an
 * overdue follow-up reopens the case for a school leader, who answers again or closes it with a
 * reason. Every change is one conditional update on the case's `version` (no lost update, no
 * transaction); the parent / assignee is told after it.
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail, isDomainError } from '../core/errors';
import { findById, isDuplicateKey } from '../core/persistence';
import { membershipIn, type Actor } from '../access/actor';
import type { CaseDto, ReceptionBookingDoc, ReceptionCaseDoc, RecordOutcomeInput, StaffRef, Topic } from '../../types/reception/reception.schema';
import { addWorkingDays, followUpDueAt, followUpPending, nextCaseStatus, type CaseEvent } from '../../types/reception/reception.rules';
import { formatDate } from '../../types/common/time';
import type { StaffDoc } from '../school/model';
import { BOOKINGS, CASES, STAFF, loadDay } from './reception-store';
import { loadSettings } from './settings.service';
import { caseAbilities, caseRoles, isLeader, isReceptionistOf, requireChild, requireLeader, staffIdIn } from './reception-access';
import { caseDto } from './dto';
import { familyFieldsFrom, familyFieldsOf, newCase } from './case-builder';
import { cut, notifyUser, RECEPTION_TEMPLATES } from './notify';

const ACTIVE = ['open', 'answered', 'reopened'];

function view(actor: Actor, c: ReceptionCaseDoc, now: Date): CaseDto {
  const roles = caseRoles(actor, c);
  return caseDto(c, caseAbilities(roles, c), now, roles.includes('family'));
}

/** Load a case the caller may see (else NOT_FOUND: another family's case does not exist for them). */
async function visibleCase(ctx: Ctx, caseId: string): Promise<{ actor: Actor; c: ReceptionCaseDoc }> {
  const [actor, c] = await Promise.all([ctx.actor(), findById<ReceptionCaseDoc>(ctx.db, CASES, caseId)]);
  if (!c || caseRoles(actor, c).length === 0) fail('RECEPTION_CASE_NOT_FOUND');
  return { actor, c };
}

/** One conditional update on the version read; re-read and re-decide up to 4 times. */
async function mutate(db: Database, c0: ReceptionCaseDoc, change: (c: ReceptionCaseDoc) => Partial<ReceptionCaseDoc>, now: Date): Promise<ReceptionCaseDoc> {
  let c = c0;
  for (let attempt = 0; attempt < 4; attempt++) {
    const patch = change(c);
    const u = await db.collection(CASES).where({ _id: c._id, version: c.version }).update({ data: { ...patch, version: c.version + 1, updatedAt: now } });
    if (u.stats.updated) return { ...c, ...patch, version: c.version + 1, updatedAt: now };
    const fresh = await findById<ReceptionCaseDoc>(db, CASES, c._id);
    if (!fresh) fail('RECEPTION_CASE_NOT_FOUND');
    c = fresh;
  }
  fail('CONFLICT');
}

function step(c: ReceptionCaseDoc, e: CaseEvent) {
  const r = nextCaseStatus(c, e);
  if (!r.ok) fail(r.code, { reason: r.reason });
  return r;
}

async function staffRef(db: Database, schoolId: string, staffId: string): Promise<StaffRef> {
  const s = await findById<StaffDoc>(db, STAFF, staffId);
  if (!s || s.schoolId !== schoolId) fail('RECEPTION_ASSIGNEE_INVALID');
  const title = s.positions[0]?.title ?? '教职工';
  return { staffId: s._id, name: s.name, title, userId: s.userId ?? null };
}

async function tellFamily(ctx: Ctx, c: ReceptionCaseDoc, title: string, phrase: string, state: '已答复' | '已完成' | '已办结') {
  await notifyUser(ctx, { userId: c.userId, openid: c.openid }, {
    schoolId: c.schoolId,
    kind: 'reception.case',
    title,
    body: `您提出的“${cut(c.description, 20)}”${phrase}。请在“我的接待与建议”中查看。`,
    page: `packages/reception/pages/case/index?id=${c._id}`,
    templateId: RECEPTION_TEMPLATES.caseUpdate,
    data: { thing1: { value: cut(c.topic, 20) }, phrase2: { value: state }, thing3: { value: '请在小程序中查看处理结果' } },
    ref: c._id,
  }, ctx.now);
}

async function tellStaff(ctx: Ctx, c: ReceptionCaseDoc, who: StaffRef | null, title: string) {
  if (!who?.userId) return;
  await notifyUser(ctx, { userId: who.userId }, { schoolId: c.schoolId, kind: 'reception.assigned', title, body: `${c.topic}：${cut(c.description, 30)}`, page: `packages/reception/pages/case/index?id=${c._id}`, ref: c._id }, ctx.now);
}

/** The outcome of a booking (the case is created with it) or the answer to a suggestion / reopened case. */
export async function recordOutcome(ctx: Ctx, input: RecordOutcomeInput): Promise<CaseDto> {
  const actor = await ctx.actor();
  const now = ctx.now;
  let c = await findById<ReceptionCaseDoc>(ctx.db, CASES, input.caseId);
  let schoolId: string;
  let receptionist: StaffRef | null = null;
  let booking: ReceptionBookingDoc | null = null;
  if (!c) {
    // A booking's first outcome: the case id is the booking id.
    booking = await findById<ReceptionBookingDoc>(ctx.db, BOOKINGS, input.caseId);
    if (!booking) fail('RECEPTION_CASE_NOT_FOUND');
    const day = await loadDay(ctx.db, booking.dayId);
    if (!isLeader(actor, day.schoolId) && !isReceptionistOf(actor, day, booking.staffId)) fail('RECEPTION_CASE_NOT_FOUND');
    if (!['booked', 'arrived'].includes(booking.status)) fail('RECEPTION_STATE_INVALID', { reason: '该预约未到场或已取消' });
    schoolId = day.schoolId;
    receptionist = day.receptionists.find((r) => r.staffId === booking!.staffId) ?? null;
  } else {
    const can = caseAbilities(caseRoles(actor, c), c);
    if (caseRoles(actor, c).length === 0 || caseRoles(actor, c).every((r) => r === 'family')) fail('RECEPTION_CASE_NOT_FOUND');
    if (!can.answer) fail(c.status === 'reopened' ? 'FORBIDDEN' : 'RECEPTION_STATE_INVALID');
    schoolId = c.schoolId;
  }
  if (input.followUpNeeded && (!input.dueDate || input.dueDate < formatDate(now))) fail('RECEPTION_DUE_INVALID');
  const me = staffIdIn(actor, schoolId);
  const assigneeId = input.followUpNeeded ? input.assigneeStaffId || me : input.assigneeStaffId;
  if (input.followUpNeeded && !assigneeId) fail('RECEPTION_DUE_INVALID');
  const assignee = assigneeId ? await staffRef(ctx.db, schoolId, assigneeId) : null;
  const dueAt = input.followUpNeeded ? followUpDueAt(input.dueDate!, now) : null;
  const outcome = { discussed: input.discussed, actions: input.actions, followUpNeeded: input.followUpNeeded, assignee, dueAt, recordedAt: now, recordedBy: actor.userId };

  if (!c) {
    const b = booking!;
    const doc = newCase(
      {
        _id: b._id,
        kind: 'booking',
        schoolId,
        ...familyFieldsFrom(b),
        topic: b.topic,
        description: b.description,
        receptionist,
        assigneeStaffId: input.followUpNeeded || assignee ? assignee?.staffId ?? null : null,
        outcome,
        status: 'answered',
        dueAt,
        dayId: b.dayId,
      },
      now,
    );
    try {
      const { _id, ...data } = doc;
      await ctx.db.collection(CASES).add({ data: { _id, ...data } });
      c = doc;
      if (b.status === 'booked') await ctx.db.collection(BOOKINGS).where({ _id: b._id, status: 'booked', gen: b.gen }).update({ data: { status: 'arrived', updatedAt: now } });
    } catch (e) {
      if (isDomainError(e) || !isDuplicateKey(e)) throw e;
      // Recorded concurrently: answer it as an update.
      return recordOutcome(ctx, input);
    }
  } else {
    c = await mutate(ctx.db, c, (cur) => {
      step(cur, { type: 'answer' });
      return { outcome, status: 'answered', rating: null, followUpDoneAt: null, followUpNote: null, assigneeStaffId: assignee?.staffId ?? cur.assigneeStaffId, dueAt, reopenReason: null };
    }, now);
  }
  await tellFamily(ctx, c, '您的事项有了处理结果', '已有处理结果，请查看并评价', '已答复');
  if (assignee && assignee.staffId !== me) await tellStaff(ctx, c, assignee, input.followUpNeeded ? '您有一项需要跟进的家长事项' : '有一项家长事项转给您');
  return view(actor, c, now);
}

export async function completeFollowUp(ctx: Ctx, input: { caseId: string; note: string }): Promise<CaseDto> {
  const { actor, c } = await visibleCase(ctx, input.caseId);
  if (!caseAbilities(caseRoles(actor, c), c).followUp) fail(followUpPending(c) ? 'FORBIDDEN' : 'RECEPTION_STATE_INVALID');
  const next = await mutate(ctx.db, c, (cur) => {
    const r = step(cur, { type: 'followUpDone' });
    return { status: r.status, followUpDoneAt: ctx.now, followUpNote: input.note, dueAt: null, ...(r.status === 'closed' ? { closedAt: ctx.now, closedReason: '跟进已完成，家长已评价满意' } : {}) };
  }, ctx.now);
  await tellFamily(ctx, next, '需要跟进的工作已完成', '跟进工作已完成', '已完成');
  return view(actor, next, ctx.now);
}

export async function rate(ctx: Ctx, input: { caseId: string; rating: 'satisfied' | 'basic' | 'unsatisfied'; comment: string }): Promise<CaseDto> {
  const { actor, c } = await visibleCase(ctx, input.caseId);
  if (!caseRoles(actor, c).includes('family')) fail('RECEPTION_CASE_NOT_FOUND');
  const next = await mutate(ctx.db, c, (cur) => {
    const r = step(cur, { type: 'rate', value: input.rating });
    return {
      status: r.status,
      rating: { value: input.rating, comment: input.comment, at: ctx.now },
      ...(r.status === 'reopened' ? { reopenReason: 'unsatisfied' as const, reopenedAt: ctx.now } : {}),
      ...(r.status === 'closed' ? { closedAt: ctx.now, closedReason: '家长评价满意', dueAt: null } : {}),
    };
  }, ctx.now);
  if (next.status === 'reopened') await tellLeaders(ctx, next, '家长对处理结果不满意，事项已重新打开');
  return view(actor, next, ctx.now);
}

export async function closeCase(ctx: Ctx, input: { caseId: string; reason: string }): Promise<CaseDto> {
  const { actor, c } = await visibleCase(ctx, input.caseId);
  requireLeader(actor, c.schoolId);
  const next = await mutate(ctx.db, c, (cur) => {
    step(cur, { type: 'close' });
    return { status: 'closed', closedReason: input.reason, closedBy: actor.userId, closedAt: ctx.now, dueAt: null };
  }, ctx.now);
  await tellFamily(ctx, next, '您的事项已办结', '已由学校办结', '已办结');
  return view(actor, next, ctx.now);
}

/** A leader assigns (or re-assigns) who answers a case. */
export async function assignCase(ctx: Ctx, input: { caseId: string; assigneeStaffId: string }): Promise<CaseDto> {
  const { actor, c } = await visibleCase(ctx, input.caseId);
  requireLeader(actor, c.schoolId);
  if (c.status === 'closed') fail('RECEPTION_STATE_INVALID');
  const who = await staffRef(ctx.db, c.schoolId, input.assigneeStaffId);
  const next = await mutate(ctx.db, c, () => ({ assigneeStaffId: who.staffId }), ctx.now);
  await tellStaff(ctx, next, who, '学校领导转给您一项家长事项');
  return view(actor, next, ctx.now);
}

export async function caseDetail(ctx: Ctx, input: { caseId: string }): Promise<CaseDto> {
  const { actor, c } = await visibleCase(ctx, input.caseId);
  return view(actor, c, ctx.now);
}

/** The leaders' list: open / overdue / reopened / all cases of the school, with counts. */
export async function listCases(ctx: Ctx, input: { schoolId: string; filter: 'open' | 'overdue' | 'reopened' | 'all'; limit: number }) {
  const actor = await ctx.actor();
  requireLeader(actor, input.schoolId);
  const _ = ctx.db.command;
  const coll = ctx.db.collection<ReceptionCaseDoc>(CASES);
  const active = _.in(ACTIVE);
  const where =
    input.filter === 'overdue'
      ? { schoolId: input.schoolId, dueAt: _.lt(ctx.now), status: active }
      : input.filter === 'reopened'
        ? { schoolId: input.schoolId, status: 'reopened' }
        : input.filter === 'open'
          ? { schoolId: input.schoolId, status: active }
          : { schoolId: input.schoolId };
  const [list, open, reopened, overdue] = await Promise.all([
    coll.where(where).orderBy('updatedAt', 'desc').limit(input.limit).get(),
    coll.where({ schoolId: input.schoolId, status: active }).count(),
    coll.where({ schoolId: input.schoolId, status: 'reopened' }).count(),
    coll.where({ schoolId: input.schoolId, dueAt: _.lt(ctx.now), status: active }).count(),
  ]);
  // Reopened and overdue stand out: first.
  const items = list.data.map((c) => view(actor, c, ctx.now)).sort((a, b) => Number(b.status === 'reopened' || b.overdue) - Number(a.status === 'reopened' || a.overdue));
  return { items, counts: { open: open.total, reopened: reopened.total, overdue: overdue.total } };
}

/** Cases assigned to the caller (referrals, follow-ups, suggestions to answer), and their class's visible suggestions. */
export async function assignedCases(ctx: Ctx, input: { schoolId: string }): Promise<{ items: CaseDto[] }> {
  const actor = await ctx.actor();
  const m = membershipIn(actor, input.schoolId);
  const me = staffIdIn(actor, input.schoolId);
  if (!m || !me) fail('FORBIDDEN');
  const _ = ctx.db.command;
  const r = await ctx.db.collection<ReceptionCaseDoc>(CASES).where({ assigneeStaffId: me, status: _.in(ACTIVE) }).limit(200).get();
  const mineAsReceptionist = await ctx.db.collection<ReceptionCaseDoc>(CASES).where({ schoolId: input.schoolId, 'receptionist.staffId': me, status: _.in(ACTIVE) }).limit(200).get();
  const classes = m.positions.filter((p) => p.title === '班主任' && p.classId).map((p) => p.classId!);
  const classCases = classes.length
    ? (await ctx.db.collection<ReceptionCaseDoc>(CASES).where({ schoolId: input.schoolId, kind: 'suggestion', classId: _.in(classes), hideFromClassTeacher: false, status: _.in(ACTIVE) }).limit(200).get()).data
    : [];
  const seen = new Set<string>();
  const items = [...r.data, ...mineAsReceptionist.data, ...classCases].filter((c) => !seen.has(c._id) && seen.add(c._id)).map((c) => view(actor, c, ctx.now));
  return { items };
}

/** The family's own cases (bookings' outcomes and suggestions). */
export async function myCases(ctx: Ctx, input: { childId?: string }): Promise<{ items: CaseDto[] }> {
  const actor = await ctx.actor();
  const ids = input.childId ? [requireChild(actor, input.childId).childId] : actor.children.map((c) => c.childId);
  if (!ids.length) return { items: [] };
  const _ = ctx.db.command;
  const r = await ctx.db.collection<ReceptionCaseDoc>(CASES).where({ familyId: _.in(ids) }).orderBy('createdAt', 'desc').limit(100).get();
  return { items: r.data.map((c) => view(actor, c, ctx.now)) };
}

/** The school's answer deadline for suggestions, in working days (its reception settings). */
export async function answerDays(db: Database, schoolId: string): Promise<number> {
  return (await loadSettings(db, schoolId)).suggestionAnswerDays;
}

/** 意见建议: any time; due within the school's working days; idempotent by the page's request key. */
export async function submitSuggestion(
  ctx: Ctx,
  input: { childId: string; topic: Topic; kind: 'suggestion' | 'complaint'; content: string; hideFromClassTeacher: boolean; requestKey: string },
): Promise<CaseDto> {
  const actor = await ctx.actor();
  const child = requireChild(actor, input.childId);
  const now = ctx.now;
  const id = `sg_${actor.userId.slice(0, 16)}_${input.requestKey}`;
  const existing = await findById<ReceptionCaseDoc>(ctx.db, CASES, id);
  if (existing) return view(actor, existing, now);
  const doc = newCase(
    {
      _id: id,
      kind: 'suggestion',
      suggestionKind: input.kind,
      schoolId: child.schoolId,
      ...familyFieldsOf(child, actor),
      topic: input.topic,
      description: input.content,
      hideFromClassTeacher: input.hideFromClassTeacher,
      status: 'open',
      dueAt: addWorkingDays(now, await answerDays(ctx.db, child.schoolId)),
    },
    now,
  );
  try {
    const { _id, ...data } = doc;
    await ctx.db.collection(CASES).add({ data: { _id, ...data } });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const again = await findById<ReceptionCaseDoc>(ctx.db, CASES, id);
    if (again) return view(actor, again, now);
    throw e;
  }
  await tellLeaders(ctx, doc, input.kind === 'complaint' ? '收到一条家长投诉' : '收到一条家长意见建议');
  return view(actor, doc, now);
}

/** Leaders of the school with an account (校长, 分管副校长) get an in-app notice. */
async function tellLeaders(ctx: Pick<Ctx, 'db' | 'cloud' | 'now'>, c: ReceptionCaseDoc, title: string) {
  const r = await ctx.db.collection<StaffDoc>(STAFF).where({ schoolId: c.schoolId }).limit(1000).get();
  const leaders = r.data.filter((s) => s.userId && s.positions.some((p) => p.title === '校长' || p.title === '分管副校长'));
  for (const s of leaders) {
    await notifyUser(ctx, { userId: s.userId! }, { schoolId: c.schoolId, kind: 'reception.leader', title, body: `${c.topic}：${cut(c.description, 30)}`, page: `packages/reception/pages/case/index?id=${c._id}`, ref: c._id }, ctx.now);
  }
}

/** Cron: answered cases whose follow-up is overdue are reopened for a leader. */
export async function reopenOverdue(deps: Pick<Ctx, 'db' | 'cloud' | 'now'>): Promise<{ reopened: number }> {
  const _ = deps.db.command;
  let reopened = 0;
  const r = await deps.db.collection<ReceptionCaseDoc>(CASES).where({ status: 'answered', dueAt: _.lt(deps.now) }).limit(1000).get();
  for (const c of r.data) {
    if (!nextCaseStatus(c, { type: 'overdue', now: deps.now }).ok) continue;
    const u = await deps.db.collection(CASES).where({ _id: c._id, version: c.version, status: 'answered' }).update({ data: { status: 'reopened', reopenReason: 'overdue', reopenedAt: deps.now, version: c.version + 1, updatedAt: deps.now } });
    if (!u.stats.updated) continue;
    reopened++;
    await tellLeaders(deps, c, '有一项家长事项跟进逾期，已重新打开');
  }
  return { reopened };
}

