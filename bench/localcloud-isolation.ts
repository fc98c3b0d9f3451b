/**
 * How should the local cloud keep concurrent invocations from seeing each other's identity?
 * wx-server-sdk's getWXContext() reads the global process.env on every call. Measured here with
 * the real echo bundle (whoami with a 5 ms await, so invocations interleave):
 *   A. shared process.env, no isolation (the naive runner)       — shows the leak
 *   B. AsyncLocalStorage behind a process.env Proxy, in-process  — what localcloud/runner.ts does
 *   C. a new worker thread per invocation
 *   D. a warm pool of worker threads, one invocation per worker at a time
 *   npx tsx bench/localcloud-isolation.ts [--n 200]
 */
import { Worker } from 'worker_threads';
import { join, resolve } from 'path';
import { runWithEnv, ensureBaseEnv } from '../localcloud/isolated-env';

const ROOT = resolve(__dirname, '..');
const BUNDLE = join(ROOT, 'cloudfunctions/echo/index.js');
const N = process.argv.includes('--n') ? Number(process.argv[process.argv.indexOf('--n') + 1]) : 200;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

interface Who { ok: boolean; data: { openid: string; openidAfterAwait: string } }
const event = { action: 'whoami', input: { delayMs: 5 } };
const identityEnv = (openid: string) => ({ WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: openid, WX_APPID: 'wxbench', TCB_SOURCE: 'wx_client' });

interface Row { option: string; leaks: number; p50: number; p99: number; wall: number; note: string }
const rows: Row[] = [];

async function measure(option: string, note: string, invoke: (openid: string) => Promise<string>): Promise<void> {
  const users = Array.from({ length: N }, (_, i) => `bench-${i}`);
  const lat: number[] = [];
  const t0 = performance.now();
  const seen = await Promise.all(
    users.map(async (u) => {
      const t = performance.now();
      const got = await invoke(u);
      lat.push(performance.now() - t);
      return got;
    }),
  );
  const wall = performance.now() - t0;
  rows.push({ option, leaks: seen.filter((s, i) => s !== users[i]).length, p50: pct(lat, 50), p99: pct(lat, 99), wall, note });
}

const WORKER_SRC = `
const { parentPort, workerData } = require('worker_threads');
Object.assign(process.env, workerData.baseEnv);
const mod = require(workerData.bundle);
parentPort.on('message', async ({ id, env, event }) => {
  for (const k of ['WX_OPENID', 'WX_APPID', 'TCB_SOURCE']) delete process.env[k];
  Object.assign(process.env, env);
  try { parentPort.postMessage({ id, result: await mod.main(event, {}) }); }
  catch (e) { parentPort.postMessage({ id, error: String(e) }); }
});
parentPort.postMessage({ ready: true });
`;

function startWorker(baseEnv: Record<string, string>): Promise<Worker> {
  const w = new Worker(WORKER_SRC, { eval: true, workerData: { bundle: BUNDLE, baseEnv } });
  return new Promise((r, reject) => {
    w.once('message', () => r(w));
    w.once('error', reject);
  });
}

function ask(w: Worker, env: Record<string, string>): Promise<Who> {
  const id = Math.random();
  return new Promise((r) => {
    const on = (m: { id: number; result: Who }) => {
      if (m.id === id) {
        w.off('message', on);
        r(m.result);
      }
    };
    w.on('message', on);
    w.postMessage({ id, env, event });
  });
}

async function main(): Promise<void> {
  ensureBaseEnv();
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(TENCENTCLOUD_|SCF_|TCB_ENV)/.test(k))) as Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(BUNDLE) as { main(e: unknown, c: unknown): Promise<Who> };
  await runWithEnv(identityEnv('warm'), () => mod.main(event, {}));

  await measure('A shared process.env', 'naive: each call sets process.env then runs', async (u) => {
    const saved = { ...process.env };
    Object.assign(process.env, identityEnv(u));
    const p = mod.main(event, {});
    const r = await p;
    for (const k of Object.keys(identityEnv(u))) if (saved[k] === undefined) delete process.env[k];
    return r.data.openidAfterAwait;
  });

  await measure('B ALS + env Proxy', 'in-process, chosen', async (u) => (await runWithEnv(identityEnv(u), () => mod.main(event, {}))).data.openidAfterAwait);

  const perCallN = Math.min(N, 40);
  const perCall: number[] = [];
  const tpc = performance.now();
  let leaksC = 0;
  // sequential batches of 4 to stay within two shared cores
  for (let i = 0; i < perCallN; i += 4) {
    await Promise.all(
      [0, 1, 2, 3].map(async (j) => {
        const u = `bench-${i + j}`;
        const t = performance.now();
        const w = await startWorker(baseEnv);
        const r = await ask(w, identityEnv(u));
        await w.terminate();
        perCall.push(performance.now() - t);
        if (r.data.openidAfterAwait !== u) leaksC++;
      }),
    );
  }
  rows.push({ option: 'C worker per call', leaks: leaksC, p50: pct(perCall, 50), p99: pct(perCall, 99), wall: ((performance.now() - tpc) / perCallN) * N, note: `${perCallN} calls, 4 at a time; wall scaled to ${N}` });

  for (const size of [2, 4]) {
    const tStart = performance.now();
    const pool = await Promise.all(Array.from({ length: size }, () => startWorker(baseEnv)));
    const startMs = performance.now() - tStart;
    const idle = [...pool];
    const waiters: ((w: Worker) => void)[] = [];
    const acquire = () => (idle.length ? Promise.resolve(idle.pop()!) : new Promise<Worker>((r) => waiters.push(r)));
    const release = (w: Worker) => (waiters.length ? waiters.shift()!(w) : idle.push(w));
    await measure(`D warm pool of ${size}`, `pool start ${startMs.toFixed(0)} ms`, async (u) => {
      const w = await acquire();
      try {
        return (await ask(w, identityEnv(u))).data.openidAfterAwait;
      } finally {
        release(w);
      }
    });
    await Promise.all(pool.map((w) => w.terminate()));
  }

  console.log(`identity isolation options — ${N} concurrent invocations of echo.whoami (5 ms await inside), node ${process.version}`);
  console.log('option                 | wrong OPENID | latency p50 | latency p99 | wall for all | note');
  for (const r of rows) {
    console.log(`${r.option.padEnd(22)} | ${String(r.leaks).padStart(12)} | ${r.p50.toFixed(1).padStart(8)} ms | ${r.p99.toFixed(1).padStart(8)} ms | ${r.wall.toFixed(0).padStart(9)} ms | ${r.note}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
