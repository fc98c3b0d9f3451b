/**
 * Unit tests of the database engine through handle() (the wire bodies wx-server-sdk 4.0.2 sends):
 * index use, unique indexes, persistence, transactions (snapshot isolation, write conflicts, waits, timeout), stats.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EJSON } from 'bson';
import { idx, type CollectionDecl } from '../../server/db/collection-decl';
import { createDbService, type DbService } from './index';
import { Store } from './store';
import { planQuery } from './planner';

const DECLS: CollectionDecl[] = [
  { name: 'things', description: 'engine test', indexes: [idx('n'), idx('code', { unique: true }), idx('tags'), idx('kids.name'), idx('at')] },
  { name: 'plain', description: 'engine test', indexes: [] },
];

const ej = (v: unknown) => EJSON.stringify(v as object, { relaxed: false });
const parse = (s: string) => EJSON.parse(s, { relaxed: true });

function make(opts: Partial<{ file: string; transactionTimeoutMs: number; plainWriteWaitMs: number; collections: CollectionDecl[] }> = {}): DbService {
  return createDbService({ file: ':memory:', collections: DECLS, ...opts });
}

async function insert(svc: DbService, coll: string, docs: object[]) {
  return svc.handle({ action: 'database.insertDocument', collectionName: coll, data: docs.map(ej) });
}

async function query(svc: DbService, coll: string, q: object, extra: Record<string, unknown> = {}) {
  const r = (await svc.handle({ action: 'database.getDocument', collectionName: coll, queryType: 'WHERE', query: ej(q), limit: 1000, ...extra })) as any;
  if (r.code) throw new Error(`${r.code}: ${r.message}`);
  return (r.data.list as string[]).map(parse);
}

describe('wire format', () => {
  let svc: DbService;
  beforeEach(() => (svc = make()));
  afterEach(() => svc.close());

  test('insertDocument generates 32 lowercase hex ids and returns documents as canonical EJSON', async () => {
    const r = (await insert(svc, 'plain', [{ a: 1, at: new Date(1_700_000_000_000) }, { _id: 'x', a: 1.5 }])) as any;
    expect(r.data.insertedIds[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(r.data.insertedIds[1]).toBe('x');
    const g = (await svc.handle({ action: 'database.getDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 'x' }) })) as any;
    expect(g.data).toEqual({ list: ['{"_id":"x","a":{"$numberDouble":"1.5"}}'], offset: 0, limit: 100 });
    const all = await query(svc, 'plain', {});
    expect(all[0].at).toEqual(new Date(1_700_000_000_000));
  });

  test('$tcb_server_date is resolved in data, updates and queries', async () => {
    const before = Date.now();
    await svc.handle({ action: 'database.insertDocument', collectionName: 'plain', data: ['{"_id":"s","at":{"$tcb_server_date":{"offset":{"$numberInt":"-1000"}}}}'] });
    const [doc] = await query(svc, 'plain', { _id: 's' });
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before - 1000 - 5);
    expect(doc.at.getTime()).toBeLessThanOrEqual(Date.now() - 1000);
    const q = (await svc.handle({ action: 'database.getDocument', collectionName: 'plain', queryType: 'WHERE', query: '{"at":{"$lt":{"$tcb_server_date":{"offset":{"$numberInt":"0"}}}}}' })) as any;
    expect(q.data.list).toHaveLength(1);
    await svc.handle({ action: 'database.modifyDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 's' }), data: '{"$set":{"u":{"$tcb_server_date":{"offset":{"$numberInt":"0"}}}}}', merge: true });
    expect((await query(svc, 'plain', { _id: 's' }))[0].u).toBeInstanceOf(Date);
  });

  test('errors: unknown collection, unknown action, bad data', async () => {
    expect(await svc.handle({ action: 'database.getDocument', collectionName: 'nope', queryType: 'WHERE' })).toEqual({
      code: 'DATABASE_COLLECTION_NOT_EXIST',
      message: 'Db or Table not exist: nope',
    });
    expect(((await svc.handle({ action: 'database.frobnicate' })) as any).code).toBe('INVALID_PARAM');
    expect(((await svc.handle({ action: 'database.insertDocument', collectionName: 'plain', data: ['[1,2]'] })) as any).code).toBe('INVALID_PARAM');
    expect(((await svc.handle({ action: 'database.getDocument', collectionName: 'plain', query: '{not json' })) as any).code).toBe('DATABASE_REQUEST_FAILED');
  });

  test('upsert with operators builds the document from the query equalities', async () => {
    const r = (await svc.handle({
      action: 'database.modifyDocument',
      collectionName: 'plain',
      queryType: 'WHERE',
      query: ej({ kind: 'counter', 'scope.id': 's1' }),
      data: ej({ $inc: { value: 2 } }),
      merge: true,
      upsert: true,
    })) as any;
    expect(r.data.updated).toBe(0);
    expect(r.data.upsert_id).toMatch(/^[0-9a-f]{32}$/);
    const [doc] = await query(svc, 'plain', { _id: r.data.upsert_id });
    expect(doc).toEqual({ _id: r.data.upsert_id, kind: 'counter', scope: { id: 's1' }, value: 2 });
  });

  test('$inc on a non-numeric value fails like MongoDB and changes nothing', async () => {
    await insert(svc, 'plain', [{ _id: 's', name: 'x', n: 1 }]);
    const r = (await svc.handle({ action: 'database.modifyDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 's' }), data: ej({ $inc: { name: 1, n: 1 } }), merge: true })) as any;
    expect(r.code).toBe('DATABASE_REQUEST_FAILED');
    expect(r.message).toMatch(/non-numeric/);
    expect(svc.readAll('plain')).toEqual([{ _id: 's', name: 'x', n: 1 }]);
  });

  test('modifyAndReturnDoc returns the updated document', async () => {
    await insert(svc, 'plain', [{ _id: 'c', v: 1 }]);
    const r = (await svc.handle({ action: 'database.modifyAndReturnDoc', collectionName: 'plain', queryType: 'WHERE', query: ej({ _id: 'c' }), data: ej({ $inc: { v: 1 } }) })) as any;
    expect(parse(r.data.doc)).toEqual({ _id: 'c', v: 2 });
  });

  test('readAll, reset and stats', async () => {
    await insert(svc, 'plain', [{ _id: 'a' }, { _id: 'b' }]);
    expect(svc.readAll('plain')).toEqual([{ _id: 'a' }, { _id: 'b' }]);
    expect(svc.readAll('plain', 1)).toEqual([{ _id: 'a' }]);
    expect(svc.stats()).toMatchObject({ ops: 1, byAction: { 'database.insertDocument': 1 } });
    await svc.handle({ action: 'database.addCollection', collectionName: 'extra' });
    svc.reset();
    expect(svc.readAll('plain')).toEqual([]);
    expect(((await svc.handle({ action: 'database.getDocument', collectionName: 'extra' })) as any).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
    svc.resetStats();
    expect(svc.stats()).toMatchObject({ ops: 0, byAction: {} });
  });
});

describe('indexes', () => {
  let svc: DbService;
  const N = 2000;
  beforeAll(async () => {
    svc = make();
    const docs = Array.from({ length: N }, (_x, i) => ({
      code: `c${i}`,
      n: i,
      tags: [`t${i % 10}`, 'all'],
      kids: [{ name: `k${i}` }, { name: `k${i + 1}` }],
      at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      plain: i % 7,
    }));
    await insert(svc, 'things', docs);
    await insert(svc, 'things', [{ code: 'odd', n: 'not a number' }]);
  });
  afterAll(() => svc.close());

  async function examined(q: object): Promise<{ examined: number; count: number }> {
    svc.resetStats();
    const list = await query(svc, 'things', q);
    return { examined: svc.stats().docsExamined ?? -1, count: list.length };
  }

  test('equality, $in and ranges on indexed fields read only the matching rows', async () => {
    expect(await examined({ n: 500 })).toEqual({ examined: 1, count: 1 });
    expect(await examined({ code: 'c42' })).toEqual({ examined: 1, count: 1 });
    expect(await examined({ n: { $in: [1, 2, 3, 99999] } })).toEqual({ examined: 3, count: 3 });
    expect(await examined({ n: { $gte: 1990 } })).toEqual({ examined: 10, count: 10 });
    expect(await examined({ n: { $gt: 10, $lte: 15 } })).toEqual({ examined: 5, count: 5 });
    expect(await examined({ at: { $lt: new Date(Date.UTC(2026, 0, 1) + 3 * 60_000) } })).toEqual({ examined: 3, count: 3 });
    expect(await examined({ $and: [{ n: { $gte: 100 } }, { n: { $lt: 102 } }], plain: { $gte: 0 } })).toEqual({ examined: 2, count: 2 });
  });

  test('of several indexed conditions the one with the fewest entries is read, whatever their order or kind', async () => {
    // tags 'all' is on every document: the 3 of the $in and the 200 of the tag and range win
    expect(await examined({ tags: 'all', n: { $in: [1, 2, 3] } })).toEqual({ examined: 3, count: 3 });
    expect(await examined({ tags: 'all', n: { $gte: 1800 } })).toEqual({ examined: 200, count: 200 });
    expect(await examined({ tags: 'all', plain: 3, 'kids.name': 'k10' })).toEqual({ examined: 2, count: 1 });
    // past the first cap (256): t3 (200) against a range of 1,000
    expect(await examined({ n: { $gte: 1000 }, tags: 't3' })).toEqual({ examined: 200, count: 100 });
    // equal counts keep the kind's order (the equality before the range)
    expect(await examined({ at: { $gte: new Date(Date.UTC(2026, 0, 1) + 1999 * 60_000) }, n: 1999 })).toEqual({ examined: 1, count: 1 });
    // inside an $or branch too
    expect(await examined({ $or: [{ tags: 'all', n: 4 }, { code: 'c5' }] })).toEqual({ examined: 2, count: 2 });
  });

  test('$or of indexable branches reads the union of their candidates, in insertion order', async () => {
    svc.resetStats();
    const list = await query(svc, 'things', { $or: [{ n: 7 }, { code: 'c3' }, { n: { $gte: 1998 } }] });
    expect(list.map((d) => d.n)).toEqual([3, 7, 1998, 1999]);
    expect(svc.stats().docsExamined).toBe(4);
    // the keyset-pagination shape: (at > t) or (at = t and _id > i)
    const t = new Date(Date.UTC(2026, 0, 1) + 1995 * 60_000);
    expect((await examined({ $and: [{ $or: [{ at: { $gt: t } }, { at: t, _id: { $gt: '' } }] }] })).count).toBe(5);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect((await examined({ $or: [{ n: 7 }, { plain: 3 }] })).examined).toBe(N + 1);
    expect(warn.mock.calls[0][0]).toMatch(/by \(n, plain\)/);
    warn.mockRestore();
  });

  test('multikey: arrays and arrays of documents are indexed per element', async () => {
    expect(await examined({ tags: 't3' })).toEqual({ examined: N / 10, count: N / 10 });
    expect(await examined({ 'kids.name': 'k7' })).toEqual({ examined: 2, count: 2 });
  });

  test('a query on an unindexed field scans (with one warning naming the fields), and the result is the same', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const r = await examined({ plain: 3 });
      expect(r.examined).toBe(N + 1);
      expect(r.count).toBe(Math.floor((N - 1 - 3) / 7) + 1);
      await examined({ plain: 4 });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/things by \(plain\) scanned all 2001 documents: declare an index/);
    } finally {
      warn.mockRestore();
    }
  });

  test('range queries keep MongoDB type brackets; the type of the stored value decides', async () => {
    const total = (await svc.handle({ action: 'database.calculateDocument', collectionName: 'things', queryType: 'WHERE', query: ej({ n: { $gte: 0 } }) })) as any;
    expect(total.data.total).toBe(N);
    expect(await examined({ n: 'not a number' })).toEqual({ examined: 1, count: 1 });
  });

  test('null matches a missing field through the index', async () => {
    expect(await examined({ tags: null })).toEqual({ examined: 1, count: 1 });
  });

  test('paged scans ordered by _id read in id order and stop at the page (the same pages as a full sort)', async () => {
    // the slow path's answer: a two-key order is sorted in memory after reading every candidate
    const pagesOf = async (q: object, order: object, dir: 1 | -1) => {
      const pages: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const bound = after === undefined ? {} : { _id: { [dir === 1 ? '$gt' : '$lt']: after } };
        svc.resetStats();
        const list = await query(svc, 'things', { ...q, ...bound }, { limit: 300, order: ej(order) });
        pages.push(list.map((d) => String(d._id)));
        if (list.length < 300) return { pages, lastExamined: svc.stats().docsExamined ?? -1 };
        after = String(list[list.length - 1]._id);
      }
    };
    for (const [q, dir] of [[{ tags: 'all' }, 1], [{ tags: 't3' }, 1], [{}, 1], [{ plain: 2 }, -1], [{ tags: 'all', n: { $gte: 1500 } }, -1]] as [object, 1 | -1][]) {
      const fast = await pagesOf(q, { _id: dir }, dir);
      const slow = await pagesOf(q, { _id: dir, n: 1 }, dir);
      expect(fast.pages).toEqual(slow.pages);
      expect(fast.pages.flat().length).toBeGreaterThan(0);
    }
    // the first page of 300 over 2,000 equal keys examines 300 rows, not 2,000
    svc.resetStats();
    const first = await query(svc, 'things', { tags: 'all' }, { limit: 300, order: ej({ _id: 1 }) });
    expect(first).toHaveLength(300);
    expect(svc.stats().docsExamined).toBe(300);
    const ids = first.map((d) => String(d._id));
    expect([...ids].sort()).toEqual(ids);
    // a document holding the value twice in an array is listed once
    await insert(svc, 'things', [{ _id: 'dup', tags: ['twice', 'twice'] }]);
    expect((await query(svc, 'things', { tags: 'twice' }, { order: ej({ _id: 1 }) })).map((d) => d._id)).toEqual(['dup']);
    await svc.handle({ action: 'database.deleteDocument', collectionName: 'things', queryType: 'DOC', query: ej({ _id: 'dup' }) });
  });

  test('SQLite uses the index (EXPLAIN QUERY PLAN)', () => {
    const store = new Store(':memory:');
    store.ensure('things', DECLS[0].indexes);
    const plan = planQuery(store.meta('things'), { n: { $gte: 5 }, other: 'x' });
    expect(plan).toEqual({ kind: 'index', field: 'n', range: { t: 1, lo: { v: 5, incl: true } } });
    const { sql, params } = store.indexSql('things', plan as Extract<typeof plan, { kind: 'index' }>);
    const detail = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(detail).toMatch(/USING (COVERING )?INDEX x_things_ftv/);
    expect(detail).toMatch(/USING INTEGER PRIMARY KEY|USING INDEX sqlite_autoindex_c_things/);
    expect(detail).not.toMatch(/SCAN c_things/);
    store.close();
  });
});

describe('unique indexes', () => {
  let svc: DbService;
  beforeEach(() => (svc = make()));
  afterEach(() => svc.close());

  test('duplicate values and a second missing value are rejected; the failed batch writes nothing', async () => {
    expect(await insert(svc, 'things', [{ code: 'a' }])).toHaveProperty('data');
    const dup = (await insert(svc, 'things', [{ code: 'b' }, { code: 'a' }])) as any;
    expect(dup.code).toBe('DATABASE_REQUEST_FAILED');
    expect(dup.message).toMatch(/duplicate key.*code_1/);
    expect(svc.readAll('things').map((d) => d.code)).toEqual(['a']);
    expect(await insert(svc, 'things', [{ n: 1 }])).toHaveProperty('data');
    expect(((await insert(svc, 'things', [{ n: 2 }])) as any).message).toMatch(/duplicate key/);
  });

  test('removing a document frees its unique key', async () => {
    await insert(svc, 'things', [{ _id: 'a', code: 'k' }]);
    await svc.handle({ action: 'database.removeDocument', collectionName: 'things', queryType: 'DOC', query: ej({ _id: 'a' }) });
    expect(await insert(svc, 'things', [{ code: 'k' }])).toHaveProperty('data');
  });
});

describe('persistence', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbt-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('data survives a restart; WAL mode; a newly declared index is built and enforced', async () => {
    const file = path.join(dir, 'db.sqlite');
    const a = make({ file, collections: [{ name: 'people', description: '', indexes: [] }] });
    await insert(a, 'people', [
      { _id: 'p1', email: 'x', at: new Date(5) },
      { _id: 'p2', email: 'x' },
    ]);
    await a.handle({ action: 'database.addCollection', collectionName: 'made_at_runtime' });
    a.close();

    const b = make({ file, collections: [{ name: 'people', description: '', indexes: [idx('email')] }] });
    expect(b.readAll('people')).toEqual([{ _id: 'p1', email: 'x', at: new Date(5) }, { _id: 'p2', email: 'x' }]);
    expect(((await b.handle({ action: 'database.getDocument', collectionName: 'made_at_runtime' })) as any).data.list).toEqual([]);
    b.resetStats();
    expect(await query(b, 'people', { email: 'x' })).toHaveLength(2);
    expect(b.stats().docsExamined).toBe(2);
    b.close();
    const store = new Store(file);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();

    // data violating a new unique declaration is reported at start
    expect(() => make({ file, collections: [{ name: 'people', description: '', indexes: [idx('email', { unique: true })] }] })).toThrow(/duplicate key/);
  });
});

describe('transactions', () => {
  let svc: DbService;
  beforeEach(async () => {
    svc = make({ transactionTimeoutMs: 300 });
    await insert(svc, 'plain', [{ _id: 'a', v: 0 }, { _id: 'b', v: 0 }]);
  });
  afterEach(() => svc.close());

  const start = async (wxCloudApiToken?: string) => ((await svc.handle({ action: 'database.startTransaction', wxCloudApiToken })) as any).transactionId as string;
  const getIn = async (transactionId: string, id: string) =>
    ((await svc.handle({ action: 'database.getDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: id }), transactionId })) as any).data.list.map(parse)[0];
  const incIn = (transactionId: string | undefined, id: string, by = 1) =>
    svc.handle({ action: 'database.modifyDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: id }), data: ej({ $inc: { v: by } }), merge: true, transactionId }) as Promise<any>;
  const commit = (transactionId: string) => svc.handle({ action: 'database.commitTransaction', transactionId }) as Promise<any>;
  const value = (id: string) => svc.readAll('plain').find((d) => d._id === id)?.v;
  const CONFLICT = { code: 'DATABASE_TRANSACTION_CONFLICT', message: expect.stringMatching(/^\[ResourceUnavailable\.TransactionConflict\] Transaction is conflict/) };

  test('writes are invisible outside until commit, then visible all at once', async () => {
    const t = await start();
    expect(t).toMatch(/^tx-[0-9a-f]{32}$/);
    await incIn(t, 'a');
    await svc.handle({ action: 'database.insertDocument', collectionName: 'plain', data: [ej({ _id: 'c', v: 9 })], transactionId: t });
    await svc.handle({ action: 'database.removeDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 'b' }), transactionId: t });
    expect(await getIn(t, 'a')).toEqual({ _id: 'a', v: 1 });
    expect(await getIn(t, 'b')).toBeUndefined();
    expect(svc.readAll('plain')).toEqual([{ _id: 'a', v: 0 }, { _id: 'b', v: 0 }]);
    expect(await commit(t)).toEqual({});
    expect(svc.readAll('plain')).toEqual([{ _id: 'a', v: 1 }, { _id: 'c', v: 9 }]);
  });

  test('transactions on different documents are open at the same time and both commit', async () => {
    const t1 = await start();
    const t2 = await start();
    expect(await incIn(t1, 'a')).toEqual({ data: { updated: 1 } });
    expect(await incIn(t2, 'b')).toEqual({ data: { updated: 1 } });
    // both are open with a write each; neither waited for the other
    expect(await getIn(t1, 'a')).toEqual({ _id: 'a', v: 1 });
    expect(await getIn(t2, 'b')).toEqual({ _id: 'b', v: 1 });
    expect(await commit(t2)).toEqual({});
    expect(await commit(t1)).toEqual({});
    expect([value('a'), value('b')]).toEqual([1, 1]);
  });

  test('write-write: the second writer of a document conflicts at once and is aborted; the first commits', async () => {
    const t1 = await start();
    const t2 = await start();
    await incIn(t1, 'a');
    // reads never conflict: t2 reads the committed version (its snapshot)
    expect(await getIn(t2, 'a')).toEqual({ _id: 'a', v: 0 });
    await incIn(t2, 'b');
    expect(await incIn(t2, 'a', 10)).toEqual(CONFLICT);
    // the conflict aborted t2: its writes are gone and later calls find no transaction
    const late = await incIn(t2, 'b');
    expect(late.code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(late.message).toMatch(/^\[ResourceUnavailable\.TransactionNotExist\] Transaction does not exist/);
    expect(late.message).toMatch(/write conflict/);
    expect((await commit(t2)).code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(await commit(t1)).toEqual({});
    expect([value('a'), value('b')]).toEqual([1, 0]);
    // t2's abort freed b at once: a new transaction writes it
    const t3 = await start();
    expect(await incIn(t3, 'b')).toEqual({ data: { updated: 1 } });
    expect(await commit(t3)).toEqual({});
  });

  test('removes and set() conflict like updates; a no-op update still claims the document', async () => {
    const t1 = await start();
    const t2 = await start();
    await svc.handle({ action: 'database.modifyDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 'a' }), data: ej({ v: 0 }), merge: true, transactionId: t1 });
    expect(await svc.handle({ action: 'database.removeDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 'a' }), transactionId: t2 })).toEqual(CONFLICT);
    const t3 = await start();
    expect(await svc.handle({ action: 'database.modifyDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 'a' }), data: ej({ w: 1 }), merge: false, upsert: true, transactionId: t3 })).toEqual(CONFLICT);
    await commit(t1);
  });

  test('snapshot: a transaction reads the state as of its start; a document committed after that conflicts on write', async () => {
    const t = await start();
    expect(await getIn(t, 'a')).toEqual({ _id: 'a', v: 0 });
    // outside writes after the snapshot: an update, an insert, a remove
    await incIn(undefined, 'a', 5);
    await insert(svc, 'plain', [{ _id: 'late', v: 1 }]);
    await svc.handle({ action: 'database.removeDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 'b' }) });
    expect(await getIn(t, 'a')).toEqual({ _id: 'a', v: 0 });
    expect(await getIn(t, 'late')).toBeUndefined();
    expect(await getIn(t, 'b')).toEqual({ _id: 'b', v: 0 });
    expect(await incIn(t, 'a')).toEqual(CONFLICT);
    expect(value('a')).toBe(5);
    // a transaction started after those commits sees them and may write
    const t2 = await start();
    expect(await getIn(t2, 'a')).toEqual({ _id: 'a', v: 5 });
    expect(await incIn(t2, 'a')).toEqual({ data: { updated: 1 } });
    expect(await commit(t2)).toEqual({});
    expect(value('a')).toBe(6);
  });

  test('another transaction committed after the snapshot: reads keep the old version, a write conflicts', async () => {
    const reader = await start();
    const writer = await start();
    await incIn(writer, 'a', 3);
    await commit(writer);
    expect(await getIn(reader, 'a')).toEqual({ _id: 'a', v: 0 });
    expect(await incIn(reader, 'a')).toEqual(CONFLICT);
    // versions are forgotten once no open transaction needs them
    const internals = svc as unknown as { history: Map<string, unknown>; lastCommit: Map<string, unknown>; holders: Map<string, unknown> };
    expect([internals.history.size, internals.lastCommit.size, internals.holders.size]).toEqual([0, 0, 0]);
  });

  test('the same deterministic _id inserted by two open transactions: the second conflicts; after the commit it is a duplicate key', async () => {
    const t1 = await start();
    const t2 = await start();
    const add = (t: string) => svc.handle({ action: 'database.insertDocument', collectionName: 'plain', data: [ej({ _id: 'seat-f1', v: 1 })], transactionId: t }) as Promise<any>;
    expect((await add(t1)).data.insertedIds).toEqual(['seat-f1']);
    expect(await add(t2)).toEqual(CONFLICT);
    await commit(t1);
    const t3 = await start();
    const dup = await add(t3);
    expect(dup.code).toBe('DATABASE_REQUEST_FAILED');
    expect(dup.message).toMatch(/^E11000 duplicate key error collection: plain index: _id_/);
    // a plain insert of the same id is a duplicate too
    expect(((await insert(svc, 'plain', [{ _id: 'seat-f1' }])) as any).message).toMatch(/E11000/);
  });

  test('a unique key claimed by one open transaction conflicts for another; a plain write taking it first fails the commit', async () => {
    const t1 = await start();
    const t2 = await start();
    const add = (t: string, id: string) => svc.handle({ action: 'database.insertDocument', collectionName: 'things', data: [ej({ _id: id, code: 'X' })], transactionId: t }) as Promise<any>;
    expect((await add(t1, 'x1')).data).toBeDefined();
    expect(await add(t2, 'x2')).toEqual(CONFLICT);
    await svc.handle({ action: 'database.abortTransaction', transactionId: t1 });
    const t3 = await start();
    expect((await add(t3, 'x3')).data).toBeDefined();
    expect(((await insert(svc, 'things', [{ _id: 'x4', code: 'X' }])) as any).data).toBeDefined();
    const late = await commit(t3);
    expect(late.message).toMatch(/E11000 duplicate key error collection: things index: code_1|E11000/);
    expect(svc.readAll('things').map((d) => d._id)).toEqual(['x4']);
  });

  test('a plain write to a document an open transaction wrote waits for its end; one it only read does not wait', async () => {
    const t = await start();
    await getIn(t, 'b');
    await incIn(t, 'a');
    let outsideDone = false;
    const outside = incIn(undefined, 'a', 10).then((r) => ((outsideDone = true), r));
    expect(await incIn(undefined, 'b')).toEqual({ data: { updated: 1 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(outsideDone).toBe(false);
    expect(await commit(t)).toEqual({});
    expect(await outside).toEqual({ data: { updated: 1 } });
    expect([value('a'), value('b')]).toEqual([11, 1]);
  });

  test('a waiting plain write gives up with a conflict after plainWriteWaitMs', async () => {
    svc.close();
    svc = make({ transactionTimeoutMs: 2000, plainWriteWaitMs: 60 });
    await insert(svc, 'plain', [{ _id: 'a', v: 0 }]);
    const t = await start();
    await incIn(t, 'a');
    const t0 = Date.now();
    expect(await incIn(undefined, 'a')).toEqual(CONFLICT);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    await commit(t);
    expect(value('a')).toBe(1);
  });

  test('the invocation holding a transaction writing its documents outside it fails at once instead of deadlocking', async () => {
    const tx = await start('inv-1');
    await incIn(tx, 'a');
    const sameInvocation = (await svc.handle({ action: 'database.modifyDocument', collectionName: 'plain', queryType: 'WHERE', multi: true, query: ej({ _id: 'a' }), data: ej({ $set: { v: 5 } }), merge: true, wxCloudApiToken: 'inv-1' })) as any;
    expect(sameInvocation.code).toBe('DATABASE_REQUEST_FAILED');
    expect(sameInvocation.message).toMatch(/outside the open transaction/);
    // another invocation just waits for the commit
    const other = svc.handle({ action: 'database.modifyDocument', collectionName: 'plain', queryType: 'WHERE', multi: true, query: ej({ _id: 'a' }), data: ej({ $inc: { v: 10 } }), merge: true, wxCloudApiToken: 'inv-2' });
    await commit(tx);
    expect(await other).toEqual({ data: { updated: 1 } });
    expect(value('a')).toBe(11);
  });

  test('an abandoned transaction is aborted after the timeout: its writes are gone, a waiting write proceeds', async () => {
    const t = await start();
    await incIn(t, 'a');
    const t0 = Date.now();
    const waiting = incIn(undefined, 'a', 7);
    expect(await waiting).toEqual({ data: { updated: 1 } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    const late = await commit(t);
    expect(late.code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(late.message).toMatch(/TransactionNotExist.*not committed within 300 ms/);
    expect(value('a')).toBe(7);
    const t2 = await start();
    await incIn(t2, 'a');
    await commit(t2);
    expect(value('a')).toBe(8);
  });

  test('inside a transaction: where queries, multi updates and where removes are rejected; duplicates fail at once', async () => {
    const t = await start();
    const where = (await svc.handle({ action: 'database.getDocument', collectionName: 'plain', queryType: 'WHERE', query: ej({ v: 0 }), transactionId: t })) as any;
    expect(where.code).toBe('DATABASE_REQUEST_FAILED');
    const multi = (await svc.handle({ action: 'database.modifyDocument', collectionName: 'plain', queryType: 'WHERE', multi: true, query: ej({ v: 0 }), data: ej({ $set: { v: 1 } }), transactionId: t })) as any;
    expect(multi.code).toBe('DATABASE_REQUEST_FAILED');
    const rm = (await svc.handle({ action: 'database.removeDocument', collectionName: 'plain', queryType: 'WHERE', multi: true, query: ej({ v: 0 }), transactionId: t })) as any;
    expect(rm.code).toBe('DATABASE_REQUEST_FAILED');
    const dup = (await svc.handle({ action: 'database.insertDocument', collectionName: 'plain', data: [ej({ _id: 'a' })], transactionId: t })) as any;
    expect(dup.message).toMatch(/duplicate key/);
    // a batch insert in a transaction is all or nothing
    const batch = (await svc.handle({ action: 'database.insertDocument', collectionName: 'plain', data: [ej({ _id: 'n1' }), ej({ _id: 'b' })], transactionId: t })) as any;
    expect(batch.message).toMatch(/duplicate key/);
    expect(await getIn(t, 'n1')).toBeUndefined();
    await svc.handle({ action: 'database.abortTransaction', transactionId: t });
    expect(svc.readAll('plain')).toEqual([{ _id: 'a', v: 0 }, { _id: 'b', v: 0 }]);
  });

  test('50 concurrent read-modify-write transactions on one document: conflicts, and with retries no lost update', async () => {
    svc.close();
    svc = make({ transactionTimeoutMs: 10_000 });
    await insert(svc, 'plain', [{ _id: 'a', v: 0 }]);
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (;;) {
          const t = await start();
          const cur = await getIn(t, 'a');
          await new Promise((r) => setImmediate(r));
          const r = await svc.handle({ action: 'database.modifyDocument', collectionName: 'plain', queryType: 'DOC', query: ej({ _id: 'a' }), data: ej({ $set: { v: cur.v + 1 } }), merge: true, transactionId: t });
          if (r.code === 'DATABASE_TRANSACTION_CONFLICT') {
            conflicts++;
            await new Promise((res) => setTimeout(res, Math.random() * 5));
            continue;
          }
          expect(await commit(t)).toEqual({});
          return;
        }
      }),
    );
    expect(value('a')).toBe(50);
    expect(conflicts).toBeGreaterThan(0);
  }, 30_000);
});

describe('stored documents', () => {
  const { parseStored, stringifyDoc, normalize } = jest.requireActual('./ejson') as typeof import('./ejson');
  const ejsonPath = (text: string) => normalize(EJSON.parse(text, { relaxed: true }), Date.now());

  test('the fast parse gives what the EJSON path gives, and hands other wrappers to it', () => {
    const docs: object[] = [
      { _id: 'a', n: 1, x: 1.5, neg: -3, big: 2 ** 40, zero: 0, s: '$notAKey', t: true, nil: null, at: new Date(1_700_000_000_000), old: new Date(-5_000), list: [1, 'two', { d: new Date(0), m: { h: 4.5 } }, [2.25]], empty: {}, nested: { a: { b: { c: 7 } } } },
      { _id: 'r', re: /ab+c/i, n: 2 },
      { _id: 'f', far: new Date(Date.UTC(10000, 0, 1)), inf: Infinity },
    ];
    for (const d of docs) {
      const text = stringifyDoc(d);
      expect(parseStored(text)).toEqual(ejsonPath(text));
    }
    const parsed = parseStored(stringifyDoc(docs[0]));
    expect(parsed.at).toBeInstanceOf(Date);
    expect(parsed.list[2].d.getTime()).toBe(0);
    expect(parseStored(stringifyDoc(docs[1])).re).toBeInstanceOf(RegExp);
  });
});
