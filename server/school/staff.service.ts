/**
 * Staff (positions, phone, office hours), the staff contact list with phones masked for those
 * who do not need them, linking a WeChat user to a staff record, and roles per school.
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import type { Transaction } from '../core/db-types';
import { fail } from '../core/errors';
import { maskPhone } from '../../types/common/privacy';
import type { MemberDto, Profile, StaffDto } from '../../types/school/school.schema';
import { phoneVisible, type Publication } from '../../types/contact/contact.rules';
import { canManageSchool, checkJoinCode, normaliseJoinCode, positionProblems } from '../../types/school/school.rules';
import type { Membership, Position, Role } from '../../types/school/roles';
import { consentedActor, ensure, loadOr, memberOf, toMembership, withMembership, type SchoolUserDoc } from './access';
import { buildProfile } from './account.service';
import { withAttemptGuard } from './join-code.service';
import { findAll, findById, findByIds, txGet, withTransaction } from '../core/persistence';
import { stableId } from './db-util';
import { C, memberId, type ClassDoc, type GradeDoc, type JoinCodeDoc, type MemberDoc, type StaffDoc } from './model';

function toStaffDto(s: StaffDoc, showPhone: boolean): StaffDto {
  return {
    _id: s._id,
    schoolId: s.schoolId,
    name: s.name,
    phone: showPhone ? s.phone : maskPhone(s.phone),
    phoneMasked: !showPhone,
    positions: s.positions,
    officeHours: s.officeHours ?? '',
    linked: !!s.userId,
  };
}

const POSITION_RANK: Record<string, number> = { 校长: 0, 分管副校长: 1, 年级主任: 2, 班主任: 3, 任课教师: 4, 心理健康教师: 5, 家庭教育指导教师: 6 };
const rank = (s: StaffDoc) => Math.min(99, ...s.positions.map((p) => POSITION_RANK[p.title] ?? 50));

/**
 * The staff list of a school: any member; a full phone only where its owner published it to this
 * viewer (types/contact: phoneVisible over contact_publications; default = canSeeStaffPhone).
 */
export async function listStaff(ctx: Ctx, input: { schoolId: string }): Promise<StaffDto[]> {
  const actor = await consentedActor(ctx);
  const m = memberOf(actor, input.schoolId);
  const [staff, pubs] = await Promise.all([
    findAll<StaffDoc>(ctx.db, C.staff, { schoolId: input.schoolId }),
    findAll<{ _id: string; staffId: string; publication: Publication }>(ctx.db, 'contact_publications', { schoolId: input.schoolId }),
  ]);
  const publication = new Map(pubs.map((p) => [p.staffId, p.publication]));
  return staff
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'zh'))
    .map((s) => toStaffDto(s, phoneVisible({ membership: m, children: actor.children }, s, publication.get(s._id) ?? 'default')));
}

/** Checks that every grade / class a position names belongs to the school; fills the class's grade. */
export async function resolvePositions(db: Database, schoolId: string, positions: Position[]): Promise<Position[]> {
  const problems = positionProblems(positions);
  if (problems.length) fail('VALIDATION_FAILED', problems.map((p) => ({ path: `positions.${p.index}`, message: p.message })));
  const classes = await findByIds<ClassDoc>(db, C.classes, positions.map((p) => p.classId ?? ''));
  const grades = await findByIds<GradeDoc>(db, C.grades, positions.map((p) => p.gradeId ?? ''));
  return positions.map((p, i) => {
    const out: Position = { title: p.title };
    if (p.classId) {
      const cls = classes.find((c) => c._id === p.classId);
      if (!cls || cls.schoolId !== schoolId) fail('VALIDATION_FAILED', [{ path: `positions.${i}.classId`, message: '班级不属于本校' }]);
      out.classId = cls._id;
      out.gradeId = cls.gradeId;
    } else if (p.gradeId) {
      const g = grades.find((x) => x._id === p.gradeId);
      if (!g || g.schoolId !== schoolId) fail('VALIDATION_FAILED', [{ path: `positions.${i}.gradeId`, message: '年级不属于本校' }]);
      out.gradeId = g._id;
    }
    if (p.subject) out.subject = p.subject;
    return out;
  });
}

/**
 * Writes the staff record and, when it is linked to a user, that user's member record and the
 * copy on users, in one transaction.
 */
export async function writeStaff(db: Database, t: Transaction, staffId: string, data: Omit<StaffDoc, '_id'>, now: Date): Promise<void> {
  await t.collection(C.staff).doc(staffId).set({ data });
  if (data.userId) await syncStaffMembership(t, data.schoolId, data.userId, staffId, data.positions, now);
}

async function syncStaffMembership(t: Transaction, schoolId: string, userId: string, staffId: string | null, positions: Position[], now: Date): Promise<void> {
  const mRef = t.collection(C.members).doc(memberId(schoolId, userId));
  const uRef = t.collection(C.users).doc(userId);
  const [member, user] = await Promise.all([txGet<MemberDoc>(t, C.members, memberId(schoolId, userId)), txGet<SchoolUserDoc>(t, C.users, userId)]);
  let roles: Role[] = member ? [...member.roles] : [];
  if (staffId && !roles.includes('teacher')) roles.push('teacher');
  if (!staffId) roles = roles.filter((r) => r !== 'teacher' && r !== 'admin');
  const next: Membership = toMembership({ schoolId, roles, staffId, positions: staffId ? positions : [] });
  if (roles.length === 0) {
    if (member) await mRef.remove();
  } else if (member) {
    await mRef.update({ data: { roles, staffId: staffId ?? null, positions: next.positions, updatedAt: now } });
  } else {
    await mRef.set({ data: { schoolId, userId, roles, staffId, positions: next.positions, createdAt: now, updatedAt: now } });
  }
  if (user) await uRef.update({ data: { memberships: withMembership(user.memberships ?? [], schoolId, roles.length ? next : null), updatedAt: now } });
}

export async function upsertStaff(
  ctx: Ctx,
  input: { schoolId: string; staffId?: string; name: string; phone: string; positions: Position[]; officeHours: string },
): Promise<{ _id: string }> {
  const actor = await consentedActor(ctx);
  let existing: StaffDoc | null = null;
  if (input.staffId) {
    existing = await loadOr<StaffDoc>(ctx.db, C.staff, input.staffId);
    // Check the school of the record itself, whatever schoolId the client sent.
    ensure(canManageSchool(memberOf(actor, existing.schoolId)));
    if (existing.schoolId !== input.schoolId) fail('FORBIDDEN');
  } else {
    ensure(canManageSchool(memberOf(actor, input.schoolId)));
  }
  const positions = await resolvePositions(ctx.db, input.schoolId, input.positions);
  const samePhone = await ctx.db.collection(C.staff).where({ schoolId: input.schoolId, phone: input.phone }).limit(1).get();
  const clash = (samePhone.data as StaffDoc[])[0];
  if (clash && clash._id !== existing?._id) fail('CONFLICT', { field: 'phone', message: '该手机号已登记为本校其他教职工' });
  const staffId = existing?._id ?? stableId('st', input.schoolId, input.phone);
  await withTransaction(ctx.db, async (t) => {
    const current = existing ? await txGet<StaffDoc>(t, C.staff, staffId) : null;
    if (existing && !current) fail('NOT_FOUND');
    await writeStaff(
      ctx.db,
      t,
      staffId,
      {
        schoolId: input.schoolId,
        name: input.name,
        phone: input.phone,
        positions,
        officeHours: input.officeHours,
        userId: current?.userId ?? null,
        createdAt: current?.createdAt ?? ctx.now,
        updatedAt: ctx.now,
      },
      ctx.now,
    );
  });
  return { _id: staffId };
}

export async function deleteStaff(ctx: Ctx, input: { staffId: string }): Promise<{ _id: string }> {
  const actor = await consentedActor(ctx);
  const staff = await loadOr<StaffDoc>(ctx.db, C.staff, input.staffId);
  ensure(canManageSchool(memberOf(actor, staff.schoolId)));
  if (staff.userId === actor.userId) fail('CONFLICT', { message: '不能删除自己的教职工记录' });
  await withTransaction(ctx.db, async (t) => {
    const ref = t.collection(C.staff).doc(staff._id);
    const current = await txGet<StaffDoc>(t, C.staff, staff._id);
    if (!current) fail('NOT_FOUND');
    await ref.remove();
    if (current.userId) await syncStaffMembership(t, current.schoolId, current.userId, null, [], ctx.now);
  });
  return { _id: staff._id };
}

/** A staff member opens the invite: their WeChat account becomes that staff record (teacher role). */
export async function joinAsStaff(ctx: Ctx, input: { code: string }): Promise<Profile> {
  const actor = await consentedActor(ctx);
  const code = normaliseJoinCode(input.code);
  await withAttemptGuard(ctx, actor.userId, () => withTransaction(ctx.db, async (t) => {
    const jc = await txGet<JoinCodeDoc>(t, C.joinCodes, code);
    const staff = jc?.kind === 'staff' && jc.staffId ? await txGet<StaffDoc>(t, C.staff, jc.staffId) : null;
    // Opened twice (a double tap, or again later): already this user's record, nothing to do.
    if (staff && staff.userId === actor.userId) return;
    const check = checkJoinCode(code, jc, ctx.now, 'staff');
    if (!check.ok) fail(check.code);
    if (!staff) fail('NOT_FOUND');
    if (staff.userId) fail('CONFLICT', { message: '该教职工身份已被其他微信账号绑定' });
    // One use only: the invite is spent once claimed. Both writes make concurrent claims of one
    // invite (or of one staff record through two invites) conflict: one wins, the retry of the
    // other sees the spent invite.
    await t.collection(C.staff).doc(staff._id).update({ data: { userId: actor.userId, updatedAt: ctx.now } });
    await t.collection(C.joinCodes).doc(code).update({ data: { revokedAt: ctx.now } });
    await syncStaffMembership(t, staff.schoolId, actor.userId, staff._id, staff.positions, ctx.now);
  }));
  const fresh = await findById<SchoolUserDoc>(ctx.db, C.users, actor.userId);
  return buildProfile(ctx.db, fresh!);
}

export async function listMembers(ctx: Ctx, input: { schoolId: string }): Promise<MemberDto[]> {
  const actor = await consentedActor(ctx);
  ensure(canManageSchool(memberOf(actor, input.schoolId)));
  const [members, staff] = await Promise.all([
    findAll<MemberDoc>(ctx.db, C.members, { schoolId: input.schoolId }),
    findAll<StaffDoc>(ctx.db, C.staff, { schoolId: input.schoolId }),
  ]);
  return members
    .filter((m) => m.roles.some((r) => r !== 'parent'))
    .map((m) => ({
      userId: m.userId,
      roles: m.roles,
      staffId: m.staffId ?? null,
      staffName: staff.find((s) => s._id === m.staffId)?.name ?? null,
      positions: m.positions ?? [],
    }));
}

/** Roles per school (admin). A member keeps 'parent' only while they are a guardian there. */
export async function setMemberRoles(ctx: Ctx, input: { schoolId: string; userId: string; roles: Role[] }): Promise<MemberDto> {
  const actor = await consentedActor(ctx);
  ensure(canManageSchool(memberOf(actor, input.schoolId)));
  if (input.userId === actor.userId && !input.roles.includes('admin')) fail('CONFLICT', { message: '不能取消自己的管理员身份' });
  const roles = [...new Set(input.roles)] as Role[];
  let result: MemberDto | null = null;
  await withTransaction(ctx.db, async (t) => {
    const mRef = t.collection(C.members).doc(memberId(input.schoolId, input.userId));
    const uRef = t.collection(C.users).doc(input.userId);
    const [member, user] = await Promise.all([txGet<MemberDoc>(t, C.members, memberId(input.schoolId, input.userId)), txGet<SchoolUserDoc>(t, C.users, input.userId)]);
    if (!member) fail('NOT_FOUND');
    const isGuardianHere = (user?.children ?? []).some((c) => c.schoolId === input.schoolId);
    let next: Role[] = roles.filter((r) => r !== 'parent');
    if (isGuardianHere) next = [...next, 'parent'];
    if (next.includes('admin') && !next.includes('teacher') && member.staffId) next.push('teacher');
    const membership = toMembership({ schoolId: input.schoolId, roles: next, staffId: member.staffId, positions: member.positions ?? [] });
    if (next.length) await mRef.update({ data: { roles: next, updatedAt: ctx.now } });
    else await mRef.remove();
    if (user) await uRef.update({ data: { memberships: withMembership(user.memberships ?? [], input.schoolId, next.length ? membership : null), updatedAt: ctx.now } });
    result = { userId: input.userId, roles: next, staffId: member.staffId ?? null, staffName: null, positions: member.positions ?? [] };
  });
  return result!;
}
