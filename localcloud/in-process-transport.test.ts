/**
 * The in-process transport hands the real SDK's requests to the same /admin handler without a
 * socket: every answer, error shape and conflict must be exactly what loopback HTTP gives.
 */
import http from 'http';
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';
import { inProcessCalls } from './in-process-transport';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** One script of database calls through the real SDK; returns what the caller sees (ids normalised). */
async function script(cloud: TestCloud): Promise<unknown[]> {
  const db = cloud.db as any;
  const _ = db.command;
  const seen: unknown[] = [];
  const settle = async (p: Promise<unknown>) => {
    try {
      const r = (await p) as Record<string, unknown>;
      const { requestId: _r, ...rest } = r ?? {};
      seen.push(['ok', rest]);
    } catch (e) {
      const x = e as { errCode?: number; code?: string; errMsg?: string; message?: string };
      seen.push(['err', x.errCode ?? null, x.code ?? null, String(x.errMsg ?? x.message).replace(/[0-9a-f]{16,}/g, 'ID')]);
    }
  };
  await settle(db.collection('courses').add({ data: { _id: 'c1', title: '家长课堂 · 第一讲', n: 1, at: new Date('2026-12-01T00:00:00Z') } }));
  await settle(db.collection('courses').add({ data: { _id: 'c1', title: 'dup' } }));
  await settle(db.collection('courses').doc('c1').get());
  await settle(db.collection('courses').doc('missing').get());
  await settle(db.collection('courses').where({ _id: 'c1', n: _.gt(0) }).update({ data: { n: _.inc(-1) } }));
  await settle(db.collection('courses').where({ _id: 'c1', n: _.gt(0) }).update({ data: { n: _.inc(-1) } }));
  await settle(db.collection('courses').where({ n: 0 }).count());
  await settle(db.collection('no_such_collection').doc('x').get());
  // write-write conflict between two open transactions
  const t1 = await db.startTransaction();
  const t2 = await db.startTransaction();
  await settle(t1.collection('courses').doc('c1').update({ data: { n: 5 } }));
  await settle(t2.collection('courses').doc('c1').update({ data: { n: 6 } }));
  await settle(t1.commit());
  await settle(t2.commit());
  await settle(db.collection('courses').doc('c1').get());
  return seen;
}

test('the SDK sees the same answers, errors and conflicts in-process as over loopback HTTP', async () => {
  const http = await startTestCloud({ transport: 'http' });
  const inProc = await startTestCloud();
  try {
    const c0 = inProcessCalls();
    const overHttp = await script(http);
    expect(inProcessCalls()).toBe(c0); // the 'http' cloud really went over the socket
    const inProcess = await script(inProc);
    expect(inProcessCalls() - c0).toBe(15); // every SDK call of the script went in-process
    expect(inProcess).toEqual(overHttp);
    expect(JSON.stringify(inProcess)).toContain('TransactionConflict');
    expect(JSON.stringify(inProcess)).toContain('E11000');
  } finally {
    await http.close();
    await inProc.close();
  }
});

test('a function called through the front door reaches the database in-process, with its own identity', async () => {
  const cloud = await startTestCloud();
  try {
    const token = cloud.cloud.devToken('demo-parent-001');
    const c0 = inProcessCalls();
    const replies = await Promise.all(
      ['demo-parent-001', 'demo-parent-002'].map(async (openid) => {
        const res = await fetch(`${cloud.url}/functions/echo`, {
          method: 'POST',
          body: JSON.stringify({ action: 'whoami' }),
          headers: { authorization: `Bearer ${openid === 'demo-parent-001' ? token : cloud.cloud.devToken(openid)}`, 'content-type': 'application/json' },
        });
        return (await res.json()) as { ok: boolean; data: { openid: string } };
      }),
    );
    expect(replies.map((r) => r.ok && r.data.openid)).toEqual(['demo-parent-001', 'demo-parent-002']);
    expect(inProcessCalls()).toBeGreaterThan(c0);
  } finally {
    await cloud.close();
  }
});

test('after close the admin URL is no longer served in-process: the request goes to the (closed) socket', async () => {
  const cloud = await startTestCloud();
  await cloud.close();
  const c0 = inProcessCalls();
  const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
    const req = http.request(`${cloud.adminUrl}?env=local-env`, { method: 'POST', headers: { 'content-type': 'application/json' } }, () => resolve(new Error('answered')));
    req.on('error', resolve);
    req.end(JSON.stringify({ action: 'database.getDocument' }));
  });
  expect(err.code).toBe('ECONNREFUSED');
  expect(inProcessCalls()).toBe(c0);
});
