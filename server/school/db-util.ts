/**
 * What is specific to the school services: deterministic ids, random codes, ISO dates. Reads,
 * transactions and error matching come from server/core/persistence.ts (the one toolkit).
 */
import { createHash, randomInt } from 'crypto';
import type { TransactionOptions } from '../core/persistence';

/** Deterministic id from its parts: the same inputs always name the same document. */
export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u0001')).digest('hex').slice(0, 20)}`;
}

export function randomCode(alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

export function iso(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  return new Date(d).toISOString();
}

/**
 * Retries for transactions that write a child document (binds, confirmations, removals, the
 * purge): the guardians of one child meet there. A retry cannot see the holder's write before it
 * commits, so under load it needs longer than the default budget (school's timeout is 20 s).
 */
export const CHILD_TX: TransactionOptions = { attempts: 30, budgetMs: 5000 };
