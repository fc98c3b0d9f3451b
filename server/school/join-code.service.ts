/**
 * Class join codes (班级邀请码): the head teacher (or an admin) issues a code that expires and can be
 * revoked, shown as text and as a mini-program code; a parent enters or scans it, names the
 * child and the relation, and becomes that child's guardian.
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import type { JoinCodeDto, Profile } from '../../types/school/school.schema';
import {
  canManageClass,
  canManageSchool,
  checkJoinCode,
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  joinCodeStatus,
  normaliseChildName,
  normaliseJoinCode,
  JOIN_CODE_FAILURE_WINDOW_MS,
  JOIN_CODE_MAX_FAILURES,
  type Relation,
} from '../../types/school/school.rules';
import { isDomainError } from '../core/errors';
import type { ChildLink } from '../../types/school/roles';
import { consentedActor, ensure, loadOr, memberOf, toMembership, withMembership } from './access';
import { buildProfile } from './account.service';
import { findById, isDuplicateKey, txGet, withTransaction } from '../core/persistence';
import { releaseAttempt, takeAttempt, type AttemptLimit } from '../core/attempt-limiter';
import { CHILD_TX, iso, randomCode, stableId } from './db-util';
import { C, guardianId, memberId, type ChildDoc, type ClassDoc, type GradeDoc, type JoinCodeDoc, type MemberDoc, type SchoolDoc, type StaffDoc } from './model';
import type { SchoolUserDoc } from './access';

const JOIN_LIMIT: AttemptLimit = { collection: C.joinAttempts, max: JOIN_CODE_MAX_FAILURES, windowMs: JOIN_CODE_FAILURE_WINDOW_MS };

/**
 * Runs `fn` unless the user has typed too many wrong codes lately; a wrong code
 * (JOIN_CODE_INVALID) counts against them. Exact under concurrency (server/core/attempt-limiter):
 * the attempt takes a slot before the code is judged and gives it back unless the code was wrong,
 * so of many concurrent wrong guesses exactly JOIN_CODE_MAX_FAILURES are judged. Codes are 6 of
 * 31 characters, so guessing one takes far more tries than the limit allows.
 */
export async function withAttemptGuard<R>(ctx: Ctx, userId: string, fn: () => Promise<R>): Promise<R> {
  const taken = await takeAttempt(ctx.db, JOIN_LIMIT, userId, ctx.now);
  if (!taken.ok) fail('JOIN_CODE_TOO_MANY_ATTEMPTS', { retryAt: taken.retryAt.toISOString() });
  let counts = false;
  try {
    return await fn();
  } catch (e) {
    counts = isDomainError(e) && e.code === 'JOIN_CODE_INVALID';
    throw e;
  } finally {
    if (!counts) await releaseAttempt(ctx.db, taken.slot, ctx.now);
  }
}

/** The mini-program page a scanned code opens (scene carries the code). */
export const BIND_CHILD_PAGE = 'packages/school/pages/bind-child/index';
export const JOIN_STAFF_PAGE = 'packages/school/pages/join-staff/index';

export function toJoinCodeDto(d: JoinCodeDoc, now: Date): JoinCodeDto {
  return {
    code: d._id,
    kind: d.kind,
    schoolId: d.schoolId,
    classId: d.classId ?? null,
    staffId: d.staffId ?? null,
    expiresAt: iso(d.expiresAt)!,
    revokedAt: iso(d.revokedAt),
    status: joinCodeStatus(d, now),
    createdAt: iso(d.createdAt)!,
  };
}

/**
 * Issues a fresh code: the code is the document id, so one `add` claims it (no transaction); the
 * rare collision with an existing code is a duplicate key and another code is drawn.
 */
export async function issueCode(ctx: Ctx, data: Omit<JoinCodeDoc, '_id' | 'createdAt' | 'revokedAt' | 'qrFileId'>): Promise<JoinCodeDoc> {
  for (let i = 0; i < 6; i++) {
    const doc: JoinCodeDoc = { _id: randomCode(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH), ...data, revokedAt: null, qrFileId: null, createdAt: ctx.now };
    try {
      await ctx.db.collection(C.joinCodes).add({ data: doc });
      return doc;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  fail('CONFLICT');
}

/**
 * The QR (a mini-program code via wxacode.getUnlimited) is made after the code is committed:
 * uploaded to cloud storage (fileID kept on the code) and returned as a data URL for display.
 * A failure here does not lose the code: it still works as text.
 */
export async function makeQr(ctx: Ctx, code: string, page: string): Promise<{ qrFileId: string | null; qrDataUrl: string | null }> {
  try {
    const res = (await ctx.cloud.openapi.wxacode.getUnlimited({ scene: `c=${code}`, page, checkPath: false, width: 430 })) as { buffer?: Buffer | Uint8Array; contentType?: string };
    if (!res?.buffer) return { qrFileId: null, qrDataUrl: null };
    const buffer = Buffer.from(res.buffer);
    const type = res.contentType || 'image/png';
    const qrDataUrl = `data:${type};base64,${buffer.toString('base64')}`;
    let qrFileId: string | null = null;
    try {
      const up = (await ctx.cloud.uploadFile({ cloudPath: `join-codes/${code}.png`, fileContent: buffer })) as { fileID?: string };
      qrFileId = up?.fileID ?? null;
      if (qrFileId) await ctx.db.collection(C.joinCodes).doc(code).update({ data: { qrFileId } });
    } catch (e) {
      console.error(`[${ctx.requestId}] join code QR upload failed: ${e instanceof Error ? e.message.slice(0, 200) : 'error'}`);
    }
    return { qrFileId, qrDataUrl };
  } catch (e) {
    console.error(`[${ctx.requestId}] join code QR failed: ${e instanceof Error ? e.message.slice(0, 200) : 'error'}`);
    return { qrFileId: null, qrDataUrl: null };
  }
}

export async function createJoinCode(ctx: Ctx, input: { classId: string; validDays: number }) {
  const actor = await consentedActor(ctx);
  const cls = await loadOr<ClassDoc>(ctx.db, C.classes, input.classId, 'CLASS_NOT_FOUND');
  ensure(canManageClass(memberOf(actor, cls.schoolId), cls._id));
  const doc = await issueCode(ctx, {
    kind: 'class',
    schoolId: cls.schoolId,
    gradeId: cls.gradeId,
    classId: cls._id,
    staffId: null,
    createdBy: actor.userId,
    expiresAt: new Date(ctx.now.getTime() + input.validDays * 86400_000),
  });
  const qr = await makeQr(ctx, doc._id, BIND_CHILD_PAGE);
  return { ...toJoinCodeDto(doc, ctx.now), ...qr };
}

export async function listJoinCodes(ctx: Ctx, input: { classId: string }): Promise<JoinCodeDto[]> {
  const actor = await consentedActor(ctx);
  const cls = await loadOr<ClassDoc>(ctx.db, C.classes, input.classId, 'CLASS_NOT_FOUND');
  ensure(canManageClass(memberOf(actor, cls.schoolId), cls._id));
  const r = await ctx.db.collection(C.joinCodes).where({ classId: cls._id }).orderBy('createdAt', 'desc').limit(50).get();
  return (r.data as JoinCodeDoc[]).map((d) => toJoinCodeDto(d, ctx.now));
}

export async function revokeJoinCode(ctx: Ctx, input: { code: string }): Promise<JoinCodeDto> {
  const actor = await consentedActor(ctx);
  const code = normaliseJoinCode(input.code);
  const doc = await loadOr<JoinCodeDoc>(ctx.db, C.joinCodes, code, 'JOIN_CODE_INVALID');
  const m = memberOf(actor, doc.schoolId);
  ensure(doc.kind === 'class' && doc.classId ? canManageClass(m, doc.classId) : canManageSchool(m));
  if (doc.revokedAt) return toJoinCodeDto(doc, ctx.now);
  // Only the first revocation (or a staff invite's claim) sets revokedAt: concurrent revokes agree on it.
  const r = await ctx.db.collection(C.joinCodes).where({ _id: code, revokedAt: null }).update({ data: { revokedAt: ctx.now } });
  if (r.stats.updated) return toJoinCodeDto({ ...doc, revokedAt: ctx.now }, ctx.now);
  return toJoinCodeDto((await findById<JoinCodeDoc>(ctx.db, C.joinCodes, code)) ?? { ...doc, revokedAt: ctx.now }, ctx.now);
}

/** What a code leads to, shown before the parent confirms (nothing for a bad code). */
export async function previewJoinCode(ctx: Ctx, input: { code: string }) {
  const actor = await consentedActor(ctx);
  const code = normaliseJoinCode(input.code);
  const doc = await withAttemptGuard(ctx, actor.userId, async () => {
    const d = await findById<JoinCodeDoc>(ctx.db, C.joinCodes, code);
    const check = checkJoinCode(code, d, ctx.now, d?.kind ?? 'class');
    if (!check.ok) fail(check.code);
    return d;
  });
  const [school, grade, cls] = await Promise.all([
    findById<SchoolDoc>(ctx.db, C.schools, doc!.schoolId),
    doc!.gradeId ? findById<GradeDoc>(ctx.db, C.grades, doc!.gradeId) : null,
    doc!.classId ? findById<ClassDoc>(ctx.db, C.classes, doc!.classId) : null,
  ]);
  return { schoolName: school?.name ?? '', gradeName: grade?.name ?? '', className: cls?.name ?? '', kind: doc!.kind };
}

/**
 * Becomes the guardian of the named child of the code's class (deterministic child id: the same
 * name in the same class is the same child). The first guardian binds at once: child, guardian,
 * member and the copies on users in ONE transaction. For a child who already has guardians the
 * link is only requested (status 'pending', nothing else written) until the class's 班主任, an
 * admin or an existing guardian confirms it (guardian.service confirmGuardian).
 */
export async function bindChild(ctx: Ctx, input: { code: string; childName: string; relation: Relation }): Promise<Profile> {
  const actor = await consentedActor(ctx);
  if (!actor.user.consent?.guardianConsent) fail('CONSENT_REQUIRED');
  const code = normaliseJoinCode(input.code);
  const childName = normaliseChildName(input.childName);
  // The code is read while the attempt slot is taken (it is judged only once the slot is held).
  const jcRead = findById<JoinCodeDoc>(ctx.db, C.joinCodes, code);
  jcRead.catch(() => undefined);
  await withAttemptGuard(ctx, actor.userId, async () => {
    const jc = await jcRead;
    const check = checkJoinCode(code, jc, ctx.now, 'class');
    if (!check.ok) fail(check.code);
    // The code names the class and its school; the class itself is read in the
    // transaction below, with the records it writes (read-only there: no conflict on it).
    const cls: Pick<ClassDoc, '_id' | 'schoolId'> = { _id: jc!.classId!, schoolId: jc!.schoolId };
    const childId = stableId('ch', cls._id, childName);
    // Writes only documents of this parent and this child: binds of other children never meet.
    const bindOnce = () => withTransaction(ctx.db, async (t): Promise<'active' | 'pending'> => {
      const [klass, child, guardian, member, user] = await Promise.all([
        txGet<ClassDoc>(t, C.classes, cls._id),
        txGet<ChildDoc>(t, C.children, childId),
        txGet(t, C.guardians, guardianId(childId, actor.userId)),
        txGet<MemberDoc>(t, C.members, memberId(cls.schoolId, actor.userId)),
        txGet<SchoolUserDoc>(t, C.users, actor.userId),
      ]);
      if (!klass || klass.schoolId !== cls.schoolId) fail('CLASS_NOT_FOUND');
      if (guardian) fail('GUARDIAN_DUPLICATE');
      if (!user) fail('UNAUTHENTICATED');
      const childRef = t.collection(C.children).doc(childId);
      const gRef = t.collection(C.guardians).doc(guardianId(childId, actor.userId));
      const record = { childId, userId: actor.userId, schoolId: cls.schoolId, gradeId: klass.gradeId, classId: cls._id, relation: input.relation, joinCode: code, createdAt: ctx.now };
      // A child who already has guardians: the code (shared with the whole class) and a name are
      // not proof. The link waits for the 班主任 or an existing guardian and grants nothing. A
      // request writes only its own record, so that many requests for one child never conflict.
      if (child && child.guardianCount !== 0) {
        await gRef.set({ data: { ...record, status: 'pending' } });
        return 'pending';
      }
      if (!child) await childRef.set({ data: { schoolId: cls.schoolId, gradeId: klass.gradeId, classId: cls._id, name: childName, guardianCount: 1, createdAt: ctx.now } });
      else await childRef.update({ data: { guardianCount: 1 } });
      let membership = member ? toMembership(member) : { schoolId: cls.schoolId, roles: [], positions: [] };
      if (!membership.roles.includes('parent')) membership = { ...membership, roles: [...membership.roles, 'parent'] };
      const link: ChildLink = { childId, schoolId: cls.schoolId, gradeId: klass.gradeId, classId: cls._id, childName, relation: input.relation };
      const mRef = t.collection(C.members).doc(memberId(cls.schoolId, actor.userId));
      await Promise.all([
        gRef.set({ data: { ...record, status: 'active' } }),
        member
          ? mRef.update({ data: { roles: membership.roles, updatedAt: ctx.now } })
          : mRef.set({ data: { schoolId: cls.schoolId, userId: actor.userId, roles: membership.roles, positions: [], createdAt: ctx.now, updatedAt: ctx.now } }),
        t.collection(C.users).doc(actor.userId).update({
          data: {
            children: [...(user.children ?? []).filter((c) => c.childId !== childId), link],
            memberships: withMembership(user.memberships ?? [], cls.schoolId, membership),
            currentChildId: childId,
            updatedAt: ctx.now,
          },
        }),
      ]);
      return 'active';
    }, CHILD_TX);
    // A request commits without touching the child: if the child was deleted meanwhile (its
    // family's data purged, server/school/deletion.service.ts), the request is withdrawn and the
    // bind runs again — as the first guardian of the child created anew.
    for (let round = 0; ; round++) {
      const outcome = await bindOnce();
      if (outcome === 'active' || round >= 2 || (await findById<ChildDoc>(ctx.db, C.children, childId))) return;
      await ctx.db.collection(C.guardians).where({ _id: guardianId(childId, actor.userId), status: 'pending' }).remove();
    }
  });
  const fresh = await findById<SchoolUserDoc>(ctx.db, C.users, actor.userId);
  return buildProfile(ctx.db, fresh!);
}

/** Staff invite (admin): the staff member opens it in WeChat and their account is linked to the record. */
export async function createStaffInvite(ctx: Ctx, input: { staffId: string; validDays: number }) {
  const actor = await consentedActor(ctx);
  const staff = await loadOr<StaffDoc>(ctx.db, C.staff, input.staffId);
  ensure(canManageSchool(memberOf(actor, staff.schoolId)));
  const doc = await issueCode(ctx, {
    kind: 'staff',
    schoolId: staff.schoolId,
    gradeId: null,
    classId: null,
    staffId: staff._id,
    createdBy: actor.userId,
    expiresAt: new Date(ctx.now.getTime() + input.validDays * 86400_000),
  });
  const qr = await makeQr(ctx, doc._id, JOIN_STAFF_PAGE);
  return { ...toJoinCodeDto(doc, ctx.now), ...qr };
}
