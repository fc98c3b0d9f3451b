/**
 * Notices, measured against the local cloud (real functions, real wx-server-sdk):
 *  1. fan-out of one notice to F families (a synthetic class of school A): the send call (answers
 *     within its inline budget, well inside the function timeout) and the notice-cron ticks that
 *     finish it — wall time, DB operations, the longest single invocation vs its timeout;
 *  2. the sender's receipt statistics for those F recipients: p50 / p99 of `stats`;
 *  3. O parents opening the notice at once through the front door: counts exact, p50 / p99.
 *
 *   npx tsx bench/notice-fanout.ts [families=3000] [opens=1000]
 */
import { buildFunctions } from '../scripts/build-functions';
import { startTestCloud } from '../test/helpers/local-cloud';
import { seedSchool, SCHOOL_SEED } from '../server/school/school.seed';
import { frontDoor, putCrowdClass } from '../server/notice/notice-fixtures';
import type { Result } from '../types/common/result';
import type { SentNoticeDto } from '../types/notice/notice.schema';

const F = Number(process.argv[2] ?? 3000);
const O = Number(process.argv[3] ?? 1000);
const PRINCIPAL = 'demo-principal-001';
const CLASS = 'bench-notice-class';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const f = (n: number) => n.toFixed(0);

async function main() {
  process.env.TZ = 'Asia/Shanghai';
  await buildFunctions(['notice', 'notice-cron']);
  const cloud = await startTestCloud();
  await seedSchool(cloud.db);
  const parents = await putCrowdClass(cloud.db, { schoolId: SCHOOL_SEED.schoolA, gradeId: SCHOOL_SEED.gradeA3, classId: CLASS, families: F });
  const send = (title: string) =>
    cloud.call<{ notice: SentNoticeDto }>('notice', PRINCIPAL, 'send', {
      schoolId: SCHOOL_SEED.schoolA,
      category: '家长会',
      title,
      body: '请回执',
      audience: { kind: 'classes', classIds: [CLASS] },
      receipt: { kind: 'choice', options: ['参加', '不参加'] },
    });
  // warm-up (bundle load, SDK init) on a small audience
  await cloud.call('notice', PRINCIPAL, 'composeOptions', { schoolId: SCHOOL_SEED.schoolA });

  // ---------------------------------------------------------------- 1. fan-out
  cloud.cloud.db.resetStats();
  const t0 = performance.now();
  const r = await send('基准测试：全体家长会');
  const sendMs = performance.now() - t0;
  if (!r.ok) throw new Error(r.error.code);
  const id = r.data.notice.noticeId;
  const afterSend = r.data.notice.progress;
  const ticks: number[] = [];
  for (let i = 0; i < 50; i++) {
    const doc = (await cloud.db.collection('notices').doc(id).get()).data as { status: string };
    if (doc.status === 'sent') break;
    const s = performance.now();
    const tr = (await cloud.fireTimer('notice-cron', 'noticeTick')) as Result<unknown>;
    if (!tr.ok) throw new Error(`tick failed: ${tr.error.code}`);
    ticks.push(performance.now() - s);
  }
  const wall = performance.now() - t0;
  const ops = cloud.cloud.db.stats();
  const doc = (await cloud.db.collection('notices').doc(id).get()).data as { status: string; counts: { recipients: number } };
  const inbox = (await cloud.db.collection('notice_inbox').where({ noticeId: id }).count()).total;
  console.log(`fan-out to ${F} families: wall ${f(wall)} ms (send call ${f(sendMs)} ms, timeout 10,000 ms, delivered ${afterSend.delivered}/${afterSend.expected} inline; ${ticks.length} notice-cron ticks, longest ${f(Math.max(0, ...ticks))} ms, timeout 60,000 ms)`);
  console.log(`  status ${doc.status}, recipients ${doc.counts.recipients}, inbox records ${inbox} (exact: ${doc.counts.recipients === F && inbox === F})`);
  console.log(`  DB operations: ${ops.ops} = ${(ops.ops / F).toFixed(2)} per family  ${JSON.stringify(ops.byAction)}`);

  // ---------------------------------------------------------------- 2. statistics for F recipients
  const lat: number[] = [];
  for (let i = 0; i < 15; i++) {
    const s = performance.now();
    const st = await cloud.call('notice', PRINCIPAL, 'stats', { noticeId: id });
    if (!st.ok) throw new Error(st.error.code);
    lat.push(performance.now() - s);
  }
  console.log(`receipt statistics for ${F} recipients (15 calls): p50 ${f(pct(lat, 50))} ms, p99 ${f(pct(lat, 99))} ms`);

  // ---------------------------------------------------------------- 3. O parents open at once
  const door = frontDoor(cloud.url, (o) => cloud.cloud.devToken(o), 32);
  cloud.cloud.db.resetStats();
  const openLat: number[] = [];
  const t1 = performance.now();
  const opened = await Promise.all(
    parents.slice(0, O).map(async (p) => {
      const s = performance.now();
      const x = await door('notice', p, 'detail', { noticeId: id });
      openLat.push(performance.now() - s);
      return x;
    }),
  );
  const openWall = performance.now() - t1;
  const openOps = cloud.cloud.db.stats();
  const after = (await cloud.db.collection('notices').doc(id).get()).data as { counts: { read: number } };
  const readRecords = (await cloud.db.collection('notice_inbox').where({ noticeId: id, readAt: cloud.db.command.neq(null) }).count()).total;
  console.log(
    `${O} parents open at once (front door, 32 keep-alive connections): wall ${f(openWall)} ms, p50 ${f(pct(openLat, 50))} ms, p99 ${f(pct(openLat, 99))} ms, errors ${opened.filter((x) => !x.ok).length}`,
  );
  console.log(`  read counter ${after.counts.read}, read records ${readRecords} (exact: ${after.counts.read === O && readRecords === O}); DB operations ${(openOps.ops / O).toFixed(2)} per open`);
  await cloud.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
