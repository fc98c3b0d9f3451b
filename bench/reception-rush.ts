/**
 * 家长接待日, measured through the app's front door (POST /functions/reception, dev tokens):
 *  1. 200 parents at once on 20 slots × 10 places, "任意" receptionist — wall time, p50/p99,
 *     errors (must be 0), DB operations per booking, slot invariant;
 *  2. 200 parents at once on 20 one-place slots, 10 per slot — exactly 20 booked, 180 "full";
 *  3. 1,000 families at once on a 开放周 of 10 activities × 100 places (family i → activity i mod 10):
 *     exactly 1,000 signed, 0 errors, p50/p99;
 *  4. the leaders' open-cases list of a school with 2,000 cases — p50/p99 of 30 calls.
 *
 *   npx tsx bench/reception-rush.ts [parents=200] [openDayFamilies=1000] [only=open]
 * (`open` runs only the open-day rush, repeated REPEAT times, default 1)
 */
import { loadavg } from 'os';
import { buildFunctions } from '../scripts/build-functions';
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';
import type { Result } from '../types/common/result';
import type { ReceptionCaseDoc } from '../types/reception/reception.schema';
import { newCase } from '../server/reception/case-builder';
import { CLASS_A71, GRADE_A7, PRINCIPAL, SCHOOL_A, allOf, childIdOf, dateIn, parentOpenid, publishInput, putParents, putReceptionStaff, slotProblems } from '../server/reception/test-fixtures';

const N = Number(process.argv[2] ?? 200);
const M = Number(process.argv[3] ?? 1000);
const ONLY_OPEN = process.argv[4] === 'open';
const REPEAT = Number(process.env.REPEAT ?? 1);

let reconnects = 0;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function front<T>(cloud: TestCloud, token: string, action: string, input: unknown) {
  const s = performance.now();
  let res: Response | undefined;
  // A refused TCP connection (the OS backlog of a one-process local cloud under 1,000 at once) is
  // retried and counted; it never reached the function.
  for (let attempt = 0; !res; attempt++) {
    try {
      res = await fetch(`${cloud.url}/functions/reception`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ action, input }) });
    } catch (e) {
      if (attempt >= 3) throw e;
      reconnects++;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const body = (await res.json()) as Result<T>;
  return { body, ms: performance.now() - s };
}

/** Fires every parent's call at once; answers the timing line (wall, calls/s, p50, p99) and the outcomes line (codes, DB ops). */
async function burst<T>(cloud: TestCloud, tokens: string[], call: (token: string, i: number) => Promise<{ body: Result<T>; ms: number }>) {
  cloud.cloud.db.resetStats();
  const t0 = performance.now();
  const out = await Promise.all(tokens.map(call));
  const wall = performance.now() - t0;
  const ops = cloud.cloud.db.stats().ops;
  const lat = out.map((o) => o.ms).sort((a, b) => a - b);
  const codes: Record<string, number> = {};
  for (const o of out) {
    const raw = o.body as unknown as { ok?: boolean; error?: { code: string }; code?: string };
    const c = raw.ok ? 'OK' : raw.error?.code ?? `HTTP:${raw.code}`;
    codes[c] = (codes[c] ?? 0) + 1;
  }
  const timing = `wall ${ms(wall)} · ${(tokens.length / (wall / 1000)).toFixed(0)} calls/s · p50 ${ms(pct(lat, 50))} · p99 ${ms(pct(lat, 99))}`;
  const outcomes = `outcomes ${JSON.stringify(codes)} · DB ops ${ops} (${(ops / tokens.length).toFixed(1)} per call)`;
  return { timing, outcomes };
}

async function rush(cloud: TestCloud, label: string, dayOffset: number, places: number, pick: (i: number, slots: string[]) => Record<string, unknown>) {
  const r = await cloud.call<{ dayIds: string[] }>('reception', PRINCIPAL, 'publishDays', publishInput({ title: label, rule: { kind: 'dates', dates: [dateIn(dayOffset)] }, startTime: '14:00', endTime: '16:00', slotMinutes: 12, placesPerSlot: places }));
  if (!r.ok) throw new Error(r.error.code);
  const dayId = r.data.dayIds[0];
  const slots = (await allOf<{ _id: string }>(cloud.db, 'reception_slots', { dayId })).map((s) => s._id);
  const tokens = Array.from({ length: N }, (_, i) => cloud.cloud.devToken(parentOpenid(i)));
  const { timing, outcomes } = await burst(cloud, tokens, (t, i) => front(cloud, t, 'book', { dayId, childId: childIdOf(i), topic: '学习', description: '想了解孩子最近的学习状态', ...pick(i, slots) }));
  const problems = await slotProblems(cloud.db, dayId);
  console.log(`\n${label}: ${N} parents, ${slots.length} slots × ${places}`);
  console.log(`  ${timing}`);
  console.log(`  ${outcomes} · slot invariant ${problems.length ? problems.join('; ') : 'OK'}`);
}

async function main() {
  process.env.TZ = 'Asia/Shanghai';
  await buildFunctions(['reception']);
  const cloud = await startTestCloud();
  await putReceptionStaff(cloud.db);
  await putParents(cloud.db, 0, Math.max(N, M), { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });
  await cloud.call('reception', PRINCIPAL, 'listCases', { schoolId: SCHOOL_A }); // warm up

  if (!ONLY_OPEN) {
    await rush(cloud, '任意接待人抢约', 5, 10, () => ({ staffId: 'any' }));
    await rush(cloud, '一对一时段抢约', 6, 1, (i, slots) => ({ slotId: slots[i % slots.length] }));
  }

  // 开放周: M families on 10 activities.
  for (let round = 0; round < REPEAT; round++) {
    const activities = Array.from({ length: 10 }, (_, k) => ({ kind: '参与课堂听课', title: `课堂开放 ${k + 1}`, date: dateIn(9 + round), startTime: '09:00', endTime: '10:00', place: `教室${k + 1}`, places: Math.ceil(M / 10) }));
    const ev = await cloud.call<{ eventId: string }>('reception', PRINCIPAL, 'publishOpenEvent', { schoolId: SCHOOL_A, title: '开放周', kind: 'week', activities });
    if (!ev.ok) throw new Error(ev.error.code);
    const acts = (await allOf<{ _id: string; placesLeft: number; holders: string[]; places: number }>(cloud.db, 'open_activities', { eventId: ev.data.eventId })).map((a) => a._id);
    const tokens = Array.from({ length: M }, (_, i) => cloud.cloud.devToken(parentOpenid(i)));
    const { timing, outcomes } = await burst(cloud, tokens, (t, i) => front(cloud, t, 'signUp', { activityId: acts[i % 10], childId: childIdOf(i) }));
    const after = await allOf<{ placesLeft: number; holders: string[]; places: number }>(cloud.db, 'open_activities', { eventId: ev.data.eventId });
    const bad = after.filter((a) => a.placesLeft < 0 || a.placesLeft + a.holders.length !== a.places).length;
    const signed = (await cloud.db.collection('open_signups').where({ eventId: ev.data.eventId, status: 'signed' }).count()).total;
    console.log(`\n开放周报名: ${M} families, 10 activities × ${Math.ceil(M / 10)}`);
    console.log(`  ${timing}`);
    console.log(`  ${outcomes} · activities out of balance ${bad} · signed records ${signed} · TCP reconnects ${reconnects} · load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  }
  if (ONLY_OPEN) {
    await cloud.close();
    return;
  }

  // 2,000 cases of one school, a quarter of them still open.
  const now = Date.now();
  const docs: ReceptionCaseDoc[] = Array.from({ length: 2000 }, (_, i) => {
    const at = new Date(now - i * 60_000);
    return newCase(
        {
          _id: `bench_case_${String(i).padStart(4, '0')}`,
          kind: i % 3 ? 'booking' : 'suggestion',
          schoolId: SCHOOL_A,
          familyId: childIdOf(i % N),
          childName: `学生${i % N}`,
          gradeId: GRADE_A7,
          classId: CLASS_A71,
          userId: `u${i}`,
          openid: '',
          topic: '学习',
          description: `第${i}件事项`,
          status: i % 4 === 0 ? 'open' : i % 4 === 1 ? 'reopened' : 'closed',
          dueAt: new Date(now + ((i % 7) - 3) * 86400_000),
        },
        at,
      );
  });
  for (let i = 0; i < docs.length; i += 50) await Promise.all(docs.slice(i, i + 50).map(({ _id, ...d }) => cloud.db.collection('reception_cases').doc(_id!).set({ data: d })));
  const token = cloud.cloud.devToken(PRINCIPAL);
  for (const filter of ['open', 'overdue'] as const) {
    const lat: number[] = [];
    let errors = 0;
    let items = 0;
    for (let k = 0; k < 30; k++) {
      const r = await front<{ items: unknown[]; counts: Record<string, number> }>(cloud, token, 'listCases', { schoolId: SCHOOL_A, filter });
      lat.push(r.ms);
      if (!r.body.ok) errors++;
      else items = r.body.data.items.length;
    }
    lat.sort((a, b) => a - b);
    console.log(`\nleaders' list (${filter}) of a school with 2,000 cases: 30 calls · p50 ${ms(pct(lat, 50))} · p99 ${ms(pct(lat, 99))} · ${items} items/page · errors ${errors}`);
  }
  await cloud.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
