/**
 * The one persistence toolkit of the backend: how every service reads and writes the cloud
 * database so that its invariants hold on the database production has (WeChat cloud: MongoDB-based,
 * snapshot isolation — transactions on different documents run side by side, the second writer of
 * a document fails with DATABASE_TRANSACTION_CONFLICT).
 *
 *  - `withTransaction(db, fn)`: a WeChat-legal transaction (single-document operations only) that
 *    is retried on a write conflict with jittered exponential backoff, within a bounded total time.
 *    Domain failures (`fail(...)`) roll back and reach the caller unchanged; side effects belong
 *    after it returns.
 *  - `isConflict` / `isMissing` / `isDuplicateKey`: the one place that recognises what the local
 *    cloud and the real service return through wx-server-sdk.
 *  - `txGet` (null for a missing document inside a transaction), `findById`, `findByIds`,
 *    `findAll` / `forEachPage` (paged by a range on `_id`, never a large skip).
 *
 * Prefer a single-document conditional update (`where({_id, field: cond}).update(...)`, check
 * `stats.updated`) to a transaction on a hot document: it never conflicts and never waits.
 */
import { randomInt } from 'crypto';
import type { Database } from './cloud';
import type { Doc, Transaction } from './db-types';
import { fail, isDomainError } from './errors';

/**
 * What reaches a cloud function through wx-server-sdk 4.0.2 (docs/localcloud.md, "What a conflict
 * looks like in the function"; checked against the real SDK in localcloud/db/sdk-errors.test.ts):
 *  - an operation inside a transaction (t.collection(c).doc(id).get/update/set/remove, add) rejects
 *    with an Error `{errCode, errMsg}` and NO `code`: the server's code is mapped to an errCode
 *    (DATABASE_TRANSACTION_CONFLICT and DATABASE_TRANSACTION_FAIL are unknown to the SDK: -501001)
 *    and the server's message is kept, e.g. `document.update:fail -501001 resource system error.
 *    [ResourceUnavailable.TransactionConflict] Transaction is conflict, …`;
 *  - `transaction.commit()` / `rollback()` / `db.startTransaction()` reject with the node SDK's
 *    TcbError `{code, message, requestId}` unwrapped (no errCode);
 *  - a duplicate key: errCode -502001 (`DATABASE_REQUEST_FAILED`) with MongoDB's `E11000 duplicate
 *    key error …` message; CloudBase's HTTP API names it `DATABASE_DUPLICATE_WRITE`.
 */
function parts(e: unknown): { code: string; text: string } {
  if (typeof e === 'string') return { code: '', text: e };
  if (e && typeof e === 'object') {
    const o = e as { errCode?: unknown; errMsg?: unknown; message?: unknown; code?: unknown };
    return { code: typeof o.code === 'string' ? o.code : '', text: `${String(o.errMsg ?? '')} ${String(o.message ?? '')}` };
  }
  return { code: '', text: String(e) };
}

/**
 * A write conflict, or a transaction the server no longer has (aborted by a conflict or by its
 * timeout): the whole transaction may be retried on a fresh snapshot.
 */
export function isConflict(e: unknown): boolean {
  if (isDomainError(e)) return false;
  const { code, text } = parts(e);
  if (code === 'DATABASE_TRANSACTION_CONFLICT' || code === 'DATABASE_TRANSACTION_FAIL') return true;
  return /\[ResourceUnavailable\.Transaction(Conflict|NotExist)\]|DATABASE_TRANSACTION_CONFLICT/.test(text);
}

/** A document that does not exist (doc(id).get() on a miss: errCode -1 "document with _id X does not exist"). */
export function isMissing(e: unknown): boolean {
  if (isDomainError(e)) return false;
  const { code, text } = parts(e);
  if (code === 'DATABASE_DOCUMENT_NOT_EXIST' || code === 'DOCUMENT_NOT_FOUND') return true;
  return /document with _id .* does not exist|DATABASE_DOCUMENT_NOT_EXIST|DOCUMENT_NOT_FOUND/.test(text);
}

/** A unique index refused the write (a deterministic id taken, or a unique field). */
export function isDuplicateKey(e: unknown): boolean {
  if (isDomainError(e)) return false;
  const { code, text } = parts(e);
  if (code === 'DATABASE_DUPLICATE_WRITE') return true;
  return /E11000 duplicate key|DATABASE_DUPLICATE_WRITE/.test(text);
}

export interface TransactionOptions {
  /** Attempts in all (default 8). */
  attempts?: number;
  /** Give up retrying once this much time has passed since the first attempt (default 2,000 ms). */
  budgetMs?: number;
  /** First backoff ceiling (default 8 ms); doubles each attempt, capped at 250 ms; full jitter. */
  baseDelayMs?: number;
}

export interface TransactionStats {
  attempts: number;
  conflicts: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` in a transaction and commits it. On a conflict (during the callback or at commit) the
 * transaction is rolled back and `fn` runs again on a fresh snapshot, after a jittered backoff,
 * until `attempts` or `budgetMs` run out; then the caller gets CONFLICT (a Chinese "try again").
 * The callback must use only `t.collection(c).doc(id).get/set/update/remove` and `add`, and must be
 * safe to run more than once (no side effects: those run after this returns).
 */
export async function withTransaction<R>(
  db: Database,
  fn: (t: Transaction, attempt: number) => Promise<R>,
  opts: TransactionOptions = {},
  stats?: TransactionStats,
): Promise<R> {
  const attempts = opts.attempts ?? 8;
  const budget = opts.budgetMs ?? 2000;
  const base = opts.baseDelayMs ?? 8;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    if (stats) stats.attempts = attempt;
    const t = await db.startTransaction();
    let result: R;
    let failure: unknown;
    let failed = false;
    try {
      result = await fn(t, attempt);
    } catch (e) {
      failed = true;
      failure = e;
    }
    if (!failed) {
      try {
        await t.commit();
        return result!;
      } catch (e) {
        failed = true;
        failure = e;
      }
    } else {
      await Promise.resolve()
        .then(() => t.rollback())
        .catch(() => undefined);
    }
    if (!isConflict(failure)) throw failure;
    if (stats) stats.conflicts++;
    const elapsed = Date.now() - started;
    if (attempt >= attempts || elapsed >= budget) fail('CONFLICT');
    const ceiling = Math.min(250, base * 2 ** (attempt - 1));
    await sleep(Math.min(randomInt(1, ceiling + 1), Math.max(1, budget - elapsed)));
  }
}

/** doc(id).get() inside a transaction (or outside); null when the document does not exist. */
export async function txGet<T = Doc>(t: Pick<Transaction, 'collection'> | Database, collection: string, id: string): Promise<T | null> {
  try {
    const r = await (t as Transaction).collection<T>(collection).doc(id).get();
    return ((r?.data as T) ?? null) as T | null;
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/** One document by id outside a transaction, or null (a query: never throws for "missing"). */
export async function findById<T = Doc>(db: Database, collection: string, id: string): Promise<T | null> {
  const r = await db.collection<T>(collection).where({ _id: id }).limit(1).get();
  return (r.data[0] as T | undefined) ?? null;
}

/** Documents by ids, fetched 100 at a time (order not kept; duplicates and empty ids dropped). */
export async function findByIds<T = Doc>(db: Database, collection: string, ids: string[]): Promise<T[]> {
  const unique = [...new Set(ids.filter(Boolean))];
  const out: T[] = [];
  const _ = db.command;
  for (let i = 0; i < unique.length; i += 100) {
    const r = await db.collection<T>(collection).where({ _id: _.in(unique.slice(i, i + 100)) }).limit(100).get();
    out.push(...(r.data as T[]));
  }
  return out;
}

/**
 * Calls `onPage` with every page of documents matching `where`, in `_id` order, `pageSize` at a
 * time (≤ 1000, the cloud function limit), paging by a range on `_id`. Stops after `max` documents
 * or when `onPage` returns false.
 */
export async function forEachPage<T extends { _id: string } = Doc & { _id: string }>(
  db: Database,
  collection: string,
  where: Doc,
  onPage: (docs: T[]) => Promise<boolean | void> | boolean | void,
  opts: { pageSize?: number; max?: number; field?: Record<string, boolean> } = {},
): Promise<number> {
  const _ = db.command;
  const pageSize = Math.min(1000, opts.pageSize ?? 1000);
  const max = opts.max ?? Infinity;
  let seen = 0;
  let after = '';
  while (seen < max) {
    const filter = after ? { ...where, _id: _.gt(after) } : where;
    let q = db.collection<T>(collection).where(filter).orderBy('_id', 'asc').limit(Math.min(pageSize, max - seen));
    if (opts.field) q = q.field({ ...opts.field, _id: true });
    const r = await q.get();
    const docs = r.data as T[];
    if (docs.length === 0) break;
    seen += docs.length;
    if ((await onPage(docs)) === false) break;
    if (docs.length < Math.min(pageSize, max - seen + docs.length)) break;
    after = docs[docs.length - 1]._id;
  }
  return seen;
}

/** Every document matching `where`, paged by _id (never a large skip), up to `max`. */
export async function findAll<T extends { _id: string } = Doc & { _id: string }>(db: Database, collection: string, where: Doc, max = 20000): Promise<T[]> {
  const out: T[] = [];
  await forEachPage<T>(db, collection, where, (docs) => void out.push(...docs), { max });
  return out;
}

/** Drops `_id` (and undefined fields) before a set(): the SDK refuses `_id` inside data. */
export function withoutId<T extends Doc>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc;
  for (const k of Object.keys(rest)) if (rest[k] === undefined) delete rest[k];
  return rest;
}
