/**
 * The caller, loaded with ONE document read: users/{userIdFor(openid)} carries the caller's
 * memberships and children denormalised (the source of truth stays in members / guardians,
 * and the school service updates both in one transaction).
 */
import { createHash } from 'crypto';
import { findById } from '../core/persistence';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import type { ChildLink, Membership, PositionTitle, Role } from '../../types/school/roles';

export interface UserDoc {
  _id: string;
  openid: string;
  memberships: Membership[];
  children: ChildLink[];
  consent?: { version: string; acceptedAt: Date } | null;
  createdAt: Date;
  updatedAt?: Date;
}

export interface Actor {
  userId: string;
  openid: string;
  /** null until the user has opened the app once (account.ensureUser). */
  user: UserDoc | null;
  memberships: Membership[];
  children: ChildLink[];
}

/** Deterministic user id: creating a user twice, even concurrently, writes one document. */
export function userIdFor(openid: string): string {
  return createHash('sha256').update(`user:${openid}`).digest('hex').slice(0, 32);
}

export async function loadActor(db: Database, openid: string): Promise<Actor> {
  const userId = openid ? userIdFor(openid) : '';
  let user: UserDoc | null = null;
  if (openid) {
    user = await findById<UserDoc>(db, 'users', userId);
  }
  return {
    userId,
    openid,
    user,
    memberships: user?.memberships ?? [],
    children: user?.children ?? [],
  };
}

export function membershipIn(actor: Actor, schoolId: string): Membership | undefined {
  return actor.memberships.find((m) => m.schoolId === schoolId);
}

export function hasRole(actor: Actor, schoolId: string, roles: Role[]): boolean {
  const m = membershipIn(actor, schoolId);
  return !!m && m.roles.some((r) => roles.includes(r));
}

export function hasPosition(actor: Actor, schoolId: string, titles: PositionTitle[]): boolean {
  const m = membershipIn(actor, schoolId);
  return !!m && m.positions.some((p) => titles.includes(p.title));
}

/** Throws FORBIDDEN unless the actor holds one of the roles in that school. */
export function requireRole(actor: Actor, schoolId: string, roles: Role[]): Membership {
  const m = membershipIn(actor, schoolId);
  if (!m || !m.roles.some((r) => roles.includes(r))) fail('FORBIDDEN');
  return m;
}

/** Is the actor head teacher (班主任) of the class? School admins count too. */
export function canManageClass(actor: Actor, schoolId: string, classId: string): boolean {
  const m = membershipIn(actor, schoolId);
  if (!m) return false;
  if (m.roles.includes('admin')) return true;
  return m.positions.some((p) => p.title === '班主任' && p.classId === classId);
}

export function requireConsent(actor: Actor): UserDoc {
  if (!actor.user) fail('UNAUTHENTICATED');
  if (!actor.user.consent) fail('CONSENT_REQUIRED');
  return actor.user;
}
