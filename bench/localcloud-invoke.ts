/**
 * Local cloud function benchmark.
 *   npx tsx bench/localcloud-invoke.ts [--n 2000] [--concurrency 8]
 * Prints: warm invocation latency p50/p99 through POST /functions/echo (sequential and concurrent,
 * with a dev token), a nested callFunction (two invocations and one SDK round trip), and the cold
 * start of a function (a fresh node process loading wx-server-sdk + the bundle, and a new bundle
 * in a running cloud).
 */
import { execFileSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { join, resolve } from 'path';
import { startLocalCloud } from '../localcloud';
import { arg, pct } from './cli';

const ROOT = resolve(__dirname, '..');
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function main(): Promise<void> {
  const n = Number(arg('n', '2000'));
  const conc = Number(arg('concurrency', '8'));
  // a private functions dir: echo plus a second copy to measure a cold bundle load
  const base = join(ROOT, 'node_modules', '.cache');
  mkdirSync(base, { recursive: true });
  const fnDir = mkdtempSync(join(base, 'bench-fns-'));
  for (const name of ['echo', 'echo2']) {
    mkdirSync(join(fnDir, name));
    copyFileSync(join(ROOT, 'cloudfunctions/echo/index.js'), join(fnDir, name, 'index.js'));
  }
  const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false, functionsDir: fnDir });
  const token = cloud.devToken('bench-user-001');
  const call = async (fn: string, event: unknown) => {
    const t = performance.now();
    const res = await fetch(`${cloud.url}/functions/${fn}`, { method: 'POST', body: JSON.stringify(event), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const body = (await res.json()) as { ok: boolean };
    if (res.status !== 200 || !body.ok) throw new Error(`bad reply ${res.status} ${JSON.stringify(body)}`);
    return performance.now() - t;
  };

  console.log(`local cloud function benchmark — node ${process.version}, ${n} calls`);
  const first = await call('echo', { action: 'whoami' });
  console.log(`cold start, first call in a fresh server (loads wx-server-sdk + bundle): ${fmt(first)}`);
  const load2 = await call('echo2', { action: 'whoami' });
  console.log(`cold start, a second function's bundle (SDK already loaded):            ${fmt(load2)}`);
  const proc = execFileSync(process.execPath, ['-e', `
    const t0 = performance.now();
    process.env.TENCENTCLOUD_SECRETID='x'; process.env.TENCENTCLOUD_SECRETKEY='y'; process.env.TENCENTCLOUD_RUNENV='SCF';
    const m = require(${JSON.stringify(join(fnDir, 'echo', 'index.js'))});
    const t1 = performance.now();
    process.env.WX_CONTEXT_KEYS='WX_OPENID'; process.env.WX_OPENID='u';
    m.main({ action: 'whoami' }, {}).then(() => console.log(JSON.stringify({ load: t1 - t0, total: performance.now() - t0 })));
  `], { cwd: ROOT }).toString();
  const cold = JSON.parse(proc.trim().split('\n').pop()!) as { load: number; total: number };
  console.log(`cold start, fresh node process: require SDK + bundle ${fmt(cold.load)}, first invocation done at ${fmt(cold.total)}`);

  for (let i = 0; i < 200; i++) await call('echo', { action: 'whoami' }); // warm-up
  const seq: number[] = [];
  for (let i = 0; i < n; i++) seq.push(await call('echo', { action: 'whoami' }));
  console.log(`warm POST /functions/echo whoami, sequential: p50 ${fmt(pct(seq, 50))}  p99 ${fmt(pct(seq, 99))}  max ${fmt(Math.max(...seq))}  (target p50 ≤ 15 ms, p99 ≤ 60 ms)`);

  const par: number[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < n) {
        next++;
        par.push(await call('echo', { action: 'whoami' }));
      }
    }),
  );
  const wall = performance.now() - t0;
  console.log(`warm, ${conc} concurrent clients: p50 ${fmt(pct(par, 50))}  p99 ${fmt(pct(par, 99))}  throughput ${Math.round((n / wall) * 1000)} calls/s`);

  const withDb: number[] = [];
  for (let i = 0; i < Math.min(n, 1000); i++) withDb.push(await call('echo', { action: 'nested' }));
  console.log(`warm echo.nested (a nested callFunction = 2 invocations + 1 SDK round trip): p50 ${fmt(pct(withDb, 50))}  p99 ${fmt(pct(withDb, 99))}`);

  await cloud.close();
  rmSync(fnDir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
