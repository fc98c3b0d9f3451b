/** Who is calling, and loading the target record before checking role AND school on it. */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { membershipIn, type Actor, type UserDoc } from '../access/actor';
import type { ErrorCode } from '../../types/common/errors';
import type { ChildLink, Membership } from '../../types/school/roles';
import { needsConsent, type ConsentState } from '../../types/school/school.rules';
import { findById } from '../core/persistence';

export type SchoolUserDoc = UserDoc & {
  consent?: ConsentState | null;
  currentChildId?: string | null;
  consentWithdrawnAt?: Date | null;
};

/** The caller, who must exist and have accepted the current privacy notice. */
export async function consentedActor(ctx: Ctx): Promise<Actor & { user: SchoolUserDoc }> {
  const actor = await ctx.actor();
  if (!actor.user) fail('UNAUTHENTICATED');
  if (needsConsent((actor.user as SchoolUserDoc).consent)) fail('CONSENT_REQUIRED');
  return actor as Actor & { user: SchoolUserDoc };
}

/** Loads a record by id or fails with the given code (NOT_FOUND by default). */
export async function loadOr<T>(db: Database, collection: string, id: string, code: ErrorCode = 'NOT_FOUND'): Promise<T> {
  const doc = await findById<T>(db, collection, id);
  if (!doc) fail(code);
  return doc;
}

/** The caller's membership in the school of the target record, or FORBIDDEN. */
export function memberOf(actor: Actor, schoolId: string): Membership {
  const m = membershipIn(actor, schoolId);
  if (!m) fail('FORBIDDEN');
  return m;
}

/** Fails FORBIDDEN unless `allowed` holds. */
export function ensure(allowed: boolean): void {
  if (!allowed) fail('FORBIDDEN');
}

// ---------- the denormalised copy on users ----------
export function withMembership(memberships: Membership[], schoolId: string, next: Membership | null): Membership[] {
  const rest = memberships.filter((m) => m.schoolId !== schoolId);
  return next && next.roles.length ? [...rest, next] : rest;
}

export function withoutChild(children: ChildLink[], childId: string): ChildLink[] {
  return children.filter((c) => c.childId !== childId);
}

export function toMembership(m: { schoolId: string; roles: Membership['roles']; staffId?: string | null; positions: Membership['positions'] }): Membership {
  const out: Membership = { schoolId: m.schoolId, roles: [...m.roles], positions: m.positions.map((p) => ({ ...p })) };
  if (m.staffId) out.staffId = m.staffId;
  return out;
}
