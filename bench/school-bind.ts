/**
 * Binding benchmark: n new parents open the app, accept the privacy notice and bind a child with
 * the class code (school.ensureUser → school.acceptConsent → school.bindChild), `concurrency` at
 * a time, through the app's front door (POST /functions/school with dev tokens) of the local cloud
 * CLI running as its own process on a SQLite file (the demo seed). Then `--same` parents bind ONE
 * child at once (the first binds, the rest become pending requests).
 *
 *   npx tsx bench/school-bind.ts [--n 1000] [--concurrency 16] [--same 32]
 *
 * Prints binds/s (a bind = the three calls of one parent), p50/p99 of each call, errors by code,
 * and checks the invariants: n active guardians, n children with guardianCount 1, n users with the
 * child on their copy, n parent members; for the one child: 1 active, same-1 pending, count 1.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildFunctions } from '../scripts/build-functions';
import { seedDemo, SCHOOL_SEED } from '../scripts/seed';
import { PRIVACY_VERSION } from '../types/school/school.rules';
import { callFunction, devLogin, startCloudProcess, type CallOutcome } from './attendance-cloud-process';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const f = (ms: number) => `${ms.toFixed(0)} ms`;
/** A child's name for index i (names are letters or Chinese only): 压测 + i in base 26 letters. */
const nameFor = (i: number) => {
  let s = '';
  do {
    s = String.fromCharCode(65 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return `压测孩子${s}`;
};

async function main(): Promise<void> {
  const n = Number(arg('n', '1000'));
  const conc = Number(arg('concurrency', '16'));
  const same = Number(arg('same', '32'));
  process.env.TZ = 'Asia/Shanghai';
  await buildFunctions(['school']);
  const dir = mkdtempSync(join(tmpdir(), 'bench-bind-'));
  const cloud = await startCloudProcess(dir);
  const db = cloud.db;
  try {
    await seedDemo(db);
    const code = SCHOOL_SEED.joinCodeA31;
    const openid = (i: number) => `bench-bind-${String(i).padStart(5, '0')}`;
    const tokens: string[] = [];
    for (let i = 0; i < n + same; i++) tokens.push(await devLogin(cloud.url, openid(i)));
    // warm the function once (bundle load, SDK init)
    await callFunction(cloud.url, await devLogin(cloud.url, 'bench-warm'), 'school', 'ensureUser', {});
    console.log(`arranged: demo seed, ${n + same} dev sign-ins, function warm`);

    const lat: Record<string, number[]> = { ensureUser: [], acceptConsent: [], bindChild: [] };
    const errors = new Map<string, number>();
    const step = async (token: string, action: string, input: unknown): Promise<CallOutcome> => {
      const r = await callFunction(cloud.url, token, 'school', action, input);
      lat[action].push(r.ms);
      if (!r.ok) errors.set(`${action}:${r.code}`, (errors.get(`${action}:${r.code}`) ?? 0) + 1);
      return r;
    };
    const bindOne = async (i: number, childName: string) => {
      if (!(await step(tokens[i], 'ensureUser', {})).ok) return;
      if (!(await step(tokens[i], 'acceptConsent', { version: PRIVACY_VERSION, guardianConsent: true })).ok) return;
      await step(tokens[i], 'bindChild', { code, childName, relation: i % 2 ? '父亲' : '母亲' });
    };

    // A: n parents, each their own child, `conc` at a time.
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: conc }, async () => {
        while (next < n) {
          const i = next++;
          await bindOne(i, nameFor(i));
        }
      }),
    );
    const wallA = performance.now() - t0;
    const errA = [...errors.entries()];
    const latA = Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, [...v]]));
    console.log(`\nbinding — ${n} parents, ${conc} at a time, separate local cloud process (SQLite file), ${new Date().toISOString()}`);
    console.log(`A: wall ${(wallA / 1000).toFixed(1)} s, ${(n / (wallA / 1000)).toFixed(1)} binds/s, errors ${errA.length ? JSON.stringify(Object.fromEntries(errA)) : 0}`);
    for (const [k, v] of Object.entries(latA)) console.log(`   ${k.padEnd(14)} p50 ${f(pct(v, 50))}  p99 ${f(pct(v, 99))}  max ${f(Math.max(...v))}`);

    // B: `same` parents bind ONE child at once.
    for (const k of Object.keys(lat)) lat[k] = [];
    errors.clear();
    const t1 = performance.now();
    await Promise.all(Array.from({ length: same }, (_, j) => bindOne(n + j, '压测同一孩子')));
    const wallB = performance.now() - t1;
    console.log(`B: ${same} parents bind one child at once: wall ${f(wallB)}, bindChild p50 ${f(pct(lat.bindChild, 50))} p99 ${f(pct(lat.bindChild, 99))}, errors ${errors.size ? JSON.stringify(Object.fromEntries(errors)) : 0}`);

    // Invariants.
    const problems: string[] = [];
    const count = async (c: string, w: Record<string, unknown>) => (await db.collection(c).where(w).count()).total;
    const benchUsers = await count('users', { openid: db.RegExp({ regexp: '^bench-bind-' }) });
    const kids = await count('children', { name: db.RegExp({ regexp: '^压测孩子' }), guardianCount: 1 });
    if (benchUsers !== n + same) problems.push(`users ${benchUsers} ≠ ${n + same}`);
    if (kids !== n) problems.push(`children with guardianCount 1: ${kids} ≠ ${n}`);
    const sameChild = (await db.collection('children').where({ name: '压测同一孩子' }).get()).data as { _id: string; guardianCount: number }[];
    if (sameChild.length !== 1) problems.push(`the shared child exists ${sameChild.length} times`);
    else {
      const g = (await db.collection('guardians').where({ childId: sameChild[0]._id }).limit(1000).get()).data as { status: string }[];
      const a = g.filter((x) => x.status === 'active').length;
      const p = g.filter((x) => x.status === 'pending').length;
      if (a !== 1 || p !== same - 1 || sameChild[0].guardianCount !== 1) problems.push(`shared child: ${a} active, ${p} pending, count ${sameChild[0].guardianCount}`);
    }
    console.log(`invariants: ${problems.length ? problems.join('; ') : 'hold'}`);
    if (problems.length || errA.length || errors.size) process.exitCode = 1;
  } finally {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
