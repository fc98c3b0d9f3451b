/** First open, consent (PIPL art. 28/31), the caller's profile, switching the current child. */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import type { Profile } from '../../types/school/school.schema';
import { deletionDueAt, needsConsent, PRIVACY_VERSION } from '../../types/school/school.rules';
import { consentedActor, type SchoolUserDoc } from './access';
import { findById, findByIds, isDuplicateKey, txGet, withTransaction } from '../core/persistence';
import { iso } from './db-util';
import { C, type ChildDoc, type ClassDoc, type DeletionJobDoc, type GradeDoc, type GuardianDoc, type SchoolDoc } from './model';

export async function buildProfile(db: Database, user: SchoolUserDoc): Promise<Profile> {
  const memberships = user.memberships ?? [];
  const children = user.children ?? [];
  const _ = db.command;
  // Pending guardian links: the caller's own requests, and others' requests for the caller's children.
  const [mine, forMyChildren] = await Promise.all([
    db.collection(C.guardians).where({ userId: user._id, status: 'pending' }).limit(50).get(),
    children.length
      ? db.collection(C.guardians).where({ childId: _.in(children.map((c) => c.childId)), status: 'pending' }).limit(100).get()
      : Promise.resolve({ data: [] }),
  ]);
  const ownPending = mine.data as GuardianDoc[];
  const requests = forMyChildren.data as GuardianDoc[];
  const pendingChildDocs = await findByIds<ChildDoc>(db, C.children, ownPending.map((g) => g.childId));
  const schoolIds = [...memberships.map((m) => m.schoolId), ...children.map((c) => c.schoolId)];
  const [schools, classes, grades, job] = await Promise.all([
    findByIds<SchoolDoc>(db, C.schools, schoolIds),
    findByIds<ClassDoc>(db, C.classes, [...children.map((c) => c.classId), ...ownPending.map((g) => g.classId)]),
    findByIds<GradeDoc>(db, C.grades, [...children.map((c) => c.gradeId), ...ownPending.map((g) => g.gradeId)]),
    user.consent ? Promise.resolve(null) : findById<DeletionJobDoc>(db, C.deletionJobs, user._id),
  ]);
  const schoolName = (id: string) => schools.find((s) => s._id === id)?.name ?? '';
  const className = (gradeId: string, classId: string) =>
    `${grades.find((g) => g._id === gradeId)?.name ?? ''}${classes.find((c) => c._id === classId)?.name ?? ''}`;
  const consent = user.consent ?? null;
  const current = children.find((c) => c.childId === user.currentChildId) ?? children[0];
  const toRequest = (g: GuardianDoc, childName: string) => ({
    childId: g.childId,
    childName,
    className: className(g.gradeId, g.classId),
    userId: g.userId,
    relation: g.relation,
    createdAt: iso(g.createdAt)!,
    isMe: g.userId === user._id,
  });
  return {
    userId: user._id,
    needsConsent: needsConsent(consent),
    consentVersion: PRIVACY_VERSION,
    consent: consent ? { version: consent.version, acceptedAt: iso(consent.acceptedAt)!, guardianConsent: !!consent.guardianConsent } : null,
    deletionDueAt: job && job.status === 'scheduled' ? iso(job.dueAt) : null,
    memberships: memberships.map((m) => ({ ...m, schoolName: schoolName(m.schoolId) })),
    children: children.map((c) => ({ ...c, schoolName: schoolName(c.schoolId), className: className(c.gradeId, c.classId) })),
    currentChildId: current?.childId ?? null,
    pendingChildren: ownPending.map((g) => toRequest(g, pendingChildDocs.find((c) => c._id === g.childId)?.name ?? '')),
    guardianRequests: requests
      .filter((g) => g.userId !== user._id)
      .map((g) => toRequest(g, children.find((c) => c.childId === g.childId)?.childName ?? '')),
  };
}

async function reloadUser(ctx: Ctx, userId: string): Promise<SchoolUserDoc> {
  const user = await findById<SchoolUserDoc>(ctx.db, C.users, userId);
  if (!user) fail('UNAUTHENTICATED');
  return user;
}

/**
 * First open: creates users/{userIdFor(openid)} once. One `add` under the deterministic id, no
 * transaction: of concurrent opens one creates the document, the others get a duplicate key and
 * read it.
 */
export async function ensureUser(ctx: Ctx): Promise<Profile> {
  const actor = await ctx.actor();
  if (actor.user) return buildProfile(ctx.db, actor.user as SchoolUserDoc);
  const doc: SchoolUserDoc = { _id: actor.userId, openid: actor.openid, memberships: [], children: [], consent: null, currentChildId: null, createdAt: ctx.now, updatedAt: ctx.now } as SchoolUserDoc;
  try {
    await ctx.db.collection(C.users).add({ data: doc });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return buildProfile(ctx.db, await reloadUser(ctx, actor.userId));
  }
  return buildProfile(ctx.db, doc);
}

/** Records the privacy notice + guardian consent (version, time) and cancels a scheduled deletion. */
export async function acceptConsent(ctx: Ctx, input: { version: string; guardianConsent: boolean }): Promise<Profile> {
  const actor = await ctx.actor();
  if (!actor.user) fail('UNAUTHENTICATED');
  if (input.version !== PRIVACY_VERSION) fail('VALIDATION_FAILED', [{ path: 'version', message: '隐私保护指引已更新，请阅读最新版本后再同意' }]);
  if (!input.guardianConsent) fail('VALIDATION_FAILED', [{ path: 'guardianConsent', message: '需要监护人同意处理未成年人信息' }]);
  await withTransaction(ctx.db, async (t) => {
    const jobRef = t.collection(C.deletionJobs).doc(actor.userId);
    const job = await txGet<DeletionJobDoc>(t, C.deletionJobs, actor.userId);
    await Promise.all([
      job && job.status === 'scheduled' ? jobRef.update({ data: { status: 'cancelled', cancelledAt: ctx.now } }) : null,
      t.collection(C.users).doc(actor.userId).update({
        data: { consent: { version: input.version, acceptedAt: ctx.now, guardianConsent: true }, consentWithdrawnAt: null, updatedAt: ctx.now },
      }),
      t.collection(C.consents).add({ data: { userId: actor.userId, action: 'accept', version: input.version, guardianConsent: true, at: ctx.now } }),
    ]);
  });
  return buildProfile(ctx.db, await reloadUser(ctx, actor.userId));
}

/**
 * Withdraws consent: processing stops at once (every other action answers CONSENT_REQUIRED),
 * and the family's data is deleted by the `school-cron` timer after the grace period.
 */
export async function withdrawConsent(ctx: Ctx): Promise<{ deletionDueAt: string }> {
  const actor = await ctx.actor();
  if (!actor.user) fail('UNAUTHENTICATED');
  const user = actor.user as SchoolUserDoc;
  if (!user.consent) fail('CONSENT_REQUIRED');
  const due = deletionDueAt(ctx.now);
  await withTransaction(ctx.db, async (t) => {
    await t.collection(C.users).doc(actor.userId).update({ data: { consent: null, consentWithdrawnAt: ctx.now, updatedAt: ctx.now } });
    await t.collection(C.deletionJobs).doc(actor.userId).set({ data: { userId: actor.userId, status: 'scheduled', withdrawnAt: ctx.now, dueAt: due } });
    await t.collection(C.consents).add({ data: { userId: actor.userId, action: 'withdraw', version: user.consent!.version, at: ctx.now } });
  });
  return { deletionDueAt: due.toISOString() };
}

export async function me(ctx: Ctx): Promise<Profile> {
  const actor = await consentedActor(ctx);
  return buildProfile(ctx.db, actor.user);
}

export async function switchChild(ctx: Ctx, input: { childId: string }): Promise<Profile> {
  const actor = await consentedActor(ctx);
  if (!actor.children.some((c) => c.childId === input.childId)) fail('FORBIDDEN');
  await ctx.db.collection(C.users).doc(actor.userId).update({ data: { currentChildId: input.childId, updatedAt: ctx.now } });
  return buildProfile(ctx.db, { ...actor.user, currentChildId: input.childId });
}
