/**
 * Families (children) of a class or school, read from the denormalised users.children copies
 * (docs/ARCHITECTURE.md: identity model), and the caller's own children.
 */
import type { Database } from '../core/cloud';
import { findById } from '../core/persistence';
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

/**
 * Loads the class and fails FORBIDDEN when it belongs to another school than `schoolId` (the pair
 * sent by the client is never trusted alone). A class id with no class record names nothing:
 * every read below filters by schoolId and classId, so it answers an empty register.
 */
export async function requireClassOf(db: Database, schoolId: string, classId: string): Promise<void> {
  const cls = await findById<{ _id: string; schoolId: string }>(db, 'classes', classId);
  if (cls && cls.schoolId !== schoolId) fail('FORBIDDEN');
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

/**
 * Who made a change, for staff eyes: "姓名（职务）" of staff (from users.memberships → staff),
 * "家长" for a guardian. Never phone numbers.
 */
export async function operatorLabels(db: Database, schoolId: string, userIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids = [...new Set(userIds)].slice(0, 100);
  if (!ids.length) return out;
  const _ = db.command;
  const users = (await db.collection<UserDoc>('users').where({ _id: _.in(ids) }).limit(100).get()).data;
  const staffIds = new Map<string, string>();
  for (const u of users) {
    const m = (u.memberships || []).find((x) => x.schoolId === schoolId);
    const staff = m && (m.roles.includes('teacher') || m.roles.includes('admin'));
    if (staff && m.staffId) staffIds.set(u._id, m.staffId);
    out.set(u._id, staff ? m.positions[0]?.title ?? (m.roles.includes('admin') ? '学校管理员' : '教师') : '家长');
  }
  if (staffIds.size) {
    const staff = (await db.collection<{ _id: string; name: string }>('staff').where({ _id: _.in([...staffIds.values()]) }).field({ name: true }).limit(100).get()).data;
    const names = new Map(staff.map((s) => [s._id, s.name]));
    for (const [userId, staffId] of staffIds) {
      const name = names.get(staffId);
      if (name) out.set(userId, `${name}（${out.get(userId)}）`);
    }
  }
  return out;
}
