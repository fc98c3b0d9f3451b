/**
 * Database engine benchmark through the REAL wx-server-sdk 4.0.2 over HTTP (test shim in front of
 * the engine, the same wire protocol the local cloud serves).
 *
 *   npx tsx bench/db-ops.ts [--file <sqlite file>] [--n 2000] [--rush 1000]
 *
 * Prints: sequential single-document insert / get / update ops per second from one client, an
 * indexed query, and a rush of concurrent seat-taking transactions on one document.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { idx } from '../server/db/collection-decl';
import { createDbService } from '../localcloud/db';
import { setSdkEnv, startDbShim } from '../localcloud/db/test-shim';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

async function main() {
  const n = Number(arg('n', '2000'));
  const rush = Number(arg('rush', '1000'));
  const capacity = Math.floor(rush / 5);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-db-'));
  const file = arg('file', path.join(tmp, 'bench.sqlite'));

  const svc = createDbService({
    file,
    collections: [
      { name: 'bench_items', description: 'bench', indexes: [idx('n'), idx('code', { unique: true })] },
      { name: 'bench_courses', description: 'bench', indexes: [] },
      { name: 'bench_enrollments', description: 'bench', indexes: [idx(['courseId', 'familyId'], { unique: true })] },
    ],
    transactionTimeoutMs: 30_000,
  });
  const shim = await startDbShim(svc);
  setSdkEnv(shim.url);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = cloud.database();
  const _ = db.command;
  const items = db.collection('bench_items');

  const rows: [string, string][] = [];
  const report = (label: string, ops: number, ms: number) => {
    rows.push([label, `${ops} ops in ${ms.toFixed(0)} ms = ${((ops * 1000) / ms).toFixed(0)} ops/s (${(ms / ops).toFixed(2)} ms/op)`]);
  };

  // warm up the SDK and the HTTP agent
  for (let i = 0; i < 50; i++) await items.add({ data: { code: `warm-${i}`, n: -1 } });

  const ids: string[] = [];
  let t0 = performance.now();
  for (let i = 0; i < n; i++) ids.push((await items.add({ data: { code: `c${i}`, n: i, title: `item ${i}`, at: new Date() } }))._id);
  report('insert (doc add, sequential)', n, performance.now() - t0);

  t0 = performance.now();
  for (let i = 0; i < n; i++) await items.doc(ids[i]).get();
  report('get (doc get, sequential)', n, performance.now() - t0);

  t0 = performance.now();
  for (let i = 0; i < n; i++) await items.doc(ids[i]).update({ data: { n: _.inc(1), seenAt: db.serverDate() } });
  report('update (doc update _.inc, sequential)', n, performance.now() - t0);

  t0 = performance.now();
  for (let i = 0; i < n; i++) await items.where({ n: i + 1 }).get();
  report(`indexed where({n}) over ${n} docs`, n, performance.now() - t0);

  // rush: `rush` concurrent transactions each take a seat while taken < capacity
  await db.collection('bench_courses').add({ data: { _id: 'course', taken: 0, capacity } });
  const outcomes = { taken: 0, full: 0, errors: 0 };
  const errorSamples: string[] = [];
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: rush }, (_x, i) =>
      db
        .runTransaction(async (t: any) => {
          const c = (await t.collection('bench_courses').doc('course').get()).data;
          if (c.taken >= c.capacity) {
            await t.rollback('FULL');
            return;
          }
          await t.collection('bench_courses').doc('course').update({ data: { taken: _.inc(1) } });
          await t.collection('bench_enrollments').add({ data: { _id: `course_f${i}`, courseId: 'course', familyId: `f${i}`, at: db.serverDate() } });
        })
        .then(
          () => outcomes.taken++,
          (e: unknown) => {
            if (e === 'FULL') outcomes.full++;
            else {
              outcomes.errors++;
              if (errorSamples.length < 3) errorSamples.push(JSON.stringify(e));
            }
          },
        ),
    ),
  );
  const rushMs = performance.now() - t0;
  const course = (await db.collection('bench_courses').doc('course').get()).data;
  const enrolled = (await db.collection('bench_enrollments').count()).total;

  console.log(`\nDB engine through wx-server-sdk 4.0.2 (file ${file}, ${os.cpus().length} CPUs, node ${process.version})`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(40)} ${v}`);
  console.log(`  rush: ${rush} concurrent seat transactions, capacity ${capacity}`);
  console.log(`    time ${rushMs.toFixed(0)} ms, ${((rush * 1000) / rushMs).toFixed(0)} tx/s`);
  console.log(`    taken ${outcomes.taken}, full ${outcomes.full}, errors ${outcomes.errors}${errorSamples.length ? ` e.g. ${errorSamples.join(' | ')}` : ''}`);
  console.log(`    invariant: course.taken=${course.taken} enrollments=${enrolled} capacity=${capacity} → ${course.taken === capacity && enrolled === capacity && outcomes.errors === 0 ? 'OK' : 'BROKEN'}`);
  const s = svc.stats();
  console.log(`  database actions served: ${s.ops} (${Object.entries(s.byAction).map(([a, c]) => `${a.replace('database.', '')} ${c}`).join(', ')})`);

  await shim.close();
  svc.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  if (outcomes.errors || course.taken !== capacity) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
