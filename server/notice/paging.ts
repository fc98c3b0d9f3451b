/**
 * How the fan-out and the reminder work through a notice's recipients: one worker at a time holds
 * a lease on the notice (a conditional update that matches only while no lease is live), pages
 * within its time budget, and sends in small concurrent batches.
 */
import type { Database } from '../core/cloud';
import { findById } from '../core/persistence';

/** A lease outlives the budget by this much, so a slow last page is not taken over mid-write. */
export const LEASE_MARGIN_MS = 15_000;

export function leaseUntil(budgetMs: number): Date {
  return new Date(Date.now() + budgetMs + LEASE_MARGIN_MS);
}

export type Claim<T> = { busy: true } | { busy: false; doc: T | null };

/**
 * Takes the lease: `where` must match the one document only while it is free (its leaseUntil in
 * the past) and `data` sets the new leaseUntil. busy when another worker holds it; else the
 * document as it is now (null if it went away).
 */
export async function claimLease<T>(db: Database, collection: string, id: string, where: Record<string, unknown>, data: Record<string, unknown>): Promise<Claim<T>> {
  const claim = await db.collection(collection).where({ ...where, _id: id }).update({ data });
  if (claim.stats.updated !== 1) return { busy: true };
  return { busy: false, doc: await findById<T>(db, collection, id) };
}

/** Runs `fn` over `items`, `size` at a time. */
export async function inBatches<T>(items: T[], size: number, fn: (x: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}
