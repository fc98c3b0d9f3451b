/**
 * 家委会 (学校、年级、班级三级家长委员会): members are guardians appointed by staff; what a member
 * publishes on the card (a name to be called by, a number) is only what the member agreed to.
 */
import { createHash } from 'crypto';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findAll, findById, isDuplicateKey } from '../core/persistence';
import { consentedActor, ensure, memberOf } from '../school/access';
import { C, guardianId, isActiveGuardian, type ChildDoc, type ClassDoc, type GradeDoc, type GuardianDoc, type SchoolDoc } from '../school/model';
import { canManageCommittee, COMMITTEE_LEVEL_LABELS, committeeSort, type CommitteeLevel, type CommitteeRole } from '../../types/contact/contact.rules';
import type { CommitteeMemberView } from '../../types/contact/contact.schema';
import { CC, type CommitteeDoc } from './model';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

async function scopeNames(ctx: Ctx, docs: CommitteeDoc[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const d of docs) {
    const key = d.level === 'class' ? d.classId! : d.level === 'grade' ? d.gradeId! : d.schoolId;
    if (out[key] !== undefined) continue;
    if (d.level === 'school') out[key] = (await findById<SchoolDoc>(ctx.db, C.schools, d.schoolId))?.name ?? '';
    else if (d.level === 'grade') out[key] = (await findById<GradeDoc>(ctx.db, C.grades, d.gradeId!))?.name ?? '';
    else {
      const cls = await findById<ClassDoc>(ctx.db, C.classes, d.classId!);
      const g = cls ? await findById<GradeDoc>(ctx.db, C.grades, cls.gradeId) : null;
      out[key] = `${g?.name ?? ''}${cls?.name ?? ''}`;
    }
  }
  return out;
}

function toView(d: CommitteeDoc, names: Record<string, string>, own: boolean): CommitteeMemberView {
  const key = d.level === 'class' ? d.classId! : d.level === 'grade' ? d.gradeId! : d.schoolId;
  return {
    memberId: d._id,
    tier: d.level,
    tierLabel: COMMITTEE_LEVEL_LABELS[d.level],
    scopeName: names[key] ?? '',
    role: d.role,
    term: d.term,
    displayName: d.agreedAt && d.displayName ? d.displayName : '家长代表',
    // Staff see the published number only; the member sees their own.
    phone: d.agreedAt || own ? d.phone : null,
    agreedAt: iso(d.agreedAt),
  };
}

export function committeeMemberId(level: CommitteeLevel, scopeId: string, userId: string, term: string): string {
  return `cm_${createHash('sha256').update([level, scopeId, userId, term].join(':')).digest('hex').slice(0, 24)}`;
}

/** Appoint a guardian (named by child and user) to the class, grade or school committee. */
export async function appointCommittee(
  ctx: Ctx,
  input: { level: CommitteeLevel; childId: string; userId: string; role: CommitteeRole; term: string },
): Promise<CommitteeMemberView> {
  const actor = await consentedActor(ctx);
  const child = await findById<ChildDoc>(ctx.db, C.children, input.childId);
  if (!child) fail('NOT_FOUND');
  const m = memberOf(actor, child.schoolId);
  ensure(canManageCommittee(m, input.level, { classId: child.classId, gradeId: child.gradeId }));
  const guardian = await findById<GuardianDoc>(ctx.db, C.guardians, guardianId(child._id, input.userId));
  if (!guardian || !isActiveGuardian(guardian)) fail('VALIDATION_FAILED', [{ path: 'userId', message: '该家长不是这个孩子已确认的监护人' }]);
  const scopeId = input.level === 'class' ? child.classId : input.level === 'grade' ? child.gradeId : child.schoolId;
  const _id = committeeMemberId(input.level, scopeId, input.userId, input.term);
  // Deterministic id, no transaction: the first appointment creates the seat; a repeated or
  // concurrent one (duplicate key) only updates the role, keeping what the member agreed to.
  const data: Omit<CommitteeDoc, '_id'> = {
    schoolId: child.schoolId,
    level: input.level,
    gradeId: input.level === 'school' ? null : child.gradeId,
    classId: input.level === 'class' ? child.classId : null,
    childId: child._id,
    userId: input.userId,
    role: input.role,
    term: input.term,
    displayName: '',
    phone: null,
    agreedAt: null,
    appointedBy: actor.userId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  try {
    await ctx.db.collection(CC.committee).add({ data: { _id, ...data } });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    await ctx.db.collection(CC.committee).where({ _id }).update({ data: { role: input.role, appointedBy: actor.userId, updatedAt: ctx.now } });
  }
  const doc = (await findById<CommitteeDoc>(ctx.db, CC.committee, _id))!;
  return toView(doc, await scopeNames(ctx, [doc]), false);
}

export async function removeCommittee(ctx: Ctx, input: { memberId: string }): Promise<{ memberId: string }> {
  const actor = await consentedActor(ctx);
  const doc = await findById<CommitteeDoc>(ctx.db, CC.committee, input.memberId);
  if (!doc) fail('NOT_FOUND');
  ensure(canManageCommittee(memberOf(actor, doc.schoolId), doc.level, { classId: doc.classId ?? undefined, gradeId: doc.gradeId ?? undefined }));
  await ctx.db.collection(CC.committee).doc(doc._id).remove();
  return { memberId: doc._id };
}

/** The committees a class's card shows (its class, grade and school), for the staff who manage them. */
export async function listCommittee(ctx: Ctx, input: { classId: string }): Promise<CommitteeMemberView[]> {
  const actor = await consentedActor(ctx);
  const cls = await findById<ClassDoc>(ctx.db, C.classes, input.classId);
  if (!cls) fail('CLASS_NOT_FOUND');
  const m = memberOf(actor, cls.schoolId);
  ensure(canManageCommittee(m, 'class', { classId: cls._id, gradeId: cls.gradeId }));
  const docs = (await findAll<CommitteeDoc>(ctx.db, CC.committee, { schoolId: cls.schoolId })).filter(
    (d) => d.level === 'school' || (d.level === 'grade' && d.gradeId === cls.gradeId) || d.classId === cls._id,
  );
  const names = await scopeNames(ctx, docs);
  return docs.sort(committeeSort).map((d) => toView(d, names, false));
}

/** A guardian's own seats on committees. */
export async function myCommitteeSeats(ctx: Ctx): Promise<CommitteeMemberView[]> {
  const actor = await consentedActor(ctx);
  const docs = await findAll<CommitteeDoc>(ctx.db, CC.committee, { userId: actor.userId });
  const names = await scopeNames(ctx, docs);
  return docs.sort(committeeSort).map((d) => toView(d, names, true));
}

/** The member agrees to what the card shows of them: a name to be called by and, if they wish, a number. */
export async function setCommitteePublication(ctx: Ctx, input: { memberId: string; displayName: string; phone: string | null }): Promise<CommitteeMemberView> {
  const actor = await consentedActor(ctx);
  const doc = await findById<CommitteeDoc>(ctx.db, CC.committee, input.memberId);
  if (!doc || doc.userId !== actor.userId) fail('NOT_FOUND');
  const agreed = !!input.displayName || !!input.phone;
  const res = await ctx.db
    .collection(CC.committee)
    .where({ _id: doc._id, userId: actor.userId })
    .update({ data: { displayName: input.displayName, phone: input.phone, agreedAt: agreed ? ctx.now : null, updatedAt: ctx.now } });
  if (!res.stats.updated && !(await findById(ctx.db, CC.committee, doc._id))) fail('NOT_FOUND');
  const fresh = (await findById<CommitteeDoc>(ctx.db, CC.committee, doc._id))!;
  return toView(fresh, await scopeNames(ctx, [fresh]), true);
}
