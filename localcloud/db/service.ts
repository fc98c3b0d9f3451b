/**
 * The local cloud's database engine: serves the `database.*` actions of wx-server-sdk 4.0.2
 * (see ../../../shared/reference/wx-server-sdk-wire.md) over SQLite, with mingo for MongoDB semantics.
 *
 * Transactions have the real service's semantics (MongoDB snapshot isolation, see
 * docs/localcloud.md "Transactions"): any number run at once; each reads the committed state as of
 * its start plus its own writes; a transaction's write to a document that another open transaction
 * has written, or that was committed after its snapshot, fails at once with
 * DATABASE_TRANSACTION_CONFLICT and aborts it. Writes are buffered and applied on commit in one
 * SQLite transaction (atomic, crash safe). A write outside any transaction to a document an open
 * transaction has written waits until that transaction ends (bounded).
 */
import { randomBytes } from 'node:crypto';
import { Aggregator, find, update as mingoUpdate } from 'mingo';
import { compileFilter } from './mingo-query';
import { fastUpdate } from './update-fast';
import type { CollectionDecl } from '../../server/db/collection-decl';
import type { DbReply, DbService, DbServiceOptions, DbStats } from './types';
import { cloneDoc, parseEjson, parseStored, stringifyDoc, type Doc } from './ejson';
import { DbError } from './errors';
import { isPlainObject, uniqueKeysFor } from './keys';
import { planQuery } from './planner';
import { isValidCollectionName, Store } from './store';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const DEFAULT_TX_TIMEOUT_MS = 10_000;
/** A filtered query that reads at least this many documents without an index gets one warning. */
const SCAN_WARN_ROWS = 2000;

interface Tx {
  id: string;
  /** The commit sequence number whose committed state this transaction reads. */
  snapshot: number;
  /** Buffered writes: key → document (null = removed). */
  overlay: Map<string, { coll: string; id: string; doc: Doc | null }>;
  /** Keys this transaction holds: documents it wrote, unique-index keys of documents it wrote. */
  held: Set<string>;
  timer: NodeJS.Timeout;
  /** When the transaction is aborted for not committing in time (Date.now() ms). */
  expiresAt: number;
  /** wxCloudApiToken of the function invocation that started it (the local cloud sends one per invocation). */
  owner?: string;
  /** Resolves when the transaction ends (commit, abort, conflict, timeout). */
  done: Promise<void>;
  end: () => void;
}

/** The real service's replies (code and message as TCB sends them, see docs/localcloud.md). */
export const TX_CONFLICT_MESSAGE =
  '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';
const txNotExistMessage = (seconds: number) =>
  `[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in ${seconds} seconds. Please check your request, but if the problem persists, contact us.`;

interface Found {
  doc: Doc;
  text: string;
}

const docKey = (coll: string, id: string) => `${coll}\u0000${id}`;
const uniqueKey = (coll: string, index: string, key: string) => `\u0001${coll}\u0000${index}\u0000${key}`;

/** A new `_id`: 32 lowercase hex characters, like WeChat's. */
export function newDocId(): string {
  return randomBytes(16).toString('hex');
}

export function createDbService(opts: DbServiceOptions): DbService {
  return new LocalDb(opts);
}

class LocalDb implements DbService {
  private store: Store;
  private readonly decls: CollectionDecl[];
  private readonly txTimeoutMs: number;
  private readonly plainWaitMs: number;
  /** Open transactions by id. */
  private open = new Map<string, Tx>();
  /** Which open transaction holds a key (a document it wrote or a unique key it claimed). */
  private holders = new Map<string, Tx>();
  /** Commit sequence number: bumped by every committed write (a transaction's or a plain one). */
  private seq = 0;
  /** While transactions are open: the last commit that wrote a document… */
  private lastCommit = new Map<string, number>();
  /** …and its earlier versions: `text` is what the document was before commit `until` (null: absent). */
  private history = new Map<string, { until: number; text: string | null }[]>();
  /** Recorded versions in commit order, to forget them once no open snapshot needs them. */
  private versionLog: { until: number; key: string }[] = [];
  private versionLogHead = 0;
  /** Recently finished transactions and why (for clear errors on late requests). */
  private finished = new Map<string, string>();
  private counters: DbStats = { ops: 0, byAction: {} };
  private scanWarned = new Set<string>();

  constructor(opts: DbServiceOptions) {
    this.decls = opts.collections;
    this.txTimeoutMs = opts.transactionTimeoutMs ?? DEFAULT_TX_TIMEOUT_MS;
    this.plainWaitMs = opts.plainWriteWaitMs ?? this.txTimeoutMs;
    this.store = new Store(opts.file);
    this.createDeclared();
  }

  private createDeclared(): void {
    for (const d of this.decls) {
      if (!isValidCollectionName(d.name)) throw new Error(`Invalid collection name: ${d.name}`);
      this.store.ensure(d.name, d.indexes ?? []);
    }
  }

  // ---------------------------------------------------------------- public API

  async handle(body: Record<string, unknown>): Promise<DbReply> {
    const action = String(body.action ?? '');
    this.counters.ops++;
    this.counters.byAction[action] = (this.counters.byAction[action] ?? 0) + 1;
    try {
      const now = Date.now();
      switch (action) {
        case 'database.insertDocument':
          return await this.insertDocument(body, now);
        case 'database.getDocument':
          return this.getDocument(body, now);
        case 'database.calculateDocument':
          return this.calculateDocument(body, now);
        case 'database.modifyDocument':
          return await this.modifyDocument(body, now);
        case 'database.modifyAndReturnDoc':
          return await this.modifyAndReturnDoc(body, now);
        case 'database.removeDocument':
          return await this.removeDocument(body, now);
        case 'database.aggregateDocuments':
          return this.aggregateDocuments(body, now);
        case 'database.addCollection':
          return this.addCollection(body);
        case 'database.startTransaction':
          return await this.startTransaction(body);
        case 'database.commitTransaction':
          return this.commitTransaction(body);
        case 'database.abortTransaction':
          return this.abortTransaction(body);
        default:
          throw new DbError('INVALID_PARAM', `unsupported database action: ${action}`);
      }
    } catch (e) {
      if (e instanceof DbError) return { code: e.code, message: e.message };
      return { code: 'DATABASE_REQUEST_FAILED', message: e instanceof Error ? e.message : String(e) };
    }
  }

  stats(): DbStats {
    return { ops: this.counters.ops, byAction: { ...this.counters.byAction }, docsExamined: this.store.docsExamined };
  }

  resetStats(): void {
    this.counters = { ops: 0, byAction: {} };
    this.store.docsExamined = 0;
  }

  readAll(collection: string, limit = 1000): Record<string, unknown>[] {
    return this.store
      .candidates(collection, { kind: 'all' })
      .slice(0, limit)
      .map((r) => parseStored(r.text));
  }

  reset(): void {
    for (const tx of [...this.open.values()]) this.finishTx(tx, 'aborted: database reset');
    this.store.dropAll();
    this.createDeclared();
  }

  close(): void {
    for (const tx of [...this.open.values()]) this.finishTx(tx, 'aborted: database closed');
    this.store.close();
  }

  // ---------------------------------------------------------------- helpers

  private collection(body: Record<string, unknown>): string {
    const name = body.collectionName;
    if (typeof name !== 'string' || !this.store.has(name)) {
      throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${String(name)}`);
    }
    return name;
  }

  private tx(body: Record<string, unknown>): Tx | undefined {
    const id = body.transactionId;
    if (id === undefined || id === null || id === '') return undefined;
    const tx = this.open.get(String(id));
    if (tx) return tx;
    const why = this.finished.get(String(id));
    throw new DbError('DATABASE_TRANSACTION_FAIL', `${txNotExistMessage(Math.round(this.txTimeoutMs / 1000))} (local cloud: transaction ${String(id)} ${why ?? 'unknown'})`);
  }

  /** Documents matching a filter, in insertion order, read through an index when possible. */
  private findDocs(coll: string, query: Doc | undefined): Found[] {
    const meta = this.store.meta(coll);
    const plan = planQuery(meta, query, (p, cap) => this.store.countEntries(coll, p, cap));
    const rows = this.store.candidates(coll, plan);
    if (plan.kind === 'all' && query && Object.keys(query).length && rows.length >= SCAN_WARN_ROWS) this.warnScan(coll, query, rows.length);
    // an ids plan from `{ _id: '<id>' }` alone is exact: no need to test the documents again
    const exact = plan.kind === 'ids' && Object.keys(query ?? {}).length === 1 && typeof query?._id === 'string';
    const test = query && Object.keys(query).length && !exact ? compileFilter(query) : null;
    const out: Found[] = [];
    for (const row of rows) {
      const doc = parseStored(row.text);
      if (!test || test.test(doc)) out.push({ doc, text: row.text });
    }
    return out;
  }

  /**
   * The first `n` matches in `_id` order when the query is ordered by `_id` alone (paged scans:
   * `where({..., _id: _.gt(last)}).orderBy('_id', 'asc').limit(n)`): read in id order and stop at
   * n, instead of reading, testing and sorting every candidate for every page. Undefined when the
   * plan cannot be read in id order, or a document's _id is not a string (the order would differ).
   */
  private findFirstById(coll: string, query: Doc | undefined, order: Doc | undefined, n: number): Found[] | undefined {
    if (!order || Object.keys(order).length !== 1 || (order._id !== 1 && order._id !== -1)) return undefined;
    const dir = order._id as 1 | -1;
    const meta = this.store.meta(coll);
    const plan = planQuery(meta, query, (p, cap) => this.store.countEntries(coll, p, cap));
    const rows = this.store.idOrdered(coll, plan, dir, idBound(query, dir));
    if (!rows) return undefined;
    const test = query && Object.keys(query).length ? compileFilter(query) : null;
    const out: Found[] = [];
    if (n <= 0) return out;
    let read = 0;
    for (const row of rows) {
      read++;
      const doc = parseStored(row.text);
      if (typeof doc._id !== 'string') return undefined;
      if (!test || test.test(doc)) {
        out.push({ doc, text: row.text });
        if (out.length >= n) break;
      }
    }
    if (plan.kind === 'all' && query && Object.keys(query).some((k) => k !== '_id') && read >= SCAN_WARN_ROWS) this.warnScan(coll, query, read);
    return out;
  }

  /** Once per collection and filter shape: a filtered query read the whole (large) collection. */
  private warnScan(coll: string, query: Doc, rows: number): void {
    const fields = [...new Set(filterFields(query))].sort().join(', ');
    const sig = `${coll}|${fields}`;
    if (this.scanWarned.has(sig)) return;
    this.scanWarned.add(sig);
    console.warn(`[localcloud/db] a query on ${coll} by (${fields}) scanned all ${rows} documents: declare an index in server/db/collections`);
  }

  /**
   * Run a write outside a transaction. It runs at once unless it touches a document an open
   * transaction has written; then it waits until that transaction ends (at most plainWaitMs, then
   * a conflict) and looks again, as MongoDB does. `run` is applied atomically.
   */
  private async writeOutsideTx<P, T>(body: Record<string, unknown>, prepare: () => P, keys: (p: P) => string[], run: (p: P) => T): Promise<T> {
    const deadline = Date.now() + this.plainWaitMs;
    for (;;) {
      const p = prepare();
      const blocker = this.holders.size ? this.blockerOf(keys(p)) : undefined;
      if (!blocker) return this.commitWrites(() => run(p));
      if (blocker.owner && body.wxCloudApiToken === blocker.owner) {
        // The invocation that holds the transaction writes the same documents outside it: waiting
        // would deadlock. (The SDK sends where().update()/remove() without the transaction id.)
        throw new DbError(
          'DATABASE_REQUEST_FAILED',
          'this write runs outside the open transaction on a document the transaction uses: inside a transaction use doc(id).update()/set()/remove(), not where()',
        );
      }
      const now = Date.now();
      if (blocker.expiresAt <= now && this.open.get(blocker.id) === blocker) {
        // The blocker is past its timeout; its timer may not have fired yet on a busy event loop.
        // It is dead either way: abort it here rather than let the waiting write give up first.
        this.expire(blocker);
        continue;
      }
      const left = deadline - now;
      if (left <= 0) throw new DbError('DATABASE_TRANSACTION_CONFLICT', TX_CONFLICT_MESSAGE);
      let timer: NodeJS.Timeout | undefined;
      const wake = Math.max(1, Math.min(left, blocker.expiresAt - now));
      await Promise.race([blocker.done, new Promise<void>((r) => (timer = setTimeout(r, wake)))]);
      clearTimeout(timer);
    }
  }

  private blockerOf(keys: string[]): Tx | undefined {
    for (const k of keys) {
      const h = this.holders.get(k);
      if (h) return h;
    }
    return undefined;
  }

  /**
   * Apply committed writes atomically. While transactions are open, remember each written
   * document's previous version (their snapshots may still need it) and the commit that wrote it.
   */
  private commitWrites<T>(fn: () => T, committing?: Tx): T {
    const others = this.open.size - (committing ? 1 : 0);
    if (others <= 0) {
      const r = this.store.atomic(fn);
      this.seq++;
      return r;
    }
    const previous = new Map<string, string | null>();
    this.store.versionHook = (coll, id, prev) => {
      const k = docKey(coll, id);
      if (!previous.has(k)) previous.set(k, prev);
    };
    let r: T;
    try {
      r = this.store.atomic(fn);
    } finally {
      this.store.versionHook = null;
    }
    const seq = ++this.seq;
    for (const [key, text] of previous) {
      let h = this.history.get(key);
      if (!h) this.history.set(key, (h = []));
      h.push({ until: seq, text });
      this.lastCommit.set(key, seq);
      this.versionLog.push({ until: seq, key });
    }
    return r;
  }

  private docIdOf(query: Doc | undefined, what: string): string {
    const id = query?._id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new DbError('DATABASE_REQUEST_FAILED', `${what} in a transaction must address one document by _id`);
    }
    return String(id);
  }

  // ---------------------------------------------------------------- actions

  private async insertDocument(body: Record<string, unknown>, now: number): Promise<DbReply> {
    const coll = this.collection(body);
    const raw = Array.isArray(body.data) ? body.data : [body.data];
    const docs: Doc[] = raw.map((d) => {
      const doc = parseEjson(d, now);
      if (!isPlainObject(doc)) throw new DbError('INVALID_PARAM', 'document must be an object');
      if (doc._id === undefined || doc._id === null || doc._id === '') doc._id = newDocId();
      return doc;
    });
    const tx = this.tx(body);
    if (tx) {
      const ids = docs.map((d) => String(d._id));
      this.checkWritable(tx, ids.map((id) => docKey(coll, id)));
      if (new Set(ids).size !== ids.length || ids.some((id) => this.txGet(tx, coll, id))) {
        throw new DbError('DATABASE_REQUEST_FAILED', `E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id }`);
      }
      this.txPutMany(tx, docs.map((doc, i) => ({ coll, id: ids[i], doc })));
      return { data: { insertedIds: docs.map((d) => d._id) } };
    }
    await this.writeOutsideTx(
      body,
      () => docs,
      (ds) => ds.map((d) => docKey(coll, String(d._id))),
      (ds) => ds.forEach((d) => this.store.insert(coll, d)),
    );
    return { data: { insertedIds: docs.map((d) => d._id) } };
  }

  private getDocument(body: Record<string, unknown>, now: number): DbReply {
    const coll = this.collection(body);
    const query = parseEjson(body.query, now) as Doc | undefined;
    const projection = parseEjson(body.projection, now) as Doc | undefined;
    const offset = Math.max(0, Number(body.offset) || 0);
    const limit = Math.min(Math.max(0, Number(body.limit) || DEFAULT_LIMIT), MAX_LIMIT);
    const tx = this.tx(body);
    let list: string[];
    if (tx) {
      if (body.queryType === 'WHERE') {
        throw new DbError('DATABASE_REQUEST_FAILED', 'queries by where() are not supported in a transaction: use doc(id).get()');
      }
      const doc = this.txGet(tx, coll, this.docIdOf(query, 'get'));
      list = doc ? [projection ? stringifyDoc(project([doc], projection)[0]) : stringifyDoc(doc)] : [];
    } else {
      const order = parseEjson(body.order, now) as Doc | undefined;
      const byId = this.findFirstById(coll, query, order, offset + limit);
      let found = byId ?? this.findDocs(coll, query);
      if (!byId && order && Object.keys(order).length) {
        const byDoc = new Map(found.map((f) => [f.doc, f]));
        found = find(found.map((f) => f.doc), {})
          .sort(order as Record<string, 1 | -1>)
          .all()
          .map((d) => byDoc.get(d as Doc)!);
      }
      found = found.slice(offset, offset + limit);
      list = projection && Object.keys(projection).length ? project(found.map((f) => f.doc), projection).map(stringifyDoc) : found.map((f) => f.text);
    }
    return { data: { list, offset, limit } };
  }

  private calculateDocument(body: Record<string, unknown>, now: number): DbReply {
    const coll = this.collection(body);
    const query = parseEjson(body.query, now) as Doc | undefined;
    return { data: { total: this.findDocs(coll, query).length } };
  }

  private async modifyDocument(body: Record<string, unknown>, now: number): Promise<DbReply> {
    const coll = this.collection(body);
    const query = (parseEjson(body.query, now) as Doc | undefined) ?? {};
    const data = parseEjson(body.data, now);
    if (!isPlainObject(data)) throw new DbError('INVALID_PARAM', 'update data must be an object');
    const multi = body.multi === true;
    const replace = body.merge === false;
    const upsert = body.upsert === true;
    const tx = this.tx(body);
    if (tx) {
      if (body.queryType === 'WHERE' || multi) {
        throw new DbError('DATABASE_REQUEST_FAILED', 'multi-document updates (where().update()) are not supported in a transaction: use doc(id).update()');
      }
      const id = this.docIdOf(query, 'update');
      const cur = this.txGet(tx, coll, id);
      if (cur) {
        const { doc, changed } = applyUpdate(cur, data, replace);
        this.checkWritable(tx, [docKey(coll, id)]);
        if (changed) this.txPut(tx, coll, id, doc);
        else this.hold(tx, [docKey(coll, id)]);
        return { data: { updated: changed ? 1 : 0 } };
      }
      if (!upsert) return { data: { updated: 0 } };
      const doc = buildUpsert(query, data, replace);
      this.checkWritable(tx, [docKey(coll, String(doc._id))]);
      this.txPut(tx, coll, String(doc._id), doc);
      return { data: { updated: 0, upsert_id: doc._id } };
    }
    return this.writeOutsideTx(
      body,
      () => {
        const found = this.findDocs(coll, query);
        return multi ? found : found.slice(0, 1);
      },
      (found) => [...found.map((f) => docKey(coll, String(f.doc._id))), ...(typeof query._id === 'string' ? [docKey(coll, query._id)] : [])],
      (found): DbReply => {
        let updated = 0;
        for (const f of found) {
          const { doc, changed } = applyUpdate(f.doc, data, replace, f.text, query);
          if (changed) {
            this.store.replace(coll, doc, f.doc);
            updated++;
          }
        }
        if (found.length === 0 && upsert) {
          const doc = buildUpsert(query, data, replace);
          this.store.insert(coll, doc);
          return { data: { updated: 0, upsert_id: doc._id } };
        }
        return { data: { updated } };
      },
    );
  }

  /** where(...).updateAndReturn(): update the first match and return it as it is after the update. */
  private async modifyAndReturnDoc(body: Record<string, unknown>, now: number): Promise<DbReply> {
    const coll = this.collection(body);
    const query = (parseEjson(body.query, now) as Doc | undefined) ?? {};
    const data = parseEjson(body.data, now);
    if (!isPlainObject(data)) throw new DbError('INVALID_PARAM', 'update data must be an object');
    if (this.tx(body)) throw new DbError('DATABASE_REQUEST_FAILED', 'updateAndReturn is not supported in a transaction');
    return this.writeOutsideTx(
      body,
      () => this.findDocs(coll, query).slice(0, 1),
      (found) => found.map((f) => docKey(coll, String(f.doc._id))),
      (found): DbReply => {
        if (!found.length) return { data: { updated: 0, doc: null } };
        const { doc, changed } = applyUpdate(found[0].doc, data, false, found[0].text, query);
        const text = changed ? this.store.replace(coll, doc, found[0].doc) : found[0].text;
        return { data: { updated: changed ? 1 : 0, doc: text } };
      },
    );
  }

  private async removeDocument(body: Record<string, unknown>, now: number): Promise<DbReply> {
    const coll = this.collection(body);
    const query = (parseEjson(body.query, now) as Doc | undefined) ?? {};
    const multi = body.multi === true;
    const tx = this.tx(body);
    if (tx) {
      if (body.queryType === 'WHERE' || multi) {
        throw new DbError('DATABASE_REQUEST_FAILED', 'multi-document removes (where().remove()) are not supported in a transaction: use doc(id).remove()');
      }
      const id = this.docIdOf(query, 'remove');
      const cur = this.txGet(tx, coll, id);
      if (cur) {
        this.checkWritable(tx, [docKey(coll, id)]);
        this.txPut(tx, coll, id, null);
      }
      return { data: { deleted: cur ? 1 : 0 } };
    }
    return this.writeOutsideTx(
      body,
      () => {
        const found = this.findDocs(coll, query);
        return multi ? found : found.slice(0, 1);
      },
      (found) => found.map((f) => docKey(coll, String(f.doc._id))),
      (found): DbReply => {
        let deleted = 0;
        for (const f of found) if (this.store.remove(coll, String(f.doc._id))) deleted++;
        return { data: { deleted } };
      },
    );
  }

  private aggregateDocuments(body: Record<string, unknown>, now: number): DbReply {
    const coll = this.collection(body);
    const stages = Array.isArray(body.stages) ? (body.stages as { stageKey: string; stageValue: unknown }[]) : [];
    const pipeline: Doc[] = stages.flatMap((s) => expandStage(s.stageKey, parseEjson(s.stageValue, now)));
    // A leading $match reads its candidates through an index (and filters them: the stage is done).
    const first = pipeline[0];
    const matched = !!first && isPlainObject(first.$match);
    const source = matched ? this.findDocs(coll, first.$match).map((f) => f.doc) : this.findDocs(coll, undefined).map((f) => f.doc);
    const agg = new Aggregator(matched ? pipeline.slice(1) : pipeline, {
      collectionResolver: (name: string) => {
        if (!this.store.has(name)) throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
        return this.findDocs(name, undefined).map((f) => f.doc);
      },
    });
    const list = (agg.run(source) as Doc[]).map(stringifyDoc);
    return { data: { list } };
  }

  private addCollection(body: Record<string, unknown>): DbReply {
    const name = body.collectionName;
    if (!isValidCollectionName(name)) throw new DbError('INVALID_PARAM', `invalid collection name: ${String(name)}`);
    if (this.store.has(name)) throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: ${name}`);
    this.store.ensure(name, []);
    return {};
  }

  // ---------------------------------------------------------------- transactions

  private async startTransaction(body: Record<string, unknown>): Promise<DbReply> {
    const id = `tx-${newDocId()}`;
    let end!: () => void;
    const done = new Promise<void>((r) => (end = r));
    const tx: Tx = {
      id,
      snapshot: this.seq,
      owner: typeof body.wxCloudApiToken === 'string' && body.wxCloudApiToken ? body.wxCloudApiToken : undefined,
      overlay: new Map(),
      held: new Set(),
      done,
      end,
      expiresAt: Date.now() + this.txTimeoutMs,
      timer: setTimeout(() => this.expire(tx), this.txTimeoutMs),
    };
    tx.timer.unref?.();
    this.open.set(id, tx);
    return { transactionId: id };
  }

  private commitTransaction(body: Record<string, unknown>): DbReply {
    const tx = this.tx(body);
    if (!tx) throw new DbError('INVALID_PARAM', 'transactionId is required');
    try {
      if (tx.overlay.size) this.commitWrites(() => this.applyOverlay(tx), tx);
    } catch (e) {
      this.finishTx(tx, 'aborted: commit failed');
      throw e;
    }
    this.finishTx(tx, 'committed');
    return {};
  }

  private abortTransaction(body: Record<string, unknown>): DbReply {
    const tx = this.open.get(String(body.transactionId ?? ''));
    if (tx) this.finishTx(tx, 'aborted');
    return {};
  }

  /** Aborts a transaction that did not commit within its timeout (its timer, or a writer it blocks). */
  private expire(tx: Tx): void {
    if (this.open.get(tx.id) === tx) this.finishTx(tx, `aborted: not committed within ${this.txTimeoutMs} ms`);
  }

  private finishTx(tx: Tx, why: string): void {
    clearTimeout(tx.timer);
    this.finished.set(tx.id, why);
    if (this.finished.size > 1000) this.finished.delete(this.finished.keys().next().value as string);
    if (this.open.get(tx.id) !== tx) return;
    this.open.delete(tx.id);
    for (const k of tx.held) if (this.holders.get(k) === tx) this.holders.delete(k);
    tx.held.clear();
    tx.overlay.clear();
    this.forgetVersions();
    tx.end();
  }

  /** Drop the versions no open snapshot can read any more. */
  private forgetVersions(): void {
    if (this.open.size === 0) {
      this.lastCommit.clear();
      this.history.clear();
      this.versionLog = [];
      this.versionLogHead = 0;
      return;
    }
    let oldest = Infinity;
    for (const t of this.open.values()) if (t.snapshot < oldest) oldest = t.snapshot;
    const log = this.versionLog;
    while (this.versionLogHead < log.length && log[this.versionLogHead].until <= oldest) {
      const { key } = log[this.versionLogHead++];
      const h = this.history.get(key);
      if (h && h.length && h[0].until <= oldest) h.shift();
      if (h && !h.length) this.history.delete(key);
      const lc = this.lastCommit.get(key);
      if (lc !== undefined && lc <= oldest) this.lastCommit.delete(key);
    }
    if (this.versionLogHead > 1024 && this.versionLogHead * 2 > log.length) {
      this.versionLog = log.slice(this.versionLogHead);
      this.versionLogHead = 0;
    }
  }

  /**
   * A transaction may write these keys unless another open transaction holds one (it wrote that
   * document first) or a commit after this transaction's snapshot wrote it. Otherwise the write
   * conflicts: the transaction is aborted at once (as MongoDB aborts on WriteConflict) and the
   * caller gets DATABASE_TRANSACTION_CONFLICT.
   */
  private checkWritable(tx: Tx, keys: string[]): void {
    for (const k of keys) {
      const h = this.holders.get(k);
      const lc = this.lastCommit.get(k);
      const why = h && h !== tx ? 'written by another open transaction' : lc !== undefined && lc > tx.snapshot ? 'committed after this transaction started' : '';
      if (why) {
        this.finishTx(tx, `aborted: write conflict (a document ${why})`);
        throw new DbError('DATABASE_TRANSACTION_CONFLICT', TX_CONFLICT_MESSAGE);
      }
    }
  }

  private hold(tx: Tx, keys: string[]): void {
    for (const k of keys) {
      tx.held.add(k);
      this.holders.set(k, tx);
    }
  }

  /** Read a document as the transaction sees it: its own writes, else the committed state at its snapshot. */
  private txGet(tx: Tx, coll: string, id: string): Doc | null {
    const key = docKey(coll, id);
    const o = tx.overlay.get(key);
    if (o) return o.doc ? cloneDoc(o.doc) : null;
    const lc = this.lastCommit.get(key);
    if (lc !== undefined && lc > tx.snapshot) {
      const version = this.history.get(key)?.find((v) => v.until > tx.snapshot);
      if (version) return version.text === null ? null : parseStored(version.text);
    }
    const row = this.store.getById(coll, id);
    return row ? parseStored(row.text) : null;
  }

  private txPut(tx: Tx, coll: string, id: string, doc: Doc | null): void {
    this.txPutMany(tx, [{ coll, id, doc }]);
  }

  /**
   * Buffer writes (all or none) after checkWritable() allowed them. Unique keys of the new
   * documents are claimed (another open transaction claiming the same key conflicts, as index keys
   * do in MongoDB) and validated against the committed state at once by replaying the whole buffer
   * in a rolled-back SQLite transaction.
   */
  private txPutMany(tx: Tx, writes: { coll: string; id: string; doc: Doc | null }[]): void {
    const claims: string[] = [];
    for (const w of writes) {
      claims.push(docKey(w.coll, w.id));
      if (!w.doc) continue;
      for (const ix of this.store.meta(w.coll).uniques) {
        for (const key of uniqueKeysFor(w.doc, ix.keys.map((k) => k.field))) claims.push(uniqueKey(w.coll, ix.name, key));
      }
    }
    this.checkWritable(tx, claims);
    const before = new Map<string, { coll: string; id: string; doc: Doc | null } | undefined>();
    for (const w of writes) {
      const key = docKey(w.coll, w.id);
      if (!before.has(key)) before.set(key, tx.overlay.get(key));
      tx.overlay.set(key, w);
    }
    try {
      this.store.trial(() => this.applyOverlay(tx));
    } catch (e) {
      for (const [key, prev] of before) {
        if (prev) tx.overlay.set(key, prev);
        else tx.overlay.delete(key);
      }
      throw e;
    }
    this.hold(tx, claims);
  }

  private applyOverlay(tx: Tx): void {
    for (const { coll, id, doc } of tx.overlay.values()) {
      const exists = !!this.store.getById(coll, id);
      if (!doc) {
        if (exists) this.store.remove(coll, id);
      } else if (exists) {
        this.store.replace(coll, doc);
      } else {
        this.store.insert(coll, doc);
      }
    }
  }
}

/** Field names a filter uses (values are never reported: they may be personal data). */
function filterFields(query: Doc): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if ((k === '$and' || k === '$or' || k === '$nor') && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) out.push(...filterFields(sub));
    } else if (!k.startsWith('$')) {
      out.push(k);
    }
  }
  return out;
}

/**
 * mingo's $sample draws with replacement (a document can come twice); MongoDB's random-sort sample
 * returns distinct documents: sort by a random key and take `size`.
 */
function expandStage(key: string, value: unknown): Doc[] {
  if (key === '$sample' && isPlainObject(value) && typeof value.size === 'number') {
    const tmp = '__localcloud_sample';
    return [{ $addFields: { [tmp]: { $rand: {} } } }, { $sort: { [tmp]: 1 } }, { $limit: Math.max(0, Math.floor(value.size)) }, { $unset: tmp }];
  }
  return [{ [key]: value }];
}

// ---------------------------------------------------------------- update semantics

function project(docs: Doc[], projection: Doc): Doc[] {
  return find(docs, {}, projection).all() as Doc[];
}

function toModifier(data: Doc): Doc {
  const mod: Doc = {};
  const plain: Doc = {};
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith('$')) mod[k] = v;
    else plain[k] = v;
  }
  if (Object.keys(plain).length) mod.$set = { ...(mod.$set ?? {}), ...plain };
  for (const op of Object.values(mod)) {
    if (isPlainObject(op) && Object.keys(op).some((f) => f === '_id' || f.startsWith('_id.'))) {
      throw new DbError('DATABASE_REQUEST_FAILED', '不能更新_id的值');
    }
  }
  return mod;
}

/** MongoDB refuses $inc/$mul on a non-numeric value or with a non-numeric operand (mingo ignores it). */
function checkNumericOps(doc: Doc, mod: Doc): void {
  for (const op of ['$inc', '$mul']) {
    const spec = mod[op];
    if (!isPlainObject(spec)) continue;
    for (const [field, operand] of Object.entries(spec)) {
      if (typeof operand !== 'number') throw new DbError('DATABASE_REQUEST_FAILED', `Cannot ${op} with non-numeric argument: {${field}: ${JSON.stringify(operand)}}`);
      let v: unknown = doc;
      for (const part of field.split('.')) v = v !== null && typeof v === 'object' ? (v as Doc)[part] : undefined;
      if (v !== undefined && v !== null && typeof v !== 'number') {
        throw new DbError('DATABASE_REQUEST_FAILED', `Cannot apply ${op} to a value of non-numeric type. Field '${field}' has a non-numeric value`);
      }
    }
  }
}

/** Apply an update (operators, or a whole replacement for doc.set) to a copy of doc. */
function applyUpdate(cur: Doc, data: Doc, replace: boolean, curText?: string, query?: Doc): { doc: Doc; changed: boolean } {
  if (replace) {
    const next: Doc = { ...cloneDoc(data), _id: cur._id };
    return { doc: next, changed: stringifyDoc(next) !== (curText ?? stringifyDoc(cur)) };
  }
  const next = cloneDoc(cur);
  const mod = toModifier(data);
  checkNumericOps(cur, mod);
  const fast = fastUpdate(next, mod);
  if (fast !== undefined) return { doc: next, changed: fast };
  let paths: string[];
  try {
    // the positional operator (`'list.$.field'`) needs the query that matched the document
    const positional = Object.values(mod).some((spec) => isPlainObject(spec) && Object.keys(spec).some((f) => /\.\$(\.|$)/.test(f)));
    paths = positional ? mingoUpdate(next, mod as never, undefined, query as never) : mingoUpdate(next, mod as never);
  } catch (e) {
    if (e instanceof DbError) throw e;
    throw new DbError('DATABASE_REQUEST_FAILED', `invalid update: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { doc: next, changed: paths.length > 0 };
}

/** The document an upsert creates: the query's equality fields, then the update (or the replacement). */
function buildUpsert(query: Doc, data: Doc, replace: boolean): Doc {
  const id = typeof query._id === 'string' || typeof query._id === 'number' ? query._id : newDocId();
  if (replace) return { ...cloneDoc(data), _id: id };
  const eq: Doc = {};
  for (const [k, v] of Object.entries(query)) {
    if (k.startsWith('$') || k === '_id') continue;
    if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
      if ('$eq' in v) eq[k] = v.$eq;
      continue;
    }
    eq[k] = v;
  }
  const doc: Doc = { _id: id };
  if (Object.keys(eq).length) mingoUpdate(doc, { $set: eq } as never);
  applyInPlace(doc, data);
  return doc;
}

function applyInPlace(doc: Doc, data: Doc): void {
  const mod = toModifier(data);
  checkNumericOps(doc, mod);
  try {
    mingoUpdate(doc, mod as never);
  } catch (e) {
    if (e instanceof DbError) throw e;
    throw new DbError('DATABASE_REQUEST_FAILED', `invalid update: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * A top-level `_id` bound of the query in the reading direction (`$gt`/`$gte` ascending,
 * `$lt`/`$lte` descending), for SQL to skip the ids before it. ASCII only: SQLite compares UTF-8
 * bytes and mingo UTF-16 units, which agree at any position where the bound's character is ASCII.
 */
function idBound(query: Doc | undefined, dir: 1 | -1): { op: '>' | '>=' | '<' | '<='; id: string } | undefined {
  const cond = query?._id;
  if (!isPlainObject(cond)) return undefined;
  const ops: ['$gt' | '$gte' | '$lt' | '$lte', '>' | '>=' | '<' | '<='][] = dir === 1 ? [['$gt', '>'], ['$gte', '>=']] : [['$lt', '<'], ['$lte', '<=']];
  for (const [op, sql] of ops) {
    const v = (cond as Doc)[op];
    if (typeof v === 'string' && /^[\x00-\x7f]*$/.test(v)) return { op: sql, id: v };
  }
  return undefined;
}
