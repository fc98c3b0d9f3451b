/**
 * Certificate figures through the real certificate function on the local cloud (in-memory SQLite):
 *
 *   npx tsx bench/certificate.ts [--holders 3000] [--renders 5] [--verifies 200]
 *
 * Prints: batch-issuing to a whole school (wall time, database operations, duplicate numbers —
 * once by one admin, once by two admins at the same time), rendering one certificate image (p50,
 * PNG bytes; the first render, which loads the native addon and the fonts, separately) and public
 * verification (p50 / p95).
 */
import { startTestCloud } from '../test/helpers/local-cloud';
import { createDbService } from '../localcloud/db';
import type { CertificateDoc, ImageOutput, IssueOutput } from '../types/certificate/certificate.schema';
import { sceneFor } from '../types/certificate/certificate.rules';
import { ADMIN_A, ADMIN_A2, SA, enableRule, ok, seedCertificates } from '../server/certificate/test-fixtures';
import type { CreateDbService } from '../localcloud/db';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function main() {
  const holders = arg('holders', 3000);
  const renders = arg('renders', 5);
  const verifies = arg('verifies', 200);
  const perClass = 50;
  const counts: Record<string, number> = {};
  let counting = false;
  const createDb: CreateDbService = (o) => {
    const svc = createDbService(o);
    const handle = svc.handle.bind(svc);
    svc.handle = (b: Record<string, unknown>) => {
      if (counting) counts[String(b.action)] = (counts[String(b.action)] ?? 0) + 1;
      return handle(b);
    };
    return svc;
  };
  const rows: string[] = [];
  const out = (s: string) => {
    rows.push(s);
    console.log(s);
  };

  for (const admins of [1, 2]) {
    const cloud = await startTestCloud({ createDb });
    const t0 = performance.now();
    await seedCertificates(cloud, { classes: Math.ceil(holders / perClass), perClass, allEligible: true, at: new Date(Date.now() - 86400_000) });
    await enableRule(cloud);
    if (admins === 1) out(`seeded ${holders} eligible guardians with ledgers and names in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const k of Object.keys(counts)) delete counts[k];
    counting = true;
    const started = performance.now();
    // Each admin repeats the call while holders remain (a call stops starting runs of 250 after 20 s).
    let calls = 0;
    const results = await Promise.all(
      [ADMIN_A, ADMIN_A2].slice(0, admins).map(async (who) => {
        let issued = 0;
        for (;;) {
          calls++;
          const r = ok(await cloud.call<IssueOutput>('certificate', who, 'issueBatch', { schoolId: SA, scope: { kind: 'school' } }));
          issued += r.issued;
          if (r.remaining === 0) return issued;
        }
      }),
    );
    const wall = performance.now() - started;
    counting = false;
    const issued = results.reduce((n, r) => n + r, 0);
    const docs: CertificateDoc[] = [];
    for (;;) {
      const r = await cloud.db.collection('certificates').where({ schoolId: SA }).orderBy('_id', 'asc').skip(docs.length).limit(1000).get();
      docs.push(...(r.data as CertificateDoc[]));
      if (r.data.length < 1000) break;
    }
    const seqs = docs.map((d) => d.seq!);
    const dupes = seqs.length - new Set(seqs).size;
    const max = Math.max(...seqs);
    const byRun = new Map<string, number[]>();
    for (const d of docs) byRun.set(d.runId, [...(byRun.get(d.runId) ?? []), d.seq!]);
    const consecutive = [...byRun.values()].every((xs) => Math.max(...xs) - Math.min(...xs) + 1 === xs.length);
    const ops = Object.values(counts).reduce((a, b) => a + b, 0);
    const byAction = Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a.replace('database.', '')} ${n}`).join(', ');
    out(`issueBatch (school, ${holders} holders, ${admins} admin${admins > 1 ? 's at once' : ''}, ${calls} calls): ${issued} issued in ${(wall / 1000).toFixed(2)} s wall; ${ops} DB ops (${(ops / Math.max(1, issued)).toFixed(2)}/certificate: ${byAction}); duplicate numbers: ${dupes}; highest number ${max} (gaps: ${max - new Set(seqs).size}); ${byRun.size} runs, each consecutive: ${consecutive ? 'yes' : 'NO'}`);

    if (admins === 1) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < renders + 1; i++) {
        const c = docs[i];
        const s = performance.now();
        const img = ok(await cloud.call<ImageOutput>('certificate', c.userId ? (await cloud.db.collection('users').doc(c.userId).get()).data.openid : '', 'image', { certificateId: c._id }));
        times.push(performance.now() - s);
        if (i === 1) bytes = Buffer.from(await (await fetch(img.url)).arrayBuffer()).length;
      }
      out(`image (render + QR + upload): first ${times[0].toFixed(0)} ms (loads the addon and fonts); then p50 ${pct(times.slice(1), 50).toFixed(0)} ms over ${renders}; PNG ${(bytes / 1024).toFixed(0)} KB (1000×1400)`);
      const cached = performance.now();
      await cloud.call('certificate', (await cloud.db.collection('users').doc(docs[0].userId).get()).data.openid, 'image', { certificateId: docs[0]._id });
      out(`image again (stored): ${(performance.now() - cached).toFixed(0)} ms`);

      const vt: number[] = [];
      for (let i = 0; i < verifies; i++) {
        const c = docs[i % docs.length];
        const s = performance.now();
        const r = await cloud.cloud.invoke('certificate', { action: 'verify', input: { scene: sceneFor(c.number!, c.code!) } }, { openid: '', clientIp: `10.0.${Math.floor(i / 250)}.${i % 250}` });
        vt.push(performance.now() - s);
        if (!r.ok || !(r.result as { ok: boolean }).ok) throw new Error('verification failed');
      }
      out(`verify (unsigned, by QR scene): p50 ${pct(vt, 50).toFixed(1)} ms, p95 ${pct(vt, 95).toFixed(1)} ms over ${verifies}`);
    }
    await cloud.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
