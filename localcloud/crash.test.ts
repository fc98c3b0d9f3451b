/**
 * Crash safety: run the CLI as a child process on a data dir, fire a rush of seat-taking
 * transactions through the real SDK, SIGKILL the server mid-rush, restart on the same dir.
 * No half-applied transaction: the counter equals its seat records, and every acknowledged
 * transaction survived.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import cloudSdk from 'wx-server-sdk';
import { ensureBaseEnv } from './isolated-env';
import { withTransaction } from '../server/core/persistence';
import { runCli, startCliServer, type CliServer } from '../test/helpers/cli-process';

jest.setTimeout(90_000);

/* eslint-disable @typescript-eslint/no-explicit-any */
function sdkDb(url: string): any {
  ensureBaseEnv();
  return (cloudSdk as any).createNewInstance({ env: 'local-env', serviceUrl: `${url}/admin` }).database();
}

const CAP = 250;
const ATTEMPTS = 400;
/** Takers at once: all write the one counter, so each commit conflicts with every concurrent taker. */
const CONCURRENCY = 12;

/** Run `n` jobs, at most CONCURRENCY at a time; a job that fails leaves the others running. */
async function pool<T>(n: number, job: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const out: PromiseSettledResult<T>[] = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await job(i).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason) => ({ status: 'rejected', reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return out;
}

/** One seat; every taker writes the one counter, so conflicts are retried until the rush is over. */
async function takeSeat(db: any, i: number): Promise<'taken' | 'full'> {
  return withTransaction(db, async (t: any) => {
    const counter = (await t.collection('test_items').doc('counter').get()).data;
    if (counter.taken >= CAP) return 'full';
    await t.collection('test_items').doc(`seat-${i}`).set({ data: { code: `seat-${i}`, kind: 'seat', n: i } });
    await t.collection('test_items').doc('counter').update({ data: { taken: db.command.inc(1) } });
    return 'taken';
  }, { attempts: 10_000, budgetMs: 80_000 });
}

async function check(db: any): Promise<{ taken: number; seats: number }> {
  const counter = (await db.collection('test_items').doc('counter').get()).data;
  const seats = (await db.collection('test_items').where({ kind: 'seat' }).count()).total;
  return { taken: counter.taken, seats };
}

let dir: string;
let server: CliServer | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lc-crash-'));
});
afterAll(() => {
  server?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('SIGKILL mid-rush leaves no half-applied transaction; the restarted cloud finishes the rush exactly at capacity', async () => {
  server = await startCliServer(['--port', '0', '--data', dir, '--no-build', '--quiet']);
  let db = sdkDb(server.url);
  await db.collection('test_items').add({ data: { _id: 'counter', code: 'counter', taken: 0 } });

  let acknowledged = 0;
  const killAfter = 60;
  const child = server.child;
  const exited = new Promise((r) => child.on('exit', r));
  const settled = await pool(ATTEMPTS, (i) =>
    takeSeat(db, i).then((r) => {
      if (r === 'taken' && ++acknowledged === killAfter) child.kill('SIGKILL');
      return r;
    }),
  );
  await exited;
  const failed = settled.filter((s) => s.status === 'rejected').length;
  expect(acknowledged).toBeGreaterThanOrEqual(killAfter);
  expect(failed).toBeGreaterThan(0); // the kill really landed mid-rush

  server = await startCliServer(['--port', '0', '--data', dir, '--no-build', '--quiet']);
  db = sdkDb(server.url);
  const after = await check(db);
  expect(after.taken).toBe(after.seats); // no half-applied transaction
  expect(after.taken).toBeGreaterThanOrEqual(acknowledged); // every acknowledged commit survived
  expect(after.taken).toBeLessThan(ATTEMPTS);

  // finish the rush on the restarted cloud: exactly CAP seats, the rest "full"
  const rest = await pool(ATTEMPTS, (i) => takeSeat(db, ATTEMPTS + i));
  expect(rest.filter((r) => r.status === 'rejected')).toEqual([]);
  expect(rest.filter((r) => r.status === 'fulfilled' && r.value === 'taken').length).toBe(CAP - after.taken);
  expect(await check(db)).toEqual({ taken: CAP, seats: CAP });
  server.child.kill('SIGTERM');
  await new Promise((r) => server!.child.on('exit', r));
});

test('CLI: clear errors for a busy port and an unusable data dir; reset, seed and outbox sub-commands', async () => {
  server = await startCliServer(['--port', '0', '--data', dir, '--no-build', '--quiet']);
  const port = new URL(server.url).port;
  const busy = await runCli(['--port', port, '--data', join(dir, 'other'), '--no-build']);
  expect(busy.code).toBe(2);
  expect(busy.out).toContain(`端口 ${port} 已被占用`);
  const shared = await runCli(['--port', '0', '--data', dir, '--no-build']);
  expect(shared.code).toBe(2);
  expect(shared.out).toContain('正被另一个本地云进程');
  const resetWhileRunning = await runCli(['reset', '--data', dir]);
  expect(resetWhileRunning.code).toBe(2);
  server.child.kill('SIGTERM');
  await new Promise((r) => server!.child.on('exit', r));

  const file = join(dir, 'not-a-dir');
  writeFileSync(file, 'x');
  const bad = await runCli(['--port', '0', '--data', file, '--no-build']);
  expect(bad.code).toBe(2);
  expect(bad.out).toContain('数据目录不可用');

  const outbox = await runCli(['outbox', '--data', dir]);
  expect(outbox.code).toBe(0);
  expect(outbox.out).toContain('发件箱为空');

  const reset = await runCli(['reset', '--data', dir]);
  expect(reset.code).toBe(0);
  const seeded = await runCli(['seed', '--data', dir]);
  expect(seeded.code).toBe(0);
  expect(seeded.out).toContain('演示数据已写入');
  server = await startCliServer(['--port', '0', '--data', dir, '--no-build', '--quiet', '--dev']);
  const db = sdkDb(server.url);
  expect((await db.collection('test_items').count()).total).toBe(0);
  const users = (await (await fetch(`${server.url}/dev/users`)).json()) as { users: { _id: string }[] };
  expect(users.users.length).toBeGreaterThan(0);
  server.child.kill('SIGTERM');
  await new Promise((r) => server!.child.on('exit', r));
});
