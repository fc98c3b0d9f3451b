/**
 * Database round trips per enrolment, counted (not timed): the course function in-process, each
 * SDK request it sends counted by the in-process transport, and each action the db service runs.
 *   npx tsx bench/enrol-calls.ts [--families 60] [--capacity 50]
 * Prints, per outcome, the SDK requests per call and the CPU time per call of this process
 * (function + SDK + local cloud database, no front door; sequential, so it hardly depends on the
 * machine's load the way a wall time does).
 */
import { loadavg } from 'os';
import { startLocalCloud } from '../localcloud';
import { inProcessCalls } from '../localcloud/in-process-transport';
import { buildFunctions } from '../scripts/build-functions';
import cloudSdk from 'wx-server-sdk';
import { ensureBaseEnv } from '../localcloud/isolated-env';
import type { Database } from '../server/core/cloud';
import { CLASS_A71, GRADE_A7, SCHOOL_A, TEACHER_A, childIdOf, courseInput, parentOpenid, putParents, putStaff } from '../server/course/test-fixtures';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  const families = Number(arg('families', '60'));
  const capacity = Number(arg('capacity', '50'));
  await buildFunctions(['course', 'echo']);
  const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false });
  ensureBaseEnv();
  const db = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({ env: cloud.envId, serviceUrl: cloud.adminUrl }).database() as unknown as Database;
  try {
    await putStaff(db);
    await putParents(db, 0, families, { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });
    const as = (openid: string) => ({ openid, source: 'wx_client' });
    const created = await cloud.invoke('course', { action: 'create', input: courseInput({ capacity, seatsPerFamily: 1 }) }, as(TEACHER_A));
    const courseId = (created as { ok: true; result: { data: { course: { courseId: string } } } }).result.data.course.courseId;
    await cloud.invoke('course', { action: 'publish', input: { courseId } }, as(TEACHER_A));
    // one sequential call of each kind, so the count is exactly that call's
    const count = async (label: string, fn: string, openid: string, event: unknown) => {
      const c0 = inProcessCalls();
      const u0 = process.cpuUsage();
      const r = await cloud.invoke(fn, event, as(openid));
      const u = process.cpuUsage(u0);
      const status = r.ok ? ((r.result as { data?: { status?: string } }).data?.status ?? (r.result as { ok: boolean }).ok) : r.code;
      return { label, status, calls: inProcessCalls() - c0, cpuMs: (u.user + u.system) / 1000 };
    };
    // warm both functions (bundle load, SDK init), then echo as often as there are families
    await count('warm', 'echo', parentOpenid(0), { action: 'whoami' });
    await count('warm', 'course', parentOpenid(0), { action: 'detail', input: { courseId } });
    const rows = [];
    for (let i = 0; i < families; i++) rows.push(await count('echo.whoami', 'echo', parentOpenid(i), { action: 'whoami' }));
    for (let i = 0; i < families; i++) rows.push(await count(`enroll #${i + 1}`, 'course', parentOpenid(i), { action: 'enroll', input: { courseId, childId: childIdOf(i) } }));
    const by = new Map<string, { calls: number[]; cpu: number[] }>();
    for (const r of rows) {
      const k = `${r.label.startsWith('enroll') ? 'enroll' : r.label} → ${r.status}`;
      const e = by.get(k) ?? { calls: [], cpu: [] };
      e.calls.push(r.calls);
      e.cpu.push(r.cpuMs);
      by.set(k, e);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`SDK requests and CPU per call (sequential, capacity ${capacity}, ${families} families, load ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    for (const [k, v] of by) {
      console.log(`  ${k.padEnd(30)} n=${String(v.calls.length).padEnd(4)} requests per call: ${[...new Set(v.calls)].sort((a, b) => a - b).join(' / ').padEnd(8)} CPU per call: median ${median(v.cpu).toFixed(2)} ms, mean ${(v.cpu.reduce((a, b) => a + b, 0) / v.cpu.length).toFixed(2)} ms`);
    }
  } finally {
    await cloud.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
