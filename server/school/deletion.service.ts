/**
 * Deletion of a family's data after consent was withdrawn (PIPL art. 47): run by the
 * `school-cron` timer once the grace period has passed.
 *
 * What goes: the user's guardian links; each child left without any guardian, with everything
 * other domains keep for that family (any declared collection indexed on `familyId`, since
 * familyId = childId); everything other domains keep per user (collections indexed on `userId`);
 * the user's parent memberships; the user document itself unless the user is also staff (then
 * only the staff membership remains). The consent history stays as the legal record.
 */
import type { Cloud, Database } from '../core/cloud';
import { releaseFamilyEnrollments } from '../course/enroll.service';
import { COLLECTIONS } from '../db/collections';
import type { Role } from '../../types/school/roles';
import { findAll, findById, txGet, withTransaction } from '../core/persistence';
import { CHILD_TX } from './db-util';
import { C, isActiveGuardian, type ChildDoc, type DeletionJobDoc, type GuardianDoc, type MemberDoc } from './model';
import type { SchoolUserDoc } from './access';

/** Collections the sweep by familyId / userId must not touch (handled explicitly or kept on purpose). */
const KEEP = new Set<string>([
  C.users, C.members, C.guardians, C.children, C.staff, C.consents, C.deletionJobs, C.joinCodes,
  C.schools, C.alliances, C.grades, C.classes, C.joinAttempts, 'dev_demo_users', 'test_items',
]);

function collectionsKeyedBy(field: string): string[] {
  return COLLECTIONS.filter((c) => !KEEP.has(c.name) && c.indexes.some((i) => i.keys[0]?.field === field)).map((c) => c.name);
}

async function removeWhere(db: Database, collection: string, where: Record<string, unknown>): Promise<number> {
  const r = await db.collection(collection).where(where).remove();
  return r?.stats?.removed ?? 0;
}

/**
 * Ends one guardian link in a transaction with the child's count, so that it serialises with every
 * other change of that child's guardians (binds, requests, confirmations). Answers the child's
 * count of active guardians afterwards (null: the child is gone).
 */
async function endLink(db: Database, link: GuardianDoc): Promise<number | null> {
  const left = await withTransaction(db, async (t) => {
    const [cur, child] = await Promise.all([txGet<GuardianDoc>(t, C.guardians, link._id), txGet<ChildDoc>(t, C.children, link.childId)]);
    if (cur) await t.collection(C.guardians).doc(link._id).remove();
    if (!child) return null;
    if (typeof child.guardianCount !== 'number') return undefined;
    if (!cur || !isActiveGuardian(cur)) return child.guardianCount;
    const n = Math.max(0, child.guardianCount - 1);
    await t.collection(C.children).doc(link.childId).update({ data: { guardianCount: n } });
    return n;
  }, CHILD_TX);
  if (left !== undefined) return left;
  // A record from before guardianCount: count the active guardians and store it.
  const active = (await findAll<GuardianDoc>(db, C.guardians, { childId: link.childId })).filter(isActiveGuardian).length;
  return withTransaction(db, async (t) => {
    const child = await txGet<ChildDoc>(t, C.children, link.childId);
    if (!child) return null;
    if (typeof child.guardianCount === 'number') return child.guardianCount;
    await t.collection(C.children).doc(link.childId).update({ data: { guardianCount: active } });
    return active;
  }, CHILD_TX);
}

/** The child stands at zero active guardians (a bind since makes it 1: then it is kept). */
async function stillOrphaned(db: Database, childId: string): Promise<boolean> {
  const child = await findById<ChildDoc>(db, C.children, childId);
  return !!child && child.guardianCount === 0;
}

/**
 * Deletes a user's family data. Safe against binds of the same child racing it: every change of a
 * child's active guardians goes through a transaction that writes the child document (first
 * binds, confirmations, and the link endings here), and a child is deleted only by a transaction
 * that finds it still without active guardians — a parent who binds the child meanwhile keeps it
 * (as its first guardian); one who binds after it is gone creates it anew. Pending requests do not
 * write the child (many requests for one child never conflict): those made before the deletion
 * are swept after it (by their time), and one committed just after it is withdrawn and bound
 * again by its own bind (join-code.service bindChild). The family's data of an orphaned child is
 * swept while the child stands at zero, checked again right before.
 */
export async function purgeFamily(db: Database, cloud: Cloud, userId: string): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  const bump = (k: string, n: number) => {
    if (n) removed[k] = (removed[k] ?? 0) + n;
  };

  const links = await findAll<GuardianDoc>(db, C.guardians, { userId });
  // Seats this guardian holds go back to the waitlist first (course counters stay equal to records).
  for (const childId of [...new Set(links.map((g) => g.childId))]) {
    const { cancelled } = await releaseFamilyEnrollments({ db, cloud }, { childId, userId, reason: '家长已撤回授权，数据已删除' });
    bump('enrollmentsReleased', cancelled);
  }
  const emptied: string[] = [];
  for (const g of links) {
    const left = await endLink(db, g);
    bump(C.guardians, 1);
    if (isActiveGuardian(g) && left === 0) emptied.push(g.childId);
  }
  for (const childId of [...new Set(emptied)]) {
    // Pending requests of others granted nothing: the child goes, and they with it.
    if (!(await stillOrphaned(db, childId))) continue;
    const { cancelled } = await releaseFamilyEnrollments({ db, cloud }, { childId, reason: '家长已撤回授权，数据已删除' });
    bump('enrollmentsReleased', cancelled);
    for (const name of collectionsKeyedBy('familyId')) bump(name, await removeWhere(db, name, { familyId: childId }));
    const deletedAt = new Date();
    const gone = await withTransaction(db, async (t) => {
      const child = await txGet<ChildDoc>(t, C.children, childId);
      if (!child || child.guardianCount !== 0) return false;
      await t.collection(C.children).doc(childId).remove();
      return true;
    }, CHILD_TX);
    if (!gone) continue;
    bump(C.children, 1);
    // Requests for the child that is gone (not those for a child of the same name created since).
    bump(C.guardians, await removeWhere(db, C.guardians, { childId, status: 'pending', createdAt: db.command.lte(deletedAt) }));
  }
  for (const name of collectionsKeyedBy('userId')) bump(name, await removeWhere(db, name, { userId }));

  // The parent role goes; staff roles stay. Member record and users copy change together.
  const members = await findAll<MemberDoc>(db, C.members, { userId });
  for (const m of members) {
    const dropped = await withTransaction(db, async (t) => {
      const cur = await txGet<MemberDoc>(t, C.members, m._id);
      if (!cur) return false;
      const roles = cur.roles.filter((r: Role) => r !== 'parent');
      if (roles.length) await t.collection(C.members).doc(m._id).update({ data: { roles } });
      else await t.collection(C.members).doc(m._id).remove();
      return !roles.length;
    });
    if (dropped) bump(C.members, 1);
  }
  await db.collection(C.joinAttempts).where({ _id: userId }).remove();
  const userGone = await withTransaction(db, async (t) => {
    const user = await txGet<SchoolUserDoc>(t, C.users, userId);
    if (!user) return false;
    const kept = (user.memberships ?? []).map((m) => ({ ...m, roles: m.roles.filter((r) => r !== 'parent') })).filter((m) => m.roles.length);
    if (kept.length) {
      await t.collection(C.users).doc(userId).update({ data: { children: [], memberships: kept, currentChildId: null } });
      return false;
    }
    await t.collection(C.users).doc(userId).remove();
    return true;
  });
  if (userGone) bump(C.users, 1);
  return removed;
}

/** A job claimed this long ago and not done (the timer run died): claimed again. */
const STALE_CLAIM_MS = 10 * 60_000;

/**
 * Timer job: runs every deletion whose grace period has passed. Each job is claimed first by one
 * conditional update (scheduled → running), so overlapping timer runs never purge one family twice.
 */
export async function purgeDueDeletions(db: Database, cloud: Cloud, now: Date): Promise<{ processed: number; skipped: number }> {
  const _ = db.command;
  const due = await db
    .collection(C.deletionJobs)
    .where(_.or([{ status: 'scheduled', dueAt: _.lte(now) }, { status: 'running', claimedAt: _.lt(new Date(now.getTime() - STALE_CLAIM_MS)) }]))
    .orderBy('dueAt', 'asc')
    .limit(100)
    .get();
  let processed = 0;
  let skipped = 0;
  for (const job of due.data as DeletionJobDoc[]) {
    const claim = job.status === 'running' ? { status: 'running', claimedAt: job.claimedAt } : { status: 'scheduled' };
    const claimed = await db.collection(C.deletionJobs).where({ _id: job._id, ...claim }).update({ data: { status: 'running', claimedAt: now } });
    if (!claimed.stats.updated) continue;
    const user = await findById<SchoolUserDoc>(db, C.users, job.userId);
    if (user?.consent) {
      // Consent was given again: nothing to delete.
      await db.collection(C.deletionJobs).doc(job._id).update({ data: { status: 'cancelled' } });
      skipped++;
      continue;
    }
    const removed = await purgeFamily(db, cloud, job.userId);
    await db.collection(C.deletionJobs).doc(job._id).update({ data: { status: 'done', doneAt: now, removed } });
    processed++;
  }
  return { processed, skipped };
}
