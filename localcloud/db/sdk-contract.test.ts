/**
 * Contract suite: every supported database call of the REAL wx-server-sdk 4.0.2, against the local
 * database engine over HTTP (a 20-line shim stands in for the local cloud server), on in-memory SQLite.
 */
import { idx, type CollectionDecl } from '../../server/db/collection-decl';
import { COLLECTIONS } from '../../server/db/collections';
import { createDbService, type DbService } from './index';
import { setSdkEnv, startDbShim, type DbShim } from './test-shim';
import { withTransaction } from '../../server/core/persistence';

const TEST_COLLECTIONS: CollectionDecl[] = [
  { name: 'dbt_items', description: 'engine contract test', indexes: [idx('n'), idx('code', { unique: true }), idx(['group', 'n'])] },
  { name: 'dbt_owners', description: 'engine contract test', indexes: [] },
  { name: 'dbt_seats', description: 'engine contract test', indexes: [] },
  { name: 'dbt_orders', description: 'engine contract test', indexes: [idx(['courseId', 'familyId'], { unique: true })] },
];

let svc: DbService;
let shim: DbShim;
/* eslint-disable @typescript-eslint/no-explicit-any */
let cloud: any;
let db: any;
let _: any;
let $: any;

async function expectErr(p: Promise<unknown>): Promise<{ errCode: number; errMsg: string }> {
  try {
    await p;
  } catch (e) {
    return e as { errCode: number; errMsg: string };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  svc = createDbService({ file: ':memory:', collections: [...COLLECTIONS, ...TEST_COLLECTIONS], transactionTimeoutMs: 3000 });
  if (process.env.DBT_LOG) { const orig = svc.handle.bind(svc); svc.handle = async (b) => { const r = await orig(b); console.log(JSON.stringify(b.query), JSON.stringify(b.data), JSON.stringify(r)); return r; }; }
  shim = await startDbShim(svc);
  setSdkEnv(shim.url);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  db = cloud.database();
  _ = db.command;
  $ = _.aggregate;
});

afterAll(async () => {
  await shim.close();
  svc.close();
});

beforeEach(() => svc.reset());

const items = () => db.collection('dbt_items');

describe('documents', () => {
  test('add generates a 32-hex _id; doc().get returns it with Dates as Date', async () => {
    const due = new Date('2026-03-01T08:30:00+08:00');
    const r = await items().add({ data: { code: 'a', n: 1, due, nested: { at: due }, list: [due] } });
    expect(r._id).toMatch(/^[0-9a-f]{32}$/);
    const { data } = await items().doc(r._id).get();
    expect(data.due).toBeInstanceOf(Date);
    expect(data.due.getTime()).toBe(due.getTime());
    expect(data.nested.at).toBeInstanceOf(Date);
    expect(data.list[0]).toBeInstanceOf(Date);
    expect(data).toMatchObject({ _id: r._id, code: 'a', n: 1 });
  });

  test('add with an explicit _id, and a duplicate _id fails like the real database', async () => {
    await items().add({ data: { _id: 'fixed', code: 'a' } });
    const e = await expectErr(items().add({ data: { _id: 'fixed', code: 'b' } }));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toMatch(/duplicate key/);
    expect((await items().doc('fixed').get()).data.code).toBe('a');
  });

  test('doc().create and doc().get of a missing document (errCode -1)', async () => {
    const e = await expectErr(items().doc('nope').get());
    expect(e.errCode).toBe(-1);
    expect(e.errMsg).toMatch(/does not exist/);
  });

  test('serverDate resolves to the server time in data and in updates', async () => {
    const before = Date.now();
    const { _id } = await items().add({ data: { code: 'a', createdAt: db.serverDate(), later: db.serverDate({ offset: 60_000 }) } });
    const { data } = await items().doc(_id).get();
    expect(data.createdAt).toBeInstanceOf(Date);
    expect(data.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(data.later.getTime() - data.createdAt.getTime()).toBe(60_000);
    await items().doc(_id).update({ data: { updatedAt: db.serverDate() } });
    expect((await items().doc(_id).get()).data.updatedAt).toBeInstanceOf(Date);
  });

  test('unknown collection → -502005', async () => {
    const e = await expectErr(db.collection('no_such_things').get());
    expect(e.errCode).toBe(-502005);
    const e2 = await expectErr(db.collection('no_such_things').add({ data: { a: 1 } }));
    expect(e2.errCode).toBe(-502005);
  });

  test('createCollection creates a usable collection; creating it again fails', async () => {
    await db.createCollection('dbt_runtime');
    await db.collection('dbt_runtime').add({ data: { a: 1 } });
    expect((await db.collection('dbt_runtime').count()).total).toBe(1);
    await expect(db.createCollection('dbt_runtime')).rejects.toMatchObject({ errMsg: expect.stringMatching(/exist/i) });
  });
});

describe('queries', () => {
  beforeEach(async () => {
    const docs = [
      { code: 'c1', n: 1, group: 'g1', title: 'Apple pie', tags: ['x', 'y'], at: new Date('2026-01-01T00:00:00Z'), meta: { level: 1 } },
      { code: 'c2', n: 2, group: 'g1', title: 'banana', tags: ['y'], at: new Date('2026-02-01T00:00:00Z'), meta: { level: 2 } },
      { code: 'c3', n: 3, group: 'g2', title: 'apricot', tags: [], at: new Date('2026-03-01T00:00:00Z'), meta: { level: 3 } },
      { code: 'c4', n: 4, group: 'g2', title: 'Cherry', tags: ['x'], at: new Date('2026-04-01T00:00:00Z'), kids: [{ age: 5 }, { age: 9 }] },
      { code: 'c5', n: 5, group: 'g3', title: 'date', at: new Date('2026-05-01T00:00:00Z') },
    ];
    for (const d of docs) await items().add({ data: d });
  });

  test('where + orderBy + skip + limit + field', async () => {
    const r = await items().where({ n: _.gte(2) }).orderBy('n', 'desc').skip(1).limit(2).field({ code: true, n: true }).get();
    expect(r.data.map((d: any) => d.code)).toEqual(['c4', 'c3']);
    expect(Object.keys(r.data[0]).sort()).toEqual(['_id', 'code', 'n']);
  });

  test('orderBy several keys, default order is insertion order', async () => {
    const r = await items().orderBy('group', 'desc').orderBy('n', 'asc').get();
    expect(r.data.map((d: any) => d.code)).toEqual(['c5', 'c3', 'c4', 'c1', 'c2']);
    const plain = await items().get();
    expect(plain.data.map((d: any) => d.code)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
  });

  test('limit defaults to 100 and is capped at 1000', async () => {
    const many = Array.from({ length: 150 }, (_x, i) => ({ code: `m${i}`, n: 100 + i }));
    await items().add({ data: many });
    expect((await items().get()).data).toHaveLength(100);
    expect((await items().limit(1000).get()).data).toHaveLength(155);
    expect((await items().skip(150).get()).data).toHaveLength(5);
  });

  test('comparison, $in/$nin, $or/and, $exists, $size, dotted paths and elemMatch', async () => {
    const codes = async (q: any) => (await items().where(q).get()).data.map((d: any) => d.code).sort();
    expect(await codes({ n: _.in([1, 3, 9]) })).toEqual(['c1', 'c3']);
    expect(await codes({ n: _.nin([1, 3]) })).toEqual(['c2', 'c4', 'c5']);
    expect(await codes({ n: _.gt(1).and(_.lt(4)) })).toEqual(['c2', 'c3']);
    expect(await codes(_.or([{ n: 1 }, { group: 'g3' }]))).toEqual(['c1', 'c5']);
    expect(await codes({ n: _.neq(1), group: 'g1' })).toEqual(['c2']);
    expect(await codes({ 'meta.level': _.gte(2) })).toEqual(['c2', 'c3']);
    expect(await codes({ meta: { level: 1 } })).toEqual(['c1']);
    expect(await codes({ tags: 'x' })).toEqual(['c1', 'c4']);
    expect(await codes({ tags: _.size(0) })).toEqual(['c3']);
    expect(await codes({ kids: _.elemMatch({ age: _.gt(8) }) })).toEqual(['c4']);
    expect(await codes({ tags: _.exists(false) })).toEqual(['c5']);
    expect(await codes({ at: _.gte(new Date('2026-03-01T00:00:00Z')) })).toEqual(['c3', 'c4', 'c5']);
    expect(await codes({ tags: _.all(['x', 'y']) })).toEqual(['c1']);
  });

  test('regular expressions: db.RegExp and JS RegExp', async () => {
    const codes = async (q: any) => (await items().where(q).get()).data.map((d: any) => d.code).sort();
    expect(await codes({ title: db.RegExp({ regexp: '^ap', options: 'i' }) })).toEqual(['c1', 'c3']);
    expect(await codes({ title: /^ap/ })).toEqual(['c3']);
    expect(await codes({ title: /an/i })).toEqual(['c2']);
  });

  test('count with and without a filter', async () => {
    expect((await items().count()).total).toBe(5);
    expect((await items().where({ group: 'g2' }).count()).total).toBe(2);
  });

  test('doc().field() projection', async () => {
    const first = (await items().where({ code: 'c1' }).get()).data[0];
    const { data } = await items().doc(first._id).field({ title: true }).get();
    expect(data).toEqual({ _id: first._id, title: 'Apple pie' });
  });
});

describe('updates', () => {
  let id: string;
  beforeEach(async () => {
    id = (await items().add({ data: { code: 'u', n: 1, tags: ['a', 'b', 'c'], nums: [5, 1, 9], obj: { x: 1, y: 2 }, old: 'o' } }))._id;
  });
  const get = async () => (await items().doc(id).get()).data;

  test('_.inc on a missing field creates it; _.inc/_.mul/_.min/_.max', async () => {
    await items().doc(id).update({ data: { missing: _.inc(3), n: _.inc(2) } });
    expect(await get()).toMatchObject({ missing: 3, n: 3 });
    await items().doc(id).update({ data: { n: _.mul(4) } });
    expect((await get()).n).toBe(12);
    await items().doc(id).update({ data: { n: _.min(5) } });
    expect((await get()).n).toBe(5);
    await items().doc(id).update({ data: { n: _.max(7) } });
    expect((await get()).n).toBe(7);
  });

  test('plain update merges nested objects; _.set replaces; _.remove unsets; _.rename', async () => {
    await items().doc(id).update({ data: { obj: { y: 3, z: 4 } } });
    expect((await get()).obj).toEqual({ x: 1, y: 3, z: 4 });
    await items().doc(id).update({ data: { obj: _.set({ only: true }) } });
    expect((await get()).obj).toEqual({ only: true });
    await items().doc(id).update({ data: { old: _.remove() } });
    expect(await get()).not.toHaveProperty('old');
    await items().doc(id).update({ data: { n: _.rename('count') } });
    const d = await get();
    expect(d.count).toBe(1);
    expect(d).not.toHaveProperty('n');
  });

  test('array operators: push (each/position/slice/sort), pull, pullAll, addToSet, pop, shift, unshift', async () => {
    await items().doc(id).update({ data: { tags: _.push(['d']) } });
    expect((await get()).tags).toEqual(['a', 'b', 'c', 'd']);
    await items().doc(id).update({ data: { tags: _.push({ each: ['z'], position: 0 }) } });
    expect((await get()).tags).toEqual(['z', 'a', 'b', 'c', 'd']);
    await items().doc(id).update({ data: { tags: _.push({ each: ['e'], slice: -3 }) } });
    expect((await get()).tags).toEqual(['c', 'd', 'e']);
    await items().doc(id).update({ data: { nums: _.push({ each: [7], sort: -1 }) } });
    expect((await get()).nums).toEqual([9, 7, 5, 1]);
    await items().doc(id).update({ data: { nums: _.pull(_.gt(6)) } });
    expect((await get()).nums).toEqual([5, 1]);
    await items().doc(id).update({ data: { tags: _.pullAll(['c', 'e']) } });
    expect((await get()).tags).toEqual(['d']);
    await items().doc(id).update({ data: { tags: _.addToSet('d') } });
    await items().doc(id).update({ data: { tags: _.addToSet({ $each: ['d', 'f'] }) } });
    expect((await get()).tags).toEqual(['d', 'f']);
    await items().doc(id).update({ data: { tags: _.unshift(['q']) } });
    expect((await get()).tags).toEqual(['q', 'd', 'f']);
    await items().doc(id).update({ data: { tags: _.pop() } });
    await items().doc(id).update({ data: { tags: _.shift() } });
    expect((await get()).tags).toEqual(['d']);
  });

  test('positional operator: update the array element the query matched', async () => {
    const { _id } = await items().add({ data: { code: 'p', kids: [{ id: 1, v: 1 }, { id: 2, v: 2 }] } });
    const r = await items().where({ _id, 'kids.id': 2 }).update({ data: { 'kids.$.v': 9 } });
    expect(r.stats.updated).toBe(1);
    expect((await items().doc(_id).get()).data.kids).toEqual([{ id: 1, v: 1 }, { id: 2, v: 9 }]);
  });

  test('_.inc on a non-numeric field fails with -502001', async () => {
    const e = await expectErr(items().doc(id).update({ data: { code: _.inc(1) } }));
    expect(e.errCode).toBe(-502001);
    expect((await get()).code).toBe('u');
  });

  test('doc.set replaces the document and upserts a missing one', async () => {
    const r = await items().doc(id).set({ data: { code: 'u', fresh: true } });
    expect(r.stats.updated).toBe(1);
    expect(await get()).toEqual({ _id: id, code: 'u', fresh: true });
    const r2 = await items().doc('new-one').set({ data: { code: 'v', at: new Date(0) } });
    expect(r2._id).toBe('new-one');
    const d = (await items().doc('new-one').get()).data;
    expect(d.at).toBeInstanceOf(Date);
    expect(d.code).toBe('v');
  });

  test('where().update is multi; update of nothing reports 0; where().remove; doc.remove', async () => {
    await items().add({ data: [{ code: 'w1', n: 10 }, { code: 'w2', n: 11 }] });
    const r = await items().where({ n: _.gte(10) }).update({ data: { flag: true } });
    expect(r.stats.updated).toBe(2);
    expect((await items().where({ flag: true }).count()).total).toBe(2);
    const none = await items().where({ n: 999 }).update({ data: { flag: false } });
    expect(none.stats.updated).toBe(0);
    const rm = await items().where({ flag: true }).remove();
    expect(rm.stats.removed).toBe(2);
    const rm2 = await items().doc(id).remove();
    expect(rm2.stats.removed).toBe(1);
    expect((await items().count()).total).toBe(0);
  });

  test('an update that would break a unique index fails and changes nothing', async () => {
    await items().add({ data: { code: 'other', n: 2 } });
    const e = await expectErr(items().doc(id).update({ data: { code: 'other' } }));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toMatch(/duplicate key/);
    expect((await get()).code).toBe('u');
    // multi update: all or nothing
    const e2 = await expectErr(items().where({ n: _.exists(true) }).update({ data: { code: 'same' } }));
    expect(e2.errMsg).toMatch(/duplicate key/);
    expect((await items().where({ code: 'same' }).count()).total).toBe(0);
  });
});

describe('unique indexes', () => {
  test('a missing field counts as null: a second document without it violates the index', async () => {
    await items().add({ data: { n: 1 } });
    const e = await expectErr(items().add({ data: { n: 2 } }));
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toMatch(/duplicate key.*code/);
  });

  test('compound unique index (courseId, familyId)', async () => {
    const orders = db.collection('dbt_orders');
    await orders.add({ data: { courseId: 'c1', familyId: 'f1' } });
    await orders.add({ data: { courseId: 'c1', familyId: 'f2' } });
    await orders.add({ data: { courseId: 'c2', familyId: 'f1' } });
    const e = await expectErr(orders.add({ data: { courseId: 'c1', familyId: 'f1' } }));
    expect(e.errMsg).toMatch(/duplicate key/);
    expect((await orders.count()).total).toBe(3);
  });
});

describe('aggregate', () => {
  beforeEach(async () => {
    await db.collection('dbt_owners').add({ data: [{ _id: 'o1', name: 'Ann' }, { _id: 'o2', name: 'Bob' }] });
    await items().add({
      data: [
        { code: 'a1', n: 1, group: 'g1', owner: 'o1', tags: ['x', 'y'], at: new Date('2026-01-01T00:00:00Z') },
        { code: 'a2', n: 2, group: 'g1', owner: 'o2', tags: ['y'] },
        { code: 'a3', n: 3, group: 'g2', owner: 'o1', tags: [] },
      ],
    });
  });

  test('match, group, sort, skip, limit', async () => {
    const r = await items()
      .aggregate()
      .match({ n: _.gte(1) })
      .group({ _id: '$group', total: $.sum('$n'), count: $.sum(1) })
      .sort({ _id: 1 })
      .skip(0)
      .limit(10)
      .end();
    expect(r.list).toEqual([
      { _id: 'g1', total: 3, count: 2 },
      { _id: 'g2', total: 3, count: 1 },
    ]);
  });

  test('lookup reads the other collection; project and addFields', async () => {
    const r = await items()
      .aggregate()
      .match({ code: 'a1' })
      .lookup({ from: 'dbt_owners', localField: 'owner', foreignField: '_id', as: 'ownerDocs' })
      .addFields({ double: $.multiply(['$n', 2]) })
      .project({ _id: 0, code: 1, ownerDocs: 1, double: 1, at: 1 })
      .end();
    expect(r.list).toEqual([{ code: 'a1', ownerDocs: [{ _id: 'o1', name: 'Ann' }], double: 2, at: new Date('2026-01-01T00:00:00Z') }]);
    expect(r.list[0].at).toBeInstanceOf(Date);
  });

  test('unwind, count, sample', async () => {
    const unwound = await items().aggregate().unwind('$tags').project({ _id: 0, code: 1, tags: 1 }).end();
    expect(unwound.list).toEqual([
      { code: 'a1', tags: 'x' },
      { code: 'a1', tags: 'y' },
      { code: 'a2', tags: 'y' },
    ]);
    const counted = await items().aggregate().match({ group: 'g1' }).count('n').end();
    expect(counted.list).toEqual([{ n: 2 }]);
    for (let i = 0; i < 20; i++) {
      const sampled = await items().aggregate().sample({ size: 2 }).end();
      expect(sampled.list).toHaveLength(2);
      expect(new Set(sampled.list.map((d: any) => d.code)).size).toBe(2);
      expect(Object.keys(sampled.list[0]).sort()).toEqual(['_id', 'code', 'group', 'n', 'owner', 'tags', ...(sampled.list[0].at ? ['at'] : [])].sort());
    }
    const all = await items().aggregate().sample({ size: 10 }).end();
    expect(all.list.map((d: any) => d.code).sort()).toEqual(['a1', 'a2', 'a3']);
  });
});

describe('transactions', () => {
  beforeEach(async () => {
    await db.collection('dbt_seats').add({ data: { _id: 'course', taken: 0, capacity: 50 } });
  });
  const seat = () => db.collection('dbt_seats').doc('course');

  test('runTransaction commits every write at once and returns the callback result', async () => {
    const result = await db.runTransaction(async (t: any) => {
      const s = (await t.collection('dbt_seats').doc('course').get()).data;
      await t.collection('dbt_seats').doc('course').update({ data: { taken: _.inc(1) } });
      await t.collection('dbt_seats').add({ data: { _id: 'enrol-1', courseId: 'course' } });
      await t.collection('dbt_seats').doc('enrol-2').set({ data: { courseId: 'course' } });
      // reads inside the transaction see its own writes
      const mine = (await t.collection('dbt_seats').doc('enrol-1').get()).data;
      expect(mine.courseId).toBe('course');
      expect((await t.collection('dbt_seats').doc('course').get()).data.taken).toBe(1);
      return s.taken;
    });
    expect(result).toBe(0);
    expect((await seat().get()).data.taken).toBe(1);
    expect((await db.collection('dbt_seats').count()).total).toBe(3);
  });

  test('a missing document inside a transaction: errCode -1 by default, null with throwOnNotFound:false', async () => {
    const e = await db
      .runTransaction(async (t: any) => {
        await t.collection('dbt_seats').doc('absent').get();
      })
      .catch((x: any) => x);
    expect(e.errCode).toBe(-1);
    expect(e.errMsg).toMatch(/does not exist/);
    const lenient = cloud.database({ throwOnNotFound: false });
    const data = await lenient.runTransaction(async (t: any) => (await t.collection('dbt_seats').doc('absent').get()).data);
    expect(data).toBeNull();
  });

  test('t.rollback() discards every write and runTransaction rejects with the reason', async () => {
    await expect(
      db.runTransaction(async (t: any) => {
        await t.collection('dbt_seats').doc('course').update({ data: { taken: _.inc(5) } });
        await t.collection('dbt_seats').add({ data: { _id: 'ghost' } });
        await t.rollback('FULL');
      }),
    ).rejects.toBe('FULL');
    expect((await seat().get()).data.taken).toBe(0);
    expect((await expectErr(db.collection('dbt_seats').doc('ghost').get())).errCode).toBe(-1);
  });

  test('an error thrown in the callback rolls back', async () => {
    await expect(
      db.runTransaction(async (t: any) => {
        await t.collection('dbt_seats').doc('course').update({ data: { taken: _.inc(5) } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await seat().get()).data.taken).toBe(0);
  });

  test('startTransaction API: commit and rollback; other readers never see uncommitted writes', async () => {
    const t = await db.startTransaction();
    await t.collection('dbt_seats').doc('course').update({ data: { taken: _.inc(1) } });
    // outside reader: committed state only
    expect((await seat().get()).data.taken).toBe(0);
    await t.commit();
    expect((await seat().get()).data.taken).toBe(1);

    const t2 = await db.startTransaction();
    await t2.collection('dbt_seats').doc('course').update({ data: { taken: _.inc(1) } });
    await t2.rollback();
    expect((await seat().get()).data.taken).toBe(1);
  });

  test('where() queries are rejected inside a transaction, and nothing of it is committed', async () => {
    const e = await db
      .runTransaction(async (t: any) => {
        await t.collection('dbt_seats').doc('course').update({ data: { taken: _.inc(1) } });
        await t.collection('dbt_seats').where({ taken: 0 }).get();
      })
      .catch((x: any) => x);
    expect(e.errCode).toBe(-502001);
    expect(e.errMsg).toMatch(/transaction/);
    expect((await seat().get()).data.taken).toBe(0);
  });

  test('where().update() on t.collection() (sent without the transaction id) fails fast instead of deadlocking', async () => {
    // the local cloud runs each invocation with a WX_API_TOKEN the SDK sends as wxCloudApiToken
    process.env.WX_CONTEXT_KEYS = 'WX_API_TOKEN';
    process.env.WX_API_TOKEN = 'invocation-1';
    try {
      const e = await db
        .runTransaction(async (t: any) => {
          await t.collection('dbt_seats').doc('course').update({ data: { taken: _.inc(1) } });
          await t.collection('dbt_seats').where({ _id: 'course' }).update({ data: { taken: 99 } });
        })
        .catch((x: any) => x);
      expect(e.errCode).toBe(-502001);
      expect(e.errMsg).toMatch(/outside the open transaction/);
      expect((await seat().get()).data.taken).toBe(0);
    } finally {
      delete process.env.WX_CONTEXT_KEYS;
      delete process.env.WX_API_TOKEN;
    }
  });

  test('a unique violation inside a transaction fails it and nothing is written', async () => {
    const orders = db.collection('dbt_orders');
    await orders.add({ data: { _id: 'o1', courseId: 'c1', familyId: 'f1' } });
    const e = await db
      .runTransaction(async (t: any) => {
        await t.collection('dbt_seats').doc('course').update({ data: { taken: _.inc(1) } });
        await t.collection('dbt_orders').add({ data: { courseId: 'c1', familyId: 'f1' } });
      })
      .catch((x: any) => x);
    expect(e.errCode).toBe(-502001);
    expect((await seat().get()).data.taken).toBe(0);
    expect((await orders.count()).total).toBe(1);
  });

  // Transfers on two hot accounts conflict (snapshot isolation): withTransaction retries them.
  test('readers never see half a transaction: concurrent transfers keep the total constant for every reader', async () => {
    await db.collection('dbt_seats').add({ data: [{ _id: 'acc-a', balance: 100 }, { _id: 'acc-b', balance: 100 }] });
    const sums: number[] = [];
    let done = false;
    const reader = (async () => {
      while (!done) {
        const r = await db.collection('dbt_seats').where({ _id: _.in(['acc-a', 'acc-b']) }).get();
        sums.push(r.data.reduce((s: number, d: any) => s + d.balance, 0));
      }
    })();
    await Promise.all(
      Array.from({ length: 30 }, (_x, i) =>
        withTransaction(
          db,
          async (t: any) => {
            const [from, to] = i % 2 ? ['acc-a', 'acc-b'] : ['acc-b', 'acc-a'];
            const f = (await t.collection('dbt_seats').doc(from).get()).data;
            await t.collection('dbt_seats').doc(from).update({ data: { balance: f.balance - 7 } });
            await new Promise((r) => setImmediate(r));
            await t.collection('dbt_seats').doc(to).update({ data: { balance: _.inc(7) } });
          },
          { attempts: 1000, budgetMs: 50_000 },
        ),
      ),
    );
    done = true;
    await reader;
    expect(sums.length).toBeGreaterThan(5);
    expect(new Set(sums)).toEqual(new Set([200]));
  }, 60_000);

  test('100 concurrent single-document _.inc updates outside transactions end at exactly 100', async () => {
    await Promise.all(Array.from({ length: 100 }, () => seat().update({ data: { taken: _.inc(1) } })));
    expect((await seat().get()).data.taken).toBe(100);
  });

  test('200 concurrent transactions on 200 different documents all commit at the first attempt', async () => {
    await db.collection('dbt_owners').add({ data: Array.from({ length: 200 }, (_x, i) => ({ _id: `o${i}`, n: 0 })) });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_x, i) =>
        db.runTransaction(async (t: any) => {
          const s = (await t.collection('dbt_owners').doc(`o${i}`).get()).data;
          await t.collection('dbt_owners').doc(`o${i}`).update({ data: { n: s.n + 1 } });
          return 'ok';
        }).catch((e: any) => e.errMsg),
      ),
    );
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    expect((await db.collection('dbt_owners').where({ n: 1 }).count()).total).toBe(200);
  }, 60_000);

  // One hot counter: every taker conflicts with every concurrent one; withTransaction retries.
  test('60 concurrent seat-takers on 20 seats: exactly 20 seats, only "full" refusals', async () => {
    await seat().update({ data: { capacity: 20 } });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_x, i) =>
        withTransaction(
          db,
          async (t: any) => {
            const s = (await t.collection('dbt_seats').doc('course').get()).data;
            if (s.taken >= s.capacity) return 'full';
            await t.collection('dbt_seats').doc('course').update({ data: { taken: _.inc(1) } });
            await t.collection('dbt_orders').add({ data: { _id: `seat-${i}`, courseId: 'course', familyId: `f${i}` } });
            return 'taken';
          },
          { attempts: 1000, budgetMs: 50_000 },
        ).catch((e: any) => `error: ${String(e?.message ?? e)}`),
      ),
    );
    expect(outcomes.filter((o) => o !== 'taken' && o !== 'full')).toEqual([]);
    expect(outcomes.filter((o) => o === 'taken').length).toBe(20);
    expect((await seat().get()).data.taken).toBe(20);
    expect((await db.collection('dbt_orders').count()).total).toBe(20);
  }, 60_000);
});

test('stats count every database action served', async () => {
  svc.resetStats();
  const { _id } = await items().add({ data: { code: 's' } });
  await items().doc(_id).get();
  await items().doc(_id).update({ data: { n: 1 } });
  await db.runTransaction(async (t: any) => {
    await t.collection('dbt_items').doc(_id).get();
  });
  const s = svc.stats();
  expect(s.byAction).toEqual({
    'database.insertDocument': 1,
    'database.getDocument': 2,
    'database.modifyDocument': 1,
    'database.startTransaction': 1,
    'database.commitTransaction': 1,
  });
  expect(s.ops).toBe(6);
});
