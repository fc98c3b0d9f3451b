/**
 * The local cloud's own cost per call: the real wx-server-sdk talking loopback HTTP to the
 * in-process local cloud (the path every cloud function's database call takes in tests and
 * `npm start`), and the front door under a burst.
 *   npx tsx bench/localcloud-ops.ts [--n 1000] [--concurrency 16] [--burst 1000]
 * Prints ops/s and p50/p99 for doc().get, doc().update, a read-modify-write transaction
 * (start, get, update, commit), each sequential and concurrent (disjoint documents), and the wall
 * and p50/p99 of `--burst` simultaneous POST /functions/echo calls.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { join, resolve } from 'path';
import cloudSdk from 'wx-server-sdk';
import { startLocalCloud } from '../localcloud';
import { arg, pct } from './cli';
import { ensureBaseEnv } from '../localcloud/isolated-env';

const ROOT = resolve(__dirname, '..');

/* eslint-disable @typescript-eslint/no-explicit-any */
async function measure(label: string, n: number, conc: number, op: (i: number) => Promise<void>): Promise<void> {
  const lat: number[] = [];
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await op(i);
        lat.push(performance.now() - t);
      }
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU per op (SDK + HTTP + engine, all in this process) is the figure to compare on a shared box
  const cpuPerOp = (cpu.user + cpu.system) / 1000 / n;
  console.log(`${label.padEnd(44)} ${String(Math.round((n / wall) * 1000)).padStart(6)} ops/s   p50 ${pct(lat, 50).toFixed(2).padStart(7)} ms   p99 ${pct(lat, 99).toFixed(2).padStart(7)} ms   cpu ${cpuPerOp.toFixed(2)} ms/op`);
}

async function main(): Promise<void> {
  const n = Number(arg('n', '1000'));
  const conc = Number(arg('concurrency', '16'));
  const burst = Number(arg('burst', '1000'));
  const base = join(ROOT, 'node_modules', '.cache');
  mkdirSync(base, { recursive: true });
  const fnDir = mkdtempSync(join(base, 'bench-ops-'));
  mkdirSync(join(fnDir, 'echo'));
  copyFileSync(join(ROOT, 'cloudfunctions/echo/index.js'), join(fnDir, 'echo', 'index.js'));
  const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false, functionsDir: fnDir });
  ensureBaseEnv();
  const db = (cloudSdk as any).createNewInstance({ env: 'local-env', serviceUrl: `${cloud.url}/admin` }).database();
  const _ = db.command;
  const coll = 'test_items';
  const docs = Math.max(n, 64);
  for (let i = 0; i < docs; i += 500) {
    await db.collection(coll).add({ data: Array.from({ length: Math.min(500, docs - i) }, (_x, k) => ({ _id: `d${i + k}`, code: `c${i + k}`, n: 0, title: '家长课堂 · 第一讲', tags: ['a', 'b'] })) });
  }
  console.log(`local cloud cost per call — node ${process.version}, n=${n}, concurrency=${conc}`);
  const doc = (i: number) => db.collection(coll).doc(`d${i % docs}`);
  // warm up
  for (let i = 0; i < 50; i++) await doc(i).get();
  await measure('doc().get, sequential', n, 1, async (i) => void (await doc(i).get()));
  await measure(`doc().get, ${conc} at once`, n, conc, async (i) => void (await doc(i).get()));
  await measure('doc().update, sequential', n, 1, async (i) => void (await doc(i).update({ data: { n: _.inc(1) } })));
  await measure(`doc().update, ${conc} at once`, n, conc, async (i) => void (await doc(i).update({ data: { n: _.inc(1) } })));
  const tx = async (i: number) => {
    const t = await db.startTransaction();
    const cur = (await t.collection(coll).doc(`d${i % docs}`).get()).data;
    await t.collection(coll).doc(`d${i % docs}`).update({ data: { n: cur.n + 1 } });
    await t.commit();
  };
  await measure('transaction (start+get+update+commit), seq.', n, 1, tx);
  await measure(`transaction, ${conc} at once, disjoint docs`, n, conc, tx);

  const token = cloud.devToken('bench-user-001');
  const call = async () => {
    const t = performance.now();
    const res = await fetch(`${cloud.url}/functions/echo`, { method: 'POST', body: JSON.stringify({ action: 'whoami' }), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const body = (await res.json()) as { ok: boolean };
    if (res.status !== 200 || !body.ok) throw new Error(`bad reply ${res.status} ${JSON.stringify(body)}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) await call();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const lat = await Promise.all(Array.from({ length: burst }, call));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${burst} simultaneous POST /functions/echo:          wall ${wall.toFixed(0)} ms   p50 ${pct(lat, 50).toFixed(0)} ms   p99 ${pct(lat, 99).toFixed(0)} ms   cpu ${((cpu.user + cpu.system) / 1000 / burst).toFixed(2)} ms/call`);
  await cloud.close();
  rmSync(fnDir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
