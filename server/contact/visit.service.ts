/**
 * 家访 records, class coverage for the school year and 重点关注 (一生一策). Staff only: no reply of
 * this module ever goes to a family. Every read that carries 重点关注 writes a log entry.
 */
import { createHash } from 'crypto';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findAll, findById, findByIds, isDuplicateKey } from '../core/persistence';
import { consentedActor, ensure, memberOf } from '../school/access';
import { C, type ChildDoc, type ClassDoc, type GradeDoc, type StaffDoc } from '../school/model';
import { canMarkFocus, canOverseeClass, canReadVisit, canRecordVisit, coverageOf } from '../../types/contact/contact.rules';
import type { CoverageView, FocusView, RecordVisitInput, VisitView } from '../../types/contact/contact.schema';
import { schoolYearOf, termOf } from '../../types/credit/credit.rules';
import { shanghai } from '../../types/common/time';
import { CC, type FocusDoc, type FocusViewDoc, type VisitDoc } from './model';
import { familyRecordsChanged } from '../oversight/port';

async function classFor(ctx: Ctx, classId: string) {
  const actor = await consentedActor(ctx);
  const cls = await findById<ClassDoc>(ctx.db, C.classes, classId);
  if (!cls) fail('CLASS_NOT_FOUND');
  const m = memberOf(actor, cls.schoolId);
  return { actor, cls, m };
}

/** The school year's date range as YYYY-MM-DD strings (visits store their calendar date). */
function yearRange(schoolYear: string): { from: string; to: string } {
  const start = Number(schoolYear.slice(0, 4));
  return { from: `${start}-08-01`, to: `${start + 1}-07-31` };
}

function visitId(userId: string, requestKey: string): string {
  return `hv_${createHash('sha256').update(`${userId}:${requestKey}`).digest('hex').slice(0, 24)}`;
}

function toVisitView(v: VisitDoc, names: Record<string, string>, staffNames: Record<string, string>, me: string): VisitView {
  return {
    visitId: v._id,
    classId: v.classId,
    childIds: v.childIds,
    childNames: v.childIds.map((c) => names[c] ?? '（已转出）'),
    date: v.date,
    form: v.form,
    participants: v.participants,
    topics: v.topics,
    notes: v.notes,
    followUps: v.followUps,
    recordedByName: (v.recordedByStaffId && staffNames[v.recordedByStaffId]) || '老师',
    mine: v.recordedBy === me,
    createdAt: new Date(v.createdAt).toISOString(),
  };
}

/** A teacher records a visit of one family or a group of the class; the same requestKey records it once. */
export async function recordVisit(ctx: Ctx, input: RecordVisitInput): Promise<VisitView> {
  const { actor, cls, m } = await classFor(ctx, input.classId);
  ensure(canRecordVisit(m, cls));
  const childIds = [...new Set(input.childIds)];
  const children = await findByIds<ChildDoc>(ctx.db, C.children, childIds);
  const foreign = childIds.filter((id) => !children.some((c) => c._id === id && c.classId === cls._id));
  if (foreign.length) fail('VALIDATION_FAILED', foreign.map((id) => ({ path: 'childIds', message: `家庭不在本班：${id.slice(-6)}` })));
  const today = shanghai(ctx.now).format('YYYY-MM-DD');
  if (input.date > today) fail('VALIDATION_FAILED', [{ path: 'date', message: '家访日期不能晚于今天' }]);
  for (const [i, f] of input.followUps.entries()) {
    if (f.dueDate < input.date) fail('VALIDATION_FAILED', [{ path: `followUps.${i}.dueDate`, message: '跟进期限不能早于家访日期' }]);
  }
  const _id = visitId(actor.userId, input.requestKey);
  const doc: Omit<VisitDoc, '_id'> = {
    schoolId: cls.schoolId,
    gradeId: cls.gradeId,
    classId: cls._id,
    schoolYear: schoolYearOf(shanghai(input.date).hour(12).toDate()),
    childIds,
    date: input.date,
    form: input.form,
    participants: input.participants,
    topics: input.topics,
    notes: input.notes,
    followUps: input.followUps,
    recordedBy: actor.userId,
    recordedByStaffId: m.staffId ?? null,
    createdAt: ctx.now,
  };
  let stored: VisitDoc = { _id, ...doc };
  try {
    // A deterministic id: a repeated submission is a duplicate, never a second visit.
    await ctx.db.collection(CC.visits).add({ data: { _id, ...doc } });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const existing = await findById<VisitDoc>(ctx.db, CC.visits, _id);
    if (!existing) throw e;
    stored = existing;
  }
  await familyRecordsChanged(ctx.db, stored.childIds.map((familyId) => ({ schoolId: stored.schoolId, familyId, at: shanghai(stored.date).hour(12).toDate() })), ctx.now);
  const staff = m.staffId ? await findById<StaffDoc>(ctx.db, C.staff, m.staffId) : null;
  return toVisitView(stored, Object.fromEntries(children.map((c) => [c._id, c.name])), staff ? { [staff._id]: staff.name } : {}, actor.userId);
}

/** The visits of a class in a school year: all for those who oversee it, a teacher's own otherwise. */
export async function listVisits(ctx: Ctx, input: { classId: string; schoolYear?: string }): Promise<VisitView[]> {
  const { actor, cls, m } = await classFor(ctx, input.classId);
  ensure(canRecordVisit(m, cls) || canOverseeClass(m, cls));
  const year = input.schoolYear ?? termOf(ctx.now).schoolYear;
  const { from, to } = yearRange(year);
  const _ = ctx.db.command;
  const visits = (await findAll<VisitDoc>(ctx.db, CC.visits, { classId: cls._id, date: _.gte(from).and(_.lte(to)) })).filter((v) => canReadVisit(m, actor.userId, v));
  const children = await findAll<ChildDoc>(ctx.db, C.children, { classId: cls._id });
  const staff = await findByIds<StaffDoc>(ctx.db, C.staff, visits.map((v) => v.recordedByStaffId ?? ''));
  const names = Object.fromEntries(children.map((c) => [c._id, c.name]));
  const staffNames = Object.fromEntries(staff.map((s) => [s._id, s.name]));
  return visits
    .sort((a, b) => b.date.localeCompare(a.date) || new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())
    .map((v) => toVisitView(v, names, staffNames, actor.userId));
}

async function logFocusView(ctx: Ctx, entry: Omit<FocusViewDoc, 'at'>): Promise<void> {
  // Written before the reply leaves: no read of 重点关注 goes unlogged.
  await ctx.db.collection(CC.focusViews).add({ data: { ...entry, at: ctx.now } });
}

/** Coverage of the class this school year (head teacher, grade director, leaders), with 重点关注 (logged). */
export async function coverage(ctx: Ctx, input: { classId: string; schoolYear?: string }): Promise<CoverageView> {
  const { actor, cls, m } = await classFor(ctx, input.classId);
  ensure(canOverseeClass(m, cls));
  const year = input.schoolYear ?? termOf(ctx.now).schoolYear;
  const { from, to } = yearRange(year);
  const _ = ctx.db.command;
  const [children, visits, focus, grade] = await Promise.all([
    findAll<ChildDoc>(ctx.db, C.children, { classId: cls._id }),
    findAll<VisitDoc>(ctx.db, CC.visits, { classId: cls._id, date: _.gte(from).and(_.lte(to)) }),
    findAll<FocusDoc>(ctx.db, CC.focus, { classId: cls._id, active: true }),
    findById<GradeDoc>(ctx.db, C.grades, cls.gradeId),
  ]);
  const cov = coverageOf(children, visits);
  const focused = new Set(focus.map((f) => f.childId));
  await logFocusView(ctx, { schoolId: cls.schoolId, classId: cls._id, viewerId: actor.userId, action: 'coverage', childIds: [...focused] });
  return {
    classId: cls._id,
    className: `${grade?.name ?? ''}${cls.name}`,
    schoolYear: year,
    total: cov.total,
    visited: cov.visited,
    missing: cov.missing,
    families: children
      .map((c) => ({ childId: c._id, name: c.name, visits: cov.visits[c._id] ?? 0, focus: focused.has(c._id) }))
      .sort((a, b) => Number(b.focus) - Number(a.focus) || a.visits - b.visits || a.name.localeCompare(b.name, 'zh')),
  };
}

/** The 重点关注 families of a class (head teacher, grade director, leaders); logged. */
export async function listFocus(ctx: Ctx, input: { classId: string }): Promise<FocusView[]> {
  const { actor, cls, m } = await classFor(ctx, input.classId);
  ensure(canOverseeClass(m, cls));
  const focus = await findAll<FocusDoc>(ctx.db, CC.focus, { classId: cls._id, active: true });
  const children = await findByIds<ChildDoc>(ctx.db, C.children, focus.map((f) => f.childId));
  await logFocusView(ctx, { schoolId: cls.schoolId, classId: cls._id, viewerId: actor.userId, action: 'listFocus', childIds: focus.map((f) => f.childId) });
  return focus
    .map((f) => ({ childId: f.childId, name: children.find((c) => c._id === f.childId)?.name ?? '', reason: f.reason, markedAt: new Date(f.markedAt).toISOString() }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

/** Mark or unmark a family 重点关注: the class's 班主任 or a leader; one document per child. */
export async function setFocus(ctx: Ctx, input: { childId: string; focus: boolean; reason: string }): Promise<{ childId: string; focus: boolean }> {
  const actor = await consentedActor(ctx);
  const child = await findById<ChildDoc>(ctx.db, C.children, input.childId);
  if (!child) fail('NOT_FOUND');
  const m = memberOf(actor, child.schoolId);
  ensure(canMarkFocus(m, { _id: child.classId }));
  // One document per child, no transaction: marking writes the whole record (last writer wins),
  // unmarking only switches it off (keeping the reason on file).
  if (input.focus) {
    const data: Omit<FocusDoc, '_id'> = {
      schoolId: child.schoolId,
      gradeId: child.gradeId,
      classId: child.classId,
      childId: child._id,
      active: true,
      reason: input.reason,
      markedBy: actor.userId,
      markedAt: ctx.now,
    };
    await ctx.db.collection(CC.focus).doc(child._id).set({ data });
  } else {
    await ctx.db.collection(CC.focus).where({ _id: child._id }).update({ data: { active: false, markedBy: actor.userId, markedAt: ctx.now } });
  }
  return { childId: child._id, focus: input.focus };
}
