/**
 * The enrolment rush, measured:
 *   1,000 families enrol at once on a 50-seat course through the app's front door
 *   (POST /functions/course, dev tokens) — wall time, calls/s, p50/p99 latency, DB operations per
 *   enrol (counted by the local cloud) — and, in the same run, the FLOOR: the same DB operations
 *   issued directly through wx-server-sdk with no function around them (actor read + the same
 *   single-document transaction), on a second 50-seat course.
 *
 *   npx tsx bench/course-rush.ts [families=1000] [capacity=50]
 */
import { buildFunctions } from '../scripts/build-functions';
import { startTestCloud } from '../test/helpers/local-cloud';
import { userIdFor } from '../server/access/actor';
import type { CourseDoc, CourseMutationOutput, EnrollOutput } from '../types/course/course.schema';
import type { Result } from '../types/common/result';
import { isFull } from '../types/course/course.rules';
import { CLASS_A71, GRADE_A7, SCHOOL_A, TEACHER_A, childIdOf, courseInput, invariantProblems, parentOpenid, putParents, putStaff } from '../server/course/test-fixtures';

const N = Number(process.argv[2] ?? 1000);
const CAPACITY = Number(process.argv[3] ?? 50);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  process.env.TZ = 'Asia/Shanghai';
  await buildFunctions(['course']);
  const cloud = await startTestCloud();
  const db = cloud.db;
  await putStaff(db);
  await putParents(db, 0, N, { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });

  const newCourse = async () => {
    const r = await cloud.call<CourseMutationOutput>('course', TEACHER_A, 'create', courseInput({ capacity: CAPACITY, seatsPerFamily: 1 }));
    if (!r.ok) throw new Error(r.error.code);
    const p = await cloud.call('course', TEACHER_A, 'publish', { courseId: r.data.course.courseId });
    if (!p.ok) throw new Error(p.error.code);
    return r.data.course.courseId;
  };
  const viaFunction = await newCourse();
  const direct = await newCourse();
  const tokens = Array.from({ length: N }, (_, i) => cloud.cloud.devToken(parentOpenid(i)));

  // warm up the function (bundle load, SDK init) and the HTTP path
  await cloud.call('course', parentOpenid(0), 'detail', { courseId: viaFunction });

  // ---------------------------------------------------------------- through the function
  cloud.cloud.db.resetStats();
  const lat: number[] = [];
  const t0 = performance.now();
  const results = await Promise.all(
    tokens.map(async (token, i) => {
      const s = performance.now();
      const res = await fetch(`${cloud.url}/functions/course`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ action: 'enroll', input: { courseId: viaFunction, childId: childIdOf(i) } }),
      });
      const body = (await res.json()) as Result<EnrollOutput>;
      lat.push(performance.now() - s);
      return body;
    }),
  );
  const wall = performance.now() - t0;
  const fnStats = cloud.cloud.db.stats();
  const errors = results.filter((r) => !r.ok).length;
  const enrolled = results.filter((r) => r.ok && r.data.status === 'enrolled').length;
  const waitlisted = results.filter((r) => r.ok && r.data.status === 'waitlisted').length;

  // ---------------------------------------------------------------- the floor: same DB ops, no function
  cloud.cloud.db.resetStats();
  const flat: number[] = [];
  const f0 = performance.now();
  let floorErrors = 0;
  await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const s = performance.now();
      try {
        const openid = parentOpenid(i);
        // the actor read (as server/access/actor.ts does it)
        const u = await db.collection('users').where({ _id: userIdFor(openid) }).limit(1).get();
        const child = u.data[0].children[0];
        await db.runTransaction(async (t) => {
          const c = (await t.collection<CourseDoc>('courses').doc(direct).get()).data;
          const seat = c.waitlistFamilies === 0 && c.enrolledSeats < c.capacity;
          const next = { ...c, seq: c.seq + 1, enrolledSeats: c.enrolledSeats + (seat ? 1 : 0), enrolledFamilies: c.enrolledFamilies + (seat ? 1 : 0), waitlistFamilies: c.waitlistFamilies + (seat ? 0 : 1) };
          const now = new Date();
          await Promise.all([
            t.collection('enrollments').add({
              data: { _id: `${direct}_${child.childId}`, courseId: direct, schoolId: c.schoolId, semester: c.semester, familyId: child.childId, childSchoolId: child.schoolId, gradeId: child.gradeId, classId: child.classId, childName: child.childName, userId: userIdFor(openid), openid, seats: 1, status: seat ? 'enrolled' : 'waitlisted', seq: next.seq, createdAt: now, updatedAt: now },
            }),
            t.collection('courses').doc(direct).update({ data: { seq: next.seq, enrolledSeats: next.enrolledSeats, enrolledFamilies: next.enrolledFamilies, waitlistFamilies: next.waitlistFamilies, full: isFull(next), updatedAt: now } }),
          ]);
        }, 1);
      } catch {
        floorErrors++;
      }
      flat.push(performance.now() - s);
    }),
  );
  const floorWall = performance.now() - f0;
  const floorStats = cloud.cloud.db.stats();

  const problems = [...(await invariantProblems(db, viaFunction)), ...(await invariantProblems(db, direct))];
  lat.sort((a, b) => a - b);
  flat.sort((a, b) => a - b);
  const fnRate = N / (wall / 1000);
  const floorRate = N / (floorWall / 1000);
  const f = (x: number) => x.toFixed(1);
  console.log(`\ncourse rush — ${N} families, ${CAPACITY} seats, ${new Date().toISOString()}`);
  console.log(`through POST /functions/course: wall ${f(wall)} ms, ${f(fnRate)} calls/s, p50 ${f(pct(lat, 50))} ms, p99 ${f(pct(lat, 99))} ms, max ${f(lat[lat.length - 1])} ms`);
  console.log(`  outcome: ${enrolled} enrolled, ${waitlisted} waitlisted, ${errors} errors`);
  console.log(`  DB operations: ${fnStats.ops} = ${(fnStats.ops / N).toFixed(2)} per enrol  ${JSON.stringify(fnStats.byAction)}`);
  console.log(`floor (same DB ops via the SDK, no function): wall ${f(floorWall)} ms, ${f(floorRate)} ops-sets/s, p50 ${f(pct(flat, 50))} ms, p99 ${f(pct(flat, 99))} ms, ${floorErrors} errors`);
  console.log(`  DB operations: ${floorStats.ops} = ${(floorStats.ops / N).toFixed(2)} per enrol  ${JSON.stringify(floorStats.byAction)}`);
  console.log(`function throughput = ${((fnRate / floorRate) * 100).toFixed(0)} % of the floor (goal ≥ 50 %); DB operations per enrol ${(fnStats.ops / N).toFixed(2)}`);
  console.log('  sequential DB round trips per enrol: 5 (actor read → startTransaction → get course → [add enrolment ‖ update course] → commit); why not 5 operations: docs/course-enrolment.md');
  console.log(`invariants: ${problems.length ? problems.join('; ') : 'hold on both courses'}`);
  await cloud.close();
  if (errors || floorErrors || problems.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
