/**
 * SQLite storage of the local cloud database (better-sqlite3).
 *
 * Per collection `<name>`:
 *  - `"c_<name>"(id TEXT PRIMARY KEY, doc TEXT)`: the documents as canonical EJSON text (rowid keeps
 *    insertion order, which is the natural order of a query without orderBy);
 *  - `"x_<name>"(field, t, v, id)`: multikey index entries of every indexed field, indexed on
 *    (field, t, v), so an equality/range/$in on an indexed field reads only the matching rows;
 *  - `"u_<name>"(name, key, id)`: keys of the unique indexes, PRIMARY KEY (name, key) enforces them.
 * Files use WAL with synchronous=NORMAL (see syncMode). `__collections` remembers the collections (also those made by db.createCollection) and their indexes.
 */
import Database from 'better-sqlite3';
import type { IndexDecl } from '../../server/db/collection-decl';
import { parseStored, stringifyDoc, type Doc } from './ejson';
import { entriesFor, uniqueKeysFor, type Key } from './keys';
import { DbError } from './errors';

export interface CollMeta {
  name: string;
  indexes: IndexDecl[];
  /** Every field that appears in some index (entries are kept for each). */
  indexedFields: Set<string>;
  uniques: IndexDecl[];
  stmts: CollStatements;
}

interface CollStatements {
  getById: Database.Statement;
  all: Database.Statement;
  insert: Database.Statement;
  update: Database.Statement;
  remove: Database.Statement;
  ixInsert: Database.Statement;
  ixRemove: Database.Statement;
  ixRemoveField: Database.Statement;
  uqInsert: Database.Statement;
  uqRemove: Database.Statement;
  uqRemoveName: Database.Statement;
  uqOwner: Database.Statement;
}

/** How to pick candidate rows: all, by ids, or by an index range/equality on one field. */
export type Plan =
  | { kind: 'all' }
  | { kind: 'ids'; ids: string[] }
  | { kind: 'index'; field: string; keys?: Key[]; range?: { t: number; lo?: { v: number | string; incl: boolean }; hi?: { v: number | string; incl: boolean } } }
  | { kind: 'union'; plans: Plan[] };

export interface Row {
  rid: number;
  id: string;
  text: string;
}

const NAME_RE = /^[A-Za-z0-9_-]{1,100}$/;

export function isValidCollectionName(name: unknown): name is string {
  return typeof name === 'string' && NAME_RE.test(name);
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

export class Store {
  readonly db: Database.Database;
  private colls = new Map<string, CollMeta>();
  /** Prepared statements of the dynamic queries (ids lists, index plans), by SQL text. */
  private stmtCache = new Map<string, Database.Statement>();
  /** Rows read from collection tables (documents examined), for tests and benchmarks. */
  docsExamined = 0;
  /**
   * Called before every document write with the document's previous text (null: it did not exist),
   * while set. The engine keeps those versions for the snapshots of open transactions.
   */
  versionHook: ((coll: string, id: string, previous: string | null) => void) | null = null;

  constructor(file: string) {
    this.db = new Database(file);
    if (file !== ':memory:' && file !== '') {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${syncMode()}`);
    }
    this.db.pragma('foreign_keys = OFF');
    this.db.exec('CREATE TABLE IF NOT EXISTS __collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL)');
    const rows = this.db.prepare('SELECT name, indexes FROM __collections').all() as { name: string; indexes: string }[];
    for (const r of rows) this.open(r.name, JSON.parse(r.indexes));
  }

  has(name: string): boolean {
    return this.colls.has(name);
  }

  meta(name: string): CollMeta {
    const m = this.colls.get(name);
    if (!m) throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
    return m;
  }

  names(): string[] {
    return [...this.colls.keys()];
  }

  /**
   * Create a collection if missing; if it exists with other indexes, rebuild its index entries.
   * Throws a duplicate-key error if existing data violates a new unique index.
   */
  ensure(name: string, indexes: IndexDecl[]): void {
    const sig = JSON.stringify(indexes);
    const existing = this.db.prepare('SELECT indexes FROM __collections WHERE name = ?').get(name) as { indexes: string } | undefined;
    if (existing && existing.indexes === sig) {
      if (!this.colls.has(name)) this.open(name, indexes);
      return;
    }
    this.db.transaction(() => {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${q('c_' + name)} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${q('x_' + name)} (field TEXT NOT NULL, t INTEGER NOT NULL, v, id TEXT NOT NULL)`);
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${q('x_' + name + '_ftvi')} ON ${q('x_' + name)} (field, t, v, id)`);
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${q('x_' + name + '_id')} ON ${q('x_' + name)} (id)`);
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${q('u_' + name)} (name TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (name, key)) WITHOUT ROWID`);
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${q('u_' + name + '_id')} ON ${q('u_' + name)} (id)`);
      this.db.prepare('INSERT INTO __collections (name, indexes) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET indexes = excluded.indexes').run(name, sig);
      const meta = this.open(name, indexes);
      if (existing) this.rebuildIndexes(meta);
    })();
  }

  /** Drop every collection (data and indexes). */
  dropAll(): void {
    this.stmtCache.clear();
    this.db.transaction(() => {
      for (const name of this.colls.keys()) {
        for (const prefix of ['c_', 'x_', 'u_']) this.db.exec(`DROP TABLE IF EXISTS ${q(prefix + name)}`);
      }
      this.db.exec('DELETE FROM __collections');
    })();
    this.colls.clear();
  }

  private open(name: string, indexes: IndexDecl[]): CollMeta {
    const c = q('c_' + name);
    const x = q('x_' + name);
    const u = q('u_' + name);
    // (field, t, v, id): an equality reads its entries in _id order (paged scans stop at their limit).
    // Files made before it had (field, t, v) only; the index is added when they are opened.
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${q('x_' + name + '_ftvi')} ON ${x} (field, t, v, id)`);
    const stmts: CollStatements = {
      getById: this.db.prepare(`SELECT rowid AS rid, id, doc AS text FROM ${c} WHERE id = ?`),
      all: this.db.prepare(`SELECT rowid AS rid, id, doc AS text FROM ${c} ORDER BY rowid`),
      insert: this.db.prepare(`INSERT INTO ${c} (id, doc) VALUES (?, ?)`),
      update: this.db.prepare(`UPDATE ${c} SET doc = ? WHERE id = ?`),
      remove: this.db.prepare(`DELETE FROM ${c} WHERE id = ?`),
      ixInsert: this.db.prepare(`INSERT INTO ${x} (field, t, v, id) VALUES (?, ?, ?, ?)`),
      ixRemove: this.db.prepare(`DELETE FROM ${x} WHERE id = ?`),
      ixRemoveField: this.db.prepare(`DELETE FROM ${x} WHERE id = ? AND field = ?`),
      uqInsert: this.db.prepare(`INSERT INTO ${u} (name, key, id) VALUES (?, ?, ?)`),
      uqRemove: this.db.prepare(`DELETE FROM ${u} WHERE id = ?`),
      uqRemoveName: this.db.prepare(`DELETE FROM ${u} WHERE id = ? AND name = ?`),
      uqOwner: this.db.prepare(`SELECT id FROM ${u} WHERE name = ? AND key = ?`),
    };
    const indexedFields = new Set<string>();
    for (const ix of indexes) for (const k of ix.keys) if (k.field !== '_id') indexedFields.add(k.field);
    const meta: CollMeta = { name, indexes, indexedFields, uniques: indexes.filter((i) => i.unique), stmts };
    this.colls.set(name, meta);
    return meta;
  }

  private rebuildIndexes(meta: CollMeta): void {
    this.db.exec(`DELETE FROM ${q('x_' + meta.name)}`);
    this.db.exec(`DELETE FROM ${q('u_' + meta.name)}`);
    for (const row of meta.stmts.all.all() as Row[]) {
      this.writeIndexEntries(meta, row.id, parseStored(row.text));
    }
  }

  getById(coll: string, id: string): Row | undefined {
    const row = this.meta(coll).stmts.getById.get(id) as Row | undefined;
    if (row) this.docsExamined++;
    return row;
  }

  /** Candidate rows for a plan, in insertion order. */
  candidates(coll: string, plan: Plan): Row[] {
    const meta = this.meta(coll);
    let rows: Row[];
    if (plan.kind === 'union') {
      const byRid = new Map<number, Row>();
      for (const p of plan.plans) for (const r of this.candidates(coll, p)) byRid.set(r.rid, r);
      return [...byRid.values()].sort((a, b) => a.rid - b.rid);
    }
    if (plan.kind === 'all') {
      rows = meta.stmts.all.all() as Row[];
    } else if (plan.kind === 'ids') {
      const ids = [...new Set(plan.ids)];
      if (ids.length === 0) return [];
      rows = (ids.length === 1 ? meta.stmts.getById.all(ids[0]) : this.stmt(`SELECT rowid AS rid, id, doc AS text FROM ${q('c_' + coll)} WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY rowid`).all(...ids)) as Row[];
    } else {
      const { sql, params } = this.indexSql(coll, plan);
      rows = this.stmt(sql).all(...params) as Row[];
    }
    this.docsExamined += rows.length;
    return rows;
  }

  /**
   * Candidate rows of a plan in `_id` order (1 ascending, -1 descending), lazily, so a caller that
   * needs only the first N matches stops reading there; `bound` trims the ids (`_id > x`, …).
   * Only for plans that SQLite can stream in id order (everything, or one indexed equality);
   * otherwise undefined and the caller reads `candidates` and sorts.
   */
  idOrdered(coll: string, plan: Plan, dir: 1 | -1, bound?: { op: '>' | '>=' | '<' | '<='; id: string }): Iterable<Row> | undefined {
    const c = q('c_' + coll);
    const order = dir === 1 ? 'ASC' : 'DESC';
    let sql: string;
    const params: unknown[] = [];
    if (plan.kind === 'all') {
      sql = `SELECT rowid AS rid, id, doc AS text FROM ${c}${bound ? ` WHERE id ${bound.op} ?` : ''} ORDER BY id ${order}`;
      if (bound) params.push(bound.id);
    } else if (plan.kind === 'index' && plan.keys?.length === 1) {
      const x = q('x_' + coll);
      sql = `SELECT c.rowid AS rid, c.id AS id, c.doc AS text FROM ${x} AS x JOIN ${c} AS c ON c.id = x.id WHERE x.field = ? AND x.t = ? AND x.v = ?${bound ? ` AND x.id ${bound.op} ?` : ''} ORDER BY x.id ${order}`;
      params.push(plan.field, plan.keys[0][0], plan.keys[0][1]);
      if (bound) params.push(bound.id);
    } else {
      return undefined;
    }
    const st = this.stmt(sql);
    const examined = () => this.docsExamined++;
    return {
      *[Symbol.iterator]() {
        let last: string | undefined;
        for (const row of st.iterate(...params) as IterableIterator<Row>) {
          // a multikey entry may list one document twice (an array holding the value twice)
          if (row.id === last) continue;
          last = row.id;
          examined();
          yield row;
        }
      },
    };
  }

  private stmt(sql: string): Database.Statement {
    let st = this.stmtCache.get(sql);
    if (!st) {
      if (this.stmtCache.size >= 500) this.stmtCache.clear();
      st = this.db.prepare(sql);
      this.stmtCache.set(sql, st);
    }
    return st;
  }

  /** Index entries a plan reads, counting at most `cap` (the planner's pick among indexed fields). */
  countEntries(coll: string, plan: Extract<Plan, { kind: 'index' }>, cap: number): number {
    const { sub, params } = this.entriesSql(coll, plan);
    if (cap === Infinity) return (this.stmt(`SELECT COUNT(*) AS n FROM (${sub})`).get(...params) as { n: number }).n;
    return (this.stmt(`SELECT COUNT(*) AS n FROM (${sub} LIMIT ?)`).get(...params, cap) as { n: number }).n;
  }

  /** SQL of an index plan (exposed for EXPLAIN QUERY PLAN in tests). */
  indexSql(coll: string, plan: Extract<Plan, { kind: 'index' }>): { sql: string; params: unknown[] } {
    const { sub, params } = this.entriesSql(coll, plan);
    return { sql: `SELECT rowid AS rid, id, doc AS text FROM ${q('c_' + coll)} WHERE id IN (${sub}) ORDER BY rowid`, params };
  }

  /** The ids of an index plan's entries (a document may be listed more than once). */
  private entriesSql(coll: string, plan: Extract<Plan, { kind: 'index' }>): { sub: string; params: unknown[] } {
    const x = q('x_' + coll);
    const parts: string[] = [];
    const params: unknown[] = [];
    if (plan.keys) {
      for (const [t, v] of plan.keys) {
        parts.push(`SELECT id FROM ${x} WHERE field = ? AND t = ? AND v = ?`);
        params.push(plan.field, t, v);
      }
    } else if (plan.range) {
      let s = `SELECT id FROM ${x} WHERE field = ? AND t = ?`;
      params.push(plan.field, plan.range.t);
      if (plan.range.lo) {
        s += ` AND v ${plan.range.lo.incl ? '>=' : '>'} ?`;
        params.push(plan.range.lo.v);
      }
      if (plan.range.hi) {
        s += ` AND v ${plan.range.hi.incl ? '<=' : '<'} ?`;
        params.push(plan.range.hi.v);
      }
      parts.push(s);
    }
    const sub = parts.length ? parts.join(' UNION ALL ') : 'SELECT NULL WHERE 0';
    return { sub, params };
  }

  /** Insert a new document; duplicate _id or unique key → DbError. */
  insert(coll: string, doc: Doc): string {
    const meta = this.meta(coll);
    const id = String(doc._id);
    const text = stringifyDoc(doc);
    this.versionHook?.(coll, id, null);
    try {
      meta.stmts.insert.run(id, text);
    } catch (e) {
      if (isConstraint(e)) throw duplicateKey(coll, '_id_', ['_id']);
      throw e;
    }
    this.writeIndexEntries(meta, id, doc);
    return text;
  }

  /**
   * Replace an existing document (same _id). With `previous` (the stored version being replaced,
   * as read in this same atomic write), only the index entries of fields whose keys changed are
   * rewritten — a counter `_.inc` on a course leaves its audience, status and session entries be.
   */
  replace(coll: string, doc: Doc, previous?: Doc): string {
    const meta = this.meta(coll);
    const id = String(doc._id);
    const text = stringifyDoc(doc);
    if (this.versionHook) this.versionHook(coll, id, (meta.stmts.getById.get(id) as Row | undefined)?.text ?? null);
    meta.stmts.update.run(text, id);
    if (!meta.indexes.length) return text;
    if (!previous) {
      meta.stmts.ixRemove.run(id);
      meta.stmts.uqRemove.run(id);
      this.writeIndexEntries(meta, id, doc);
      return text;
    }
    for (const field of meta.indexedFields) {
      const now = entriesFor(doc, field);
      if (sameKeys(now, entriesFor(previous, field))) continue;
      meta.stmts.ixRemoveField.run(id, field);
      for (const [t, v] of now) meta.stmts.ixInsert.run(field, t, v, id);
    }
    for (const ix of meta.uniques) {
      const fields = ix.keys.map((k) => k.field);
      const now = uniqueKeysFor(doc, fields);
      const before = uniqueKeysFor(previous, fields);
      if (now.length === before.length && now.every((k, i) => k === before[i])) continue;
      meta.stmts.uqRemoveName.run(id, ix.name);
      this.writeUniqueKeys(meta, ix, id, now);
    }
    return text;
  }

  remove(coll: string, id: string): boolean {
    const meta = this.meta(coll);
    if (this.versionHook) {
      const old = meta.stmts.getById.get(id) as Row | undefined;
      if (old) this.versionHook(coll, id, old.text);
    }
    const r = meta.stmts.remove.run(id);
    if (r.changes && meta.indexes.length) {
      meta.stmts.ixRemove.run(id);
      meta.stmts.uqRemove.run(id);
    }
    return r.changes > 0;
  }

  private writeIndexEntries(meta: CollMeta, id: string, doc: Doc): void {
    for (const field of meta.indexedFields) {
      for (const [t, v] of entriesFor(doc, field)) meta.stmts.ixInsert.run(field, t, v, id);
    }
    for (const ix of meta.uniques) this.writeUniqueKeys(meta, ix, id, uniqueKeysFor(doc, ix.keys.map((k) => k.field)));
  }

  private writeUniqueKeys(meta: CollMeta, ix: IndexDecl, id: string, keys: string[]): void {
    for (const key of keys) {
      try {
        meta.stmts.uqInsert.run(ix.name, key, id);
      } catch (e) {
        if (isConstraint(e)) {
          throw duplicateKey(meta.name, ix.name, ix.keys.map((k) => k.field));
        }
        throw e;
      }
    }
  }

  /** Run fn inside one SQLite transaction (all or nothing). */
  atomic<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Run fn inside a SQLite transaction and roll it back: validates writes without keeping them. */
  trial(fn: () => void): void {
    const ROLLBACK = Symbol('rollback');
    try {
      this.db.transaction(() => {
        fn();
        throw ROLLBACK;
      })();
    } catch (e) {
      if (e !== ROLLBACK) throw e;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * SQLite `synchronous` for file databases. NORMAL by default: with WAL a killed process never loses or
 * half-applies a commit (only an OS crash/power loss can drop the last commits). FULL fsyncs every
 * commit: measured on this shared 2-core box at 270–1080 updates/s against 800–1400 for NORMAL, so it
 * can miss the 500 ops/s target under load; opt in with LOCALCLOUD_SQLITE_SYNC=FULL.
 */
function syncMode(): string {
  const v = (process.env.LOCALCLOUD_SQLITE_SYNC || 'NORMAL').toUpperCase();
  return ['OFF', 'NORMAL', 'FULL', 'EXTRA'].includes(v) ? v : 'NORMAL';
}

/** The same index entries in the same order (entriesFor is deterministic for equal values). */
function sameKeys(a: Key[], b: Key[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}

function isConstraint(e: unknown): boolean {
  return !!e && typeof e === 'object' && String((e as { code?: string }).code || '').startsWith('SQLITE_CONSTRAINT');
}

/** Like MongoDB's E11000, without the key values (they may be personal data). */
function duplicateKey(coll: string, index: string, fields: string[]): DbError {
  return new DbError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${coll} index: ${index} dup key: { ${fields.join(', ')} }`,
  );
}
