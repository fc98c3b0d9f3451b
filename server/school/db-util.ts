/**
 * Small helpers over the real SDK database used by the school services: WeChat-legal
 * transactions (single-document operations, deterministic ids), reads that return null for a
 * missing document, and id lookups in chunks.
 */
import { createHash, randomInt } from 'crypto';
import type { Database } from '../core/cloud';
import type { Doc, Transaction } from '../core/db-types';
import { isDomainError } from '../core/errors';

/** Deterministic id from its parts: the same inputs always name the same document. */
export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u0001')).digest('hex').slice(0, 20)}`;
}

export function randomCode(alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

function errText(e: unknown): string {
  if (typeof e === 'string') return e;
  const o = e as { errMsg?: string; message?: string; code?: string } | null;
  return `${o?.code ?? ''} ${o?.errMsg ?? ''} ${o?.message ?? ''}`;
}

export function isNotFound(e: unknown): boolean {
  return /does not exist|not exist|NOT_FOUND|not found/i.test(errText(e));
}

function isConflict(e: unknown): boolean {
  return /conflict|TRANSACTION_CONFLICT|write ?conflict|locked|busy/i.test(errText(e));
}

export function isDuplicateKey(e: unknown): boolean {
  return /duplicate|unique|E11000|already exists/i.test(errText(e));
}

/** doc(id).get() that answers null for a missing document (in and out of transactions). */
export async function getOrNull<T = Doc>(ref: { get(): Promise<{ data: unknown }> }): Promise<T | null> {
  try {
    const r = await ref.get();
    return (r?.data ?? null) as T | null;
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/** One document by id outside a transaction, or null (a query: never throws for "missing"). */
export async function findById<T = Doc>(db: Database, collection: string, id: string): Promise<T | null> {
  const r = await db.collection(collection).where({ _id: id }).limit(1).get();
  return (r.data[0] as T | undefined) ?? null;
}

/** Documents by ids, fetched 100 at a time. */
export async function findByIds<T = Doc>(db: Database, collection: string, ids: string[]): Promise<T[]> {
  const unique = [...new Set(ids.filter(Boolean))];
  const out: T[] = [];
  const _ = db.command;
  for (let i = 0; i < unique.length; i += 100) {
    const r = await db.collection(collection).where({ _id: _.in(unique.slice(i, i + 100)) }).limit(100).get();
    out.push(...(r.data as T[]));
  }
  return out;
}

/** Every document matching `where`, paged by _id (never a large skip). */
export async function findAll<T extends { _id: string } = Doc & { _id: string }>(db: Database, collection: string, where: Doc, max = 20000): Promise<T[]> {
  const _ = db.command;
  const out: T[] = [];
  let after = '';
  while (out.length < max) {
    const filter = after ? { ...where, _id: _.gt(after) } : where;
    const r = await db.collection(collection).where(filter).orderBy('_id', 'asc').limit(1000).get();
    out.push(...(r.data as T[]));
    if (r.data.length < 1000) break;
    after = (r.data[r.data.length - 1] as T)._id;
  }
  return out;
}

/**
 * Runs `fn` in a transaction: commit on success; rollback and rethrow on a domain failure;
 * retry (up to `attempts`) when the database reports a write conflict. The callback must use
 * only `t.collection(c).doc(id).get/set/update/remove` and `add` (WeChat's rule), and must not
 * cause side effects: those run after this returns.
 */
export async function inTransaction<R>(db: Database, fn: (t: Transaction) => Promise<R>, attempts = 4): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const t = await db.startTransaction();
    let result: R;
    try {
      result = await fn(t);
    } catch (e) {
      await Promise.resolve(t.rollback()).catch(() => undefined);
      if (!isDomainError(e) && isConflict(e) && attempt < attempts) {
        await new Promise((r) => setTimeout(r, 5 * attempt + randomInt(10)));
        continue;
      }
      throw e;
    }
    try {
      await t.commit();
      return result;
    } catch (e) {
      if (isConflict(e) && attempt < attempts) {
        await new Promise((r) => setTimeout(r, 5 * attempt + randomInt(10)));
        continue;
      }
      throw e;
    }
  }
}

/** Drops `_id` (and undefined fields) before a set(): the SDK refuses `_id` inside data. */
export function withoutId<T extends Doc>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc;
  for (const k of Object.keys(rest)) if (rest[k] === undefined) delete rest[k];
  return rest;
}

export function iso(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  return new Date(d).toISOString();
}
