/** Class roster (children and their guardians) and removing a guardian (head teacher / admin). */
import { onGuardianRemoved } from '../course/enroll.service';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import type { GuardianDto, Roster } from '../../types/school/school.schema';
import { canManageClass, canViewClass } from '../../types/school/school.rules';
import { consentedActor, ensure, loadOr, memberOf, toMembership, withMembership, withoutChild, type SchoolUserDoc } from './access';
import { findAll, findById, getOrNull, inTransaction, iso } from './db-util';
import { C, guardianId, memberId, type ChildDoc, type ClassDoc, type GradeDoc, type GuardianDoc, type MemberDoc, type SchoolDoc } from './model';
import { membershipIn } from '../access/actor';

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
  return {
    classId: cls._id,
    className: cls.name,
    gradeName: grade?.name ?? '',
    schoolName: school?.name ?? '',
    canManage: canManageClass(m, cls._id),
    children: children
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
      .map((c) => ({
        childId: c._id,
        name: c.name,
        guardians: guardians.filter((g) => g.childId === c._id).map((g) => toGuardianDto(g, actor.userId)),
      })),
  };
}

/** Guardians of a child: the class's staff who may view it, or a guardian of that child. */
export async function listGuardians(ctx: Ctx, input: { childId: string }): Promise<GuardianDto[]> {
  const actor = await consentedActor(ctx);
  const child = await loadOr<ChildDoc>(ctx.db, C.children, input.childId);
  const isGuardian = actor.children.some((c) => c.childId === child._id);
  if (!isGuardian) ensure(canViewClass(memberOf(actor, child.schoolId), { _id: child.classId, gradeId: child.gradeId }));
  const r = await ctx.db.collection(C.guardians).where({ childId: child._id }).limit(100).get();
  return (r.data as GuardianDoc[]).map((g) => toGuardianDto(g, actor.userId));
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
  await inTransaction(ctx.db, async (t) => {
    const gRef = t.collection(C.guardians).doc(id);
    if (!(await getOrNull(gRef))) fail('NOT_FOUND');
    await gRef.remove();
    const uRef = t.collection(C.users).doc(input.userId);
    const user = await getOrNull<SchoolUserDoc>(uRef);
    if (!user) return;
    const children = withoutChild(user.children ?? [], child._id);
    let memberships = user.memberships ?? [];
    const stillGuardianHere = children.some((c) => c.schoolId === child.schoolId);
    if (!stillGuardianHere) {
      const mRef = t.collection(C.members).doc(memberId(child.schoolId, input.userId));
      const member = await getOrNull<MemberDoc>(mRef);
      if (member) {
        const roles = member.roles.filter((r) => r !== 'parent');
        if (roles.length) await mRef.update({ data: { roles, updatedAt: ctx.now } });
        else await mRef.remove();
        memberships = withMembership(memberships, child.schoolId, roles.length ? toMembership({ ...member, roles }) : null);
      }
    }
    const currentChildId = user.currentChildId === child._id ? (children[0]?.childId ?? null) : (user.currentChildId ?? null);
    await uRef.update({ data: { children, memberships, currentChildId, updatedAt: ctx.now } });
  });
  // After commit: seats this guardian took for the family go back to the waitlist.
  await onGuardianRemoved({ db: ctx.db, cloud: ctx.cloud }, { childId: child._id, userId: input.userId }, ctx.now);
  return { _id: id };
}
