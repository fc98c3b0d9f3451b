/**
 * Contract tests of the transaction model (snapshot isolation, first writer wins) through the REAL
 * wx-server-sdk 4.0.2 over HTTP, and of what a cloud function receives when a transaction conflicts:
 * the error shapes that server/core/persistence.ts's isConflict / isMissing / isDuplicateKey match.
 * See docs/localcloud.md "Transactions".
 */
import { idx, type CollectionDecl } from '../../server/db/collection-decl';
import { isConflict, isDuplicateKey, isMissing, withTransaction } from '../../server/core/persistence';
import { fail } from '../../server/core/errors';
import { createDbService, type DbService } from './index';
import { setSdkEnv, startDbShim, type DbShim } from './test-shim';

const COLLS: CollectionDecl[] = [
  { name: 'tx_docs', description: 'transaction contract test', indexes: [idx('code', { unique: true })] },
];
const TIMEOUT_MS = 400;

let svc: DbService;
let shim: DbShim;
/* eslint-disable @typescript-eslint/no-explicit-any */
let cloud: any;
let db: any;
let _: any;

beforeAll(async () => {
  svc = createDbService({ file: ':memory:', collections: COLLS, transactionTimeoutMs: TIMEOUT_MS });
  shim = await startDbShim(svc);
  setSdkEnv(shim.url);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  db = cloud.database();
  _ = db.command;
});
afterAll(async () => {
  await shim.close();
  svc.close();
});
beforeEach(async () => {
  svc.reset();
  await db.collection('tx_docs').add({ data: [{ _id: 'a', code: 'A', v: 0 }, { _id: 'b', code: 'B', v: 0 }] });
});

const value = async (id: string) => (await db.collection('tx_docs').doc(id).get()).data.v;
const caught = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: any) => e);
const CONFLICT_TEXT = /\[ResourceUnavailable\.TransactionConflict\] Transaction is conflict, maybe resource operated by others/;

test('two transactions on different documents are open at once (each waits inside for the other) and both commit', async () => {
  let inside = 0;
  let bothInside!: () => void;
  const barrier = new Promise<void>((r) => (bothInside = r));
  const run = (id: string) =>
    db.runTransaction(async (t: any) => {
      await t.collection('tx_docs').doc(id).update({ data: { v: _.inc(1) } });
      if (++inside === 2) bothInside();
      // with one transaction at a time (the old local cloud) this barrier is never reached
      await Promise.race([barrier, new Promise((_r, rej) => setTimeout(() => rej(new Error('the other transaction never started')), 2000))]);
      return id;
    });
  expect(await Promise.all([run('a'), run('b')])).toEqual(['a', 'b']);
  expect([await value('a'), await value('b')]).toEqual([1, 1]);
});

test('write-write conflict: the second writer gets -501001 with the TransactionConflict message at once; runTransaction does not retry it', async () => {
  const t1 = await db.startTransaction();
  await t1.collection('tx_docs').doc('a').update({ data: { v: _.inc(1) } });
  let calls = 0;
  const t0 = Date.now();
  const e = await caught(
    db.runTransaction(async (t: any) => {
      calls++;
      await t.collection('tx_docs').doc('a').update({ data: { v: _.inc(10) } });
    }),
  );
  expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS); // at once, not after waiting for t1
  expect(calls).toBe(1); // wx-server-sdk turned the reply into an Error without `code`: no retry
  expect(e).toBeInstanceOf(Error);
  expect(e.code).toBeUndefined();
  expect(e.errCode).toBe(-501001);
  expect(e.errMsg).toMatch(/^document\.update:fail -501001 resource system error\. /);
  expect(e.errMsg).toMatch(CONFLICT_TEXT);
  expect(isConflict(e)).toBe(true);
  expect([isMissing(e), isDuplicateKey(e)]).toEqual([false, false]);
  await t1.commit();
  expect(await value('a')).toBe(1);
});

test('snapshot: reads inside see the state at the start; after an outside write the transactional write conflicts', async () => {
  const t = await db.startTransaction();
  expect((await t.collection('tx_docs').doc('a').get()).data.v).toBe(0);
  await db.collection('tx_docs').doc('a').update({ data: { v: 5 } });
  await db.collection('tx_docs').add({ data: { _id: 'c', code: 'C', v: 1 } });
  expect((await t.collection('tx_docs').doc('a').get()).data.v).toBe(0);
  expect(isMissing(await caught(t.collection('tx_docs').doc('c').get()))).toBe(true);
  const e = await caught(t.collection('tx_docs').doc('a').update({ data: { v: _.inc(1) } }));
  expect(e.errMsg).toMatch(CONFLICT_TEXT);
  expect(isConflict(e)).toBe(true);
  // the conflict aborted the transaction on the server: commit reports it gone, as the node SDK's
  // TcbError {code, message, requestId} (wx-server-sdk does not wrap commit: no errCode)
  const c = await caught(t.commit());
  expect(c.constructor.name).toBe('TcbError');
  expect(c.errCode).toBeUndefined();
  expect(c.code).toBe('DATABASE_TRANSACTION_FAIL');
  expect(c.message).toMatch(/^\[ResourceUnavailable\.TransactionNotExist\] Transaction does not exist on the server/);
  expect(isConflict(c)).toBe(true);
  expect(isMissing(c)).toBe(false);
  expect(await value('a')).toBe(5);
});

test('a plain write to a document an open transaction wrote waits until the commit, then applies on top', async () => {
  const t = await db.startTransaction();
  await t.collection('tx_docs').doc('a').update({ data: { v: _.inc(1) } });
  let done = false;
  const plain = db.collection('tx_docs').doc('a').update({ data: { v: _.inc(10) } }).then(() => (done = true));
  // a plain write to another document does not wait
  await db.collection('tx_docs').doc('b').update({ data: { v: _.inc(1) } });
  await new Promise((r) => setTimeout(r, 80));
  expect(done).toBe(false);
  await t.commit();
  await plain;
  expect([await value('a'), await value('b')]).toEqual([11, 1]);
});

test('an abandoned transaction is aborted after its timeout: its writes vanish and what it held is free', async () => {
  const t = await db.startTransaction();
  await t.collection('tx_docs').doc('a').update({ data: { v: 99 } });
  const t0 = Date.now();
  await db.collection('tx_docs').doc('a').update({ data: { v: _.inc(1) } }); // waits for the abort
  expect(Date.now() - t0).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  expect(await value('a')).toBe(1);
  const late = await caught(t.collection('tx_docs').doc('b').update({ data: { v: 1 } }));
  expect(late.errCode).toBe(-501001);
  expect(late.errMsg).toMatch(/TransactionNotExist/);
  expect(isConflict(late)).toBe(true);
  const t2 = await db.startTransaction();
  await t2.collection('tx_docs').doc('a').update({ data: { v: _.inc(1) } });
  await t2.commit();
  expect(await value('a')).toBe(2);
});

test('runTransaction retries only an error whose `code` is DATABASE_TRANSACTION_CONFLICT: times + 1 runs in all', async () => {
  let calls = 0;
  const e = await caught(
    db.runTransaction(async () => {
      calls++;
      throw { code: 'DATABASE_TRANSACTION_CONFLICT', message: 'rethrown raw reply' };
    }),
  );
  expect(calls).toBe(4); // times = 3 by default: the first run and 3 retries
  expect(e.code).toBe('DATABASE_TRANSACTION_CONFLICT');
  calls = 0;
  await caught(db.runTransaction(async () => { calls++; throw new Error('other'); }, 5));
  expect(calls).toBe(1);
});

test('duplicates: the same deterministic _id from two open transactions conflicts; once committed it is E11000 (-502001)', async () => {
  const t1 = await db.startTransaction();
  const t2 = await db.startTransaction();
  await t1.collection('tx_docs').add({ data: { _id: 'seat-f1', code: 'S1' } });
  const e = await caught(t2.collection('tx_docs').add({ data: { _id: 'seat-f1', code: 'S1' } }));
  expect(isConflict(e)).toBe(true);
  await t1.commit();
  const dup = await caught(db.runTransaction(async (t: any) => t.collection('tx_docs').add({ data: { _id: 'seat-f1', code: 'S1' } })));
  expect(dup.errCode).toBe(-502001);
  expect(dup.errMsg).toMatch(/E11000 duplicate key error collection: tx_docs index: _id_/);
  expect([isDuplicateKey(dup), isConflict(dup), isMissing(dup)]).toEqual([true, false, false]);
  // a unique key taken by a plain write after the transaction claimed it: the commit fails with E11000 (raw reply)
  const t3 = await db.startTransaction();
  await t3.collection('tx_docs').add({ data: { _id: 'x3', code: 'K' } });
  await db.collection('tx_docs').add({ data: { _id: 'x4', code: 'K' } });
  const c = await caught(t3.commit());
  expect(c.code).toBe('DATABASE_REQUEST_FAILED');
  expect(c.message).toMatch(/^E11000 duplicate key error collection: tx_docs index: code/);
  expect(isDuplicateKey(c)).toBe(true);
});

test('a missing document: errCode -1 "does not exist", matched by isMissing only', async () => {
  const e = await caught(db.collection('tx_docs').doc('nope').get());
  expect(e.errCode).toBe(-1);
  expect([isMissing(e), isConflict(e), isDuplicateKey(e)]).toEqual([true, false, false]);
  const c = await caught(db.collection('no_such_collection').doc('x').get());
  expect(isMissing(c)).toBe(false);
});

test('withTransaction turns conflicts into retries: 40 concurrent read-modify-writes of one document lose nothing', async () => {
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: 40 }, () => {
      const s = { attempts: 0, conflicts: 0 };
      return withTransaction(
        db,
        async (t: any) => {
          const cur = (await t.collection('tx_docs').doc('a').get()).data.v;
          await t.collection('tx_docs').doc('a').update({ data: { v: cur + 1 } });
        },
        { attempts: 1000, budgetMs: 30_000 },
        s,
      ).then(() => (conflicts += s.conflicts));
    }),
  );
  expect(await value('a')).toBe(40);
  expect(conflicts).toBeGreaterThan(0);
}, 60_000);

test('withTransaction gives up with the domain CONFLICT after its budget; domain failures are not retried', async () => {
  const holder = await db.startTransaction();
  await holder.collection('tx_docs').doc('a').update({ data: { v: 1 } });
  const s = { attempts: 0, conflicts: 0 };
  const e = await caught(withTransaction(db, async (t: any) => t.collection('tx_docs').doc('a').update({ data: { v: 2 } }), { attempts: 3, budgetMs: 200 }, s));
  expect(e.code).toBe('CONFLICT');
  expect(s.conflicts).toBe(3);
  await holder.rollback();
  let calls = 0;
  const d = await caught(withTransaction(db, async () => { calls++; fail('NOT_FOUND'); }));
  expect(calls).toBe(1);
  expect(isConflict(d)).toBe(false);
});
