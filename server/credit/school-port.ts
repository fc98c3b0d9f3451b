/**
 * Families (children) of a class or school, read from the denormalised users.children copies
 * (docs/ARCHITECTURE.md: identity model), and the caller's own children.
 */
import type { Database } from '../core/cloud';
import type { Actor, UserDoc } from '../access/actor';
import { fail } from '../core/errors';
import type { ChildLink } from '../../types/school/roles';

async function usersWhere(db: Database, where: Record<string, unknown>): Promise<UserDoc[]> {
  const _ = db.command;
  const out: UserDoc[] = [];
  let last = '';
  for (;;) {
    const w: Record<string, unknown> = { ...where };
    if (last) w._id = _.gt(last);
    const res = await db.collection<UserDoc>('users').where(w).orderBy('_id', 'asc').limit(1000).get();
    out.push(...res.data);
    if (res.data.length < 1000) return out;
    last = res.data[res.data.length - 1]._id;
  }
}

function dedupe(users: UserDoc[], keep: (c: ChildLink) => boolean): ChildLink[] {
  const byId = new Map<string, ChildLink>();
  for (const u of users) for (const c of u.children || []) if (keep(c) && !byId.has(c.childId)) byId.set(c.childId, c);
  return [...byId.values()].sort((a, b) => a.childId.localeCompare(b.childId));
}

export async function classChildren(db: Database, schoolId: string, classId: string): Promise<ChildLink[]> {
  const users = await usersWhere(db, { 'children.classId': classId });
  return dedupe(users, (c) => c.schoolId === schoolId && c.classId === classId);
}

export async function schoolChildren(db: Database, schoolId: string): Promise<ChildLink[]> {
  const users = await usersWhere(db, { 'children.schoolId': schoolId });
  return dedupe(users, (c) => c.schoolId === schoolId);
}

export async function findChild(db: Database, schoolId: string, familyId: string): Promise<ChildLink | null> {
  const res = await db.collection<UserDoc>('users').where({ 'children.childId': familyId }).limit(20).get();
  return dedupe(res.data, (c) => c.childId === familyId && c.schoolId === schoolId)[0] ?? null;
}

/** The caller's family: the given child (must be theirs) or their first child (optionally in a school). */
export function resolveFamily(actor: Actor, familyId?: string, schoolId?: string): ChildLink {
  const mine = actor.children.filter((c) => !schoolId || c.schoolId === schoolId);
  if (familyId) {
    const c = actor.children.find((x) => x.childId === familyId);
    if (!c) fail('FORBIDDEN');
    if (schoolId && c.schoolId !== schoolId) fail('FORBIDDEN');
    return c;
  }
  if (!mine.length) fail('FORBIDDEN', { reason: 'no_child' });
  return mine[0];
}
