/** Class roster (children and their guardians) and removing a guardian (head teacher / admin). */
import { onGuardianRemoved } from '../course/enroll.service';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import type { GuardianDto, GuardianRequest, Roster } from '../../types/school/school.schema';
import { canManageClass, canViewClass } from '../../types/school/school.rules';
import { consentedActor, ensure, loadOr, memberOf, toMembership, withMembership, withoutChild, type SchoolUserDoc } from './access';
import { findAll, findById, txGet, withTransaction } from '../core/persistence';
import { CHILD_TX, iso } from './db-util';
import { C, guardianId, isActiveGuardian, memberId, type ChildDoc, type ClassDoc, type GradeDoc, type GuardianDoc, type MemberDoc, type SchoolDoc } from './model';
import type { ChildLink } from '../../types/school/roles';
import { membershipIn } from '../access/actor';

function toRequest(g: GuardianDoc, childName: string, className: string, me: string): GuardianRequest {
  return { childId: g.childId, childName, className, userId: g.userId, relation: g.relation, createdAt: iso(g.createdAt)!, isMe: g.userId === me };
}

function toGuardianDto(g: GuardianDoc, me: string): GuardianDto {
  return { userId: g.userId, childId: g.childId, relation: g.relation, createdAt: iso(g.createdAt)!, isMe: g.userId === me };
}

export async function classRoster(ctx: Ctx, input: { classId: string }): Promise<Roster> {
  const actor = await consentedActor(ctx);
  const cls = await loadOr<ClassDoc>(ctx.db, C.classes, input.classId, 'CLASS_NOT_FOUND');
  const m = memberOf(actor, cls.schoolId);
  ensure(canViewClass(m, cls));
  const [children, guardians, grade, school] = await Promise.all([
    findAll<ChildDoc>(ctx.db, C.children, { classId: cls._id }),
    findAll<GuardianDoc>(ctx.db, C.guardians, { classId: cls._id }),
    findById<GradeDoc>(ctx.db, C.grades, cls.gradeId),
    findById<SchoolDoc>(ctx.db, C.schools, cls.schoolId),
  ]);
  const canManage = canManageClass(m, cls._id);
  const active = guardians.filter(isActiveGuardian);
  const pending = canManage ? guardians.filter((g) => !isActiveGuardian(g)) : [];
  const nameOf = (childId: string) => children.find((c) => c._id === childId)?.name ?? '';
  return {
    classId: cls._id,
    className: cls.name,
    gradeName: grade?.name ?? '',
    schoolName: school?.name ?? '',
    canManage,
    children: children
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
      .map((c) => ({
        childId: c._id,
        name: c.name,
        guardians: active.filter((g) => g.childId === c._id).map((g) => toGuardianDto(g, actor.userId)),
      })),
    pendingRequests: pending.map((g) => toRequest(g, nameOf(g.childId), `${grade?.name ?? ''}${cls.name}`, actor.userId)),
  };
}

/** Guardians of a child: the class's staff who may view it, or a guardian of that child. */
export async function listGuardians(ctx: Ctx, input: { childId: string }): Promise<GuardianDto[]> {
  const actor = await consentedActor(ctx);
  const child = await loadOr<ChildDoc>(ctx.db, C.children, input.childId);
  const isGuardian = actor.children.some((c) => c.childId === child._id);
  if (!isGuardian) ensure(canViewClass(memberOf(actor, child.schoolId), { _id: child.classId, gradeId: child.gradeId }));
  const r = await ctx.db.collection(C.guardians).where({ childId: child._id }).limit(100).get();
  return (r.data as GuardianDoc[]).filter(isActiveGuardian).map((g) => toGuardianDto(g, actor.userId));
}

/**
 * Removes a guardian link (the class's head teacher or an admin; or guardians removing
 * themselves). Guardian record, member record and the copy on users change in one transaction.
 */
export async function removeGuardian(ctx: Ctx, input: { childId: string; userId: string }): Promise<{ _id: string }> {
  const actor = await consentedActor(ctx);
  const child = await loadOr<ChildDoc>(ctx.db, C.children, input.childId);
  if (input.userId !== actor.userId) ensure(canManageClass(memberOf(actor, child.schoolId), child.classId));
  else if (!membershipIn(actor, child.schoolId)) fail('FORBIDDEN');
  const id = guardianId(child._id, input.userId);
  const wasActive = await withTransaction(ctx.db, async (t) => {
    const [g, c, user] = await Promise.all([
      txGet<GuardianDoc>(t, C.guardians, id),
      txGet<ChildDoc>(t, C.children, child._id),
      txGet<SchoolUserDoc>(t, C.users, input.userId),
    ]);
    if (!g) fail('NOT_FOUND');
    await t.collection(C.guardians).doc(id).remove();
    // A pending request granted nothing: removing it changes nothing else.
    if (!isActiveGuardian(g)) return false;
    if (c && typeof c.guardianCount === 'number') await t.collection(C.children).doc(child._id).update({ data: { guardianCount: Math.max(0, c.guardianCount - 1) } });
    if (!user) return true;
    const children = withoutChild(user.children ?? [], child._id);
    let memberships = user.memberships ?? [];
    const stillGuardianHere = children.some((x) => x.schoolId === child.schoolId);
    if (!stillGuardianHere) {
      const mRef = t.collection(C.members).doc(memberId(child.schoolId, input.userId));
      const member = await txGet<MemberDoc>(t, C.members, memberId(child.schoolId, input.userId));
      if (member) {
        const roles = member.roles.filter((r) => r !== 'parent');
        if (roles.length) await mRef.update({ data: { roles, updatedAt: ctx.now } });
        else await mRef.remove();
        memberships = withMembership(memberships, child.schoolId, roles.length ? toMembership({ ...member, roles }) : null);
      }
    }
    const currentChildId = user.currentChildId === child._id ? (children[0]?.childId ?? null) : (user.currentChildId ?? null);
    await t.collection(C.users).doc(input.userId).update({ data: { children, memberships, currentChildId, updatedAt: ctx.now } });
    return true;
  }, CHILD_TX);
  // After commit: seats this guardian took for the family go back to the waitlist.
  if (wasActive) await onGuardianRemoved({ db: ctx.db, cloud: ctx.cloud }, { childId: child._id, userId: input.userId }, ctx.now);
  return { _id: id };
}

/**
 * Who may decide a pending guardian request: the class's 班主任, a school admin, or an existing
 * (active) guardian of that child. Refused (FORBIDDEN) for anyone else.
 */
async function decider(ctx: Ctx, childId: string) {
  const actor = await consentedActor(ctx);
  const child = await loadOr<ChildDoc>(ctx.db, C.children, childId);
  const isGuardian = actor.children.some((c) => c.childId === child._id);
  if (!isGuardian) ensure(canManageClass(membershipIn(actor, child.schoolId), child.classId));
  return { actor, child };
}

/**
 * Confirms a pending guardian link: the guardian record turns active, the child's count, the
 * member record (parent role) and the users copy (ChildLink, membership) change in ONE
 * transaction. Confirming a link that is already active (another decider at the same moment, a
 * second tap) answers ok; NOT_FOUND when there is no request (rejected, or withdrawn).
 */
export async function confirmGuardian(ctx: Ctx, input: { childId: string; userId: string }): Promise<{ _id: string }> {
  const { actor, child } = await decider(ctx, input.childId);
  const id = guardianId(child._id, input.userId);
  await withTransaction(ctx.db, async (t) => {
    const gRef = t.collection(C.guardians).doc(id);
    const cRef = t.collection(C.children).doc(child._id);
    const mRef = t.collection(C.members).doc(memberId(child.schoolId, input.userId));
    const uRef = t.collection(C.users).doc(input.userId);
    const [g, c, member, user] = await Promise.all([
      txGet<GuardianDoc>(t, C.guardians, id),
      txGet<ChildDoc>(t, C.children, child._id),
      txGet<MemberDoc>(t, C.members, memberId(child.schoolId, input.userId)),
      txGet<SchoolUserDoc>(t, C.users, input.userId),
    ]);
    if (!c) fail('NOT_FOUND');
    // Confirmed already (by another decider at the same moment, or a second tap): done.
    if (g && isActiveGuardian(g)) return;
    if (!g) fail('NOT_FOUND');
    // The requester has gone (account deleted): the request goes with them.
    if (!user) {
      await gRef.remove();
      fail('NOT_FOUND');
    }
    await gRef.update({ data: { status: 'active', confirmedBy: actor.userId, confirmedAt: ctx.now } });
    if (typeof c.guardianCount === 'number') await cRef.update({ data: { guardianCount: c.guardianCount + 1 } });
    let membership = member ? toMembership(member) : { schoolId: c.schoolId, roles: [], positions: [] };
    if (!membership.roles.includes('parent')) membership = { ...membership, roles: [...membership.roles, 'parent'] };
    if (member) await mRef.update({ data: { roles: membership.roles, updatedAt: ctx.now } });
    else await mRef.set({ data: { schoolId: c.schoolId, userId: input.userId, roles: membership.roles, positions: [], createdAt: ctx.now, updatedAt: ctx.now } });
    const link: ChildLink = { childId: c._id, schoolId: c.schoolId, gradeId: c.gradeId, classId: c.classId, childName: c.name, relation: g.relation };
    const children = [...withoutChild(user.children ?? [], c._id), link];
    await uRef.update({
      data: {
        children,
        memberships: withMembership(user.memberships ?? [], c.schoolId, membership),
        currentChildId: user.currentChildId ?? c._id,
        updatedAt: ctx.now,
      },
    });
  }, CHILD_TX);
  return { _id: id };
}

/**
 * Rejects a pending guardian link (the deciders above; or the requester withdrawing their own
 * request). Only the pending record is removed: it never granted anything. Rejecting a request
 * that is gone already answers ok; one confirmed meanwhile answers GUARDIAN_ALREADY_ACTIVE.
 */
export async function rejectGuardian(ctx: Ctx, input: { childId: string; userId: string }): Promise<{ _id: string }> {
  const actor = await consentedActor(ctx);
  const child = await loadOr<ChildDoc>(ctx.db, C.children, input.childId);
  if (input.userId !== actor.userId) await decider(ctx, input.childId);
  const id = guardianId(child._id, input.userId);
  await withTransaction(ctx.db, async (t) => {
    const g = await txGet<GuardianDoc>(t, C.guardians, id);
    // Rejected (or withdrawn) already: nothing pending, done.
    if (!g) return;
    // Confirmed meanwhile by another decider: that decision stands (remove the guardian instead).
    if (isActiveGuardian(g)) fail('GUARDIAN_ALREADY_ACTIVE');
    await t.collection(C.guardians).doc(id).remove();
  });
  return { _id: id };
}
