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
import { findAll, findById } from './db-util';
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

export async function purgeFamily(db: Database, cloud: Cloud, userId: string): Promise<Record<string, number>> {
  const _ = db.command;
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
  bump(C.guardians, await removeWhere(db, C.guardians, { userId }));
  const orphaned: string[] = [];
  for (const childId of [...new Set(links.filter(isActiveGuardian).map((g) => g.childId))]) {
    // Pending requests of others grant nothing: a child left with none active is orphaned.
    const rest = await findAll<GuardianDoc>(db, C.guardians, { childId });
    const active = rest.filter(isActiveGuardian).length;
    if (active === 0) {
      orphaned.push(childId);
      bump(C.guardians, await removeWhere(db, C.guardians, { childId }));
    } else {
      const child = await findById<ChildDoc>(db, C.children, childId);
      if (typeof child?.guardianCount === 'number') await db.collection(C.children).doc(childId).update({ data: { guardianCount: active } });
    }
  }
  for (const childId of orphaned) {
    const { cancelled } = await releaseFamilyEnrollments({ db, cloud }, { childId, reason: '家长已撤回授权，数据已删除' });
    bump('enrollmentsReleased', cancelled);
  }
  if (orphaned.length) {
    bump(C.children, await removeWhere(db, C.children, { _id: _.in(orphaned) }));
    for (const name of collectionsKeyedBy('familyId')) bump(name, await removeWhere(db, name, { familyId: _.in(orphaned) }));
  }
  for (const name of collectionsKeyedBy('userId')) bump(name, await removeWhere(db, name, { userId }));

  const members = await findAll<MemberDoc>(db, C.members, { userId });
  const kept: MemberDoc[] = [];
  for (const m of members) {
    const roles = m.roles.filter((r: Role) => r !== 'parent');
    if (roles.length) {
      await db.collection(C.members).doc(m._id).update({ data: { roles } });
      kept.push({ ...m, roles });
    } else {
      await db.collection(C.members).doc(m._id).remove();
      bump(C.members, 1);
    }
  }
  if (await findById(db, C.joinAttempts, userId)) await db.collection(C.joinAttempts).doc(userId).remove();
  const user = await findById<SchoolUserDoc>(db, C.users, userId);
  if (user) {
    if (kept.length) {
      const memberships = (user.memberships ?? []).filter((m) => kept.some((k) => k.schoolId === m.schoolId)).map((m) => ({ ...m, roles: kept.find((k) => k.schoolId === m.schoolId)!.roles }));
      await db.collection(C.users).doc(userId).update({ data: { children: [], memberships, currentChildId: null } });
    } else {
      await db.collection(C.users).doc(userId).remove();
      bump(C.users, 1);
    }
  }
  return removed;
}

/** Timer job: runs every deletion whose grace period has passed. */
export async function purgeDueDeletions(db: Database, cloud: Cloud, now: Date): Promise<{ processed: number; skipped: number }> {
  const due = await db
    .collection(C.deletionJobs)
    .where({ status: 'scheduled', dueAt: db.command.lte(now) })
    .orderBy('dueAt', 'asc')
    .limit(100)
    .get();
  let processed = 0;
  let skipped = 0;
  for (const job of due.data as DeletionJobDoc[]) {
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
