/**
 * Export figures through the real export function on the local cloud (in-memory SQLite), for one
 * school year of one school, seeded directly in the database (batch inserts through the SDK):
 *
 *   npx tsx bench/export.ts [--families 3000] [--sessions 500] [--ledger 300000]
 *
 * 3,000 families in 12 classes, 100 courses × 5 sessions, ≈100,000 attendance records (200
 * enrolled families per course), ≈300,000 ledger entries, 2,000 reception cases, 3,000 visits and
 * 3,000 certificates. Prints each export's wall time as the client sees it (start → the last
 * continueExport), the number of calls, the slowest call (the one writing the workbook), rows and
 * bytes; goal ≤ 60 s for the whole year in all.
 */
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';
import { seedSchool, SCHOOL_SEED } from '../server/school/school.seed';
import { termOf } from '../types/credit/credit.rules';
import type { ExportJobView, ExportKind } from '../types/export/export.schema';
import type { Result } from '../types/common/result';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const A = SCHOOL_SEED.schoolA;
const PRINCIPAL = 'demo-principal-001';
const DAY = 86400_000;

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}

/** Batch inserts (the SDK's add with an array), small enough for the local cloud's request limit. */
async function insert(cloud: TestCloud, coll: string, docs: Record<string, unknown>[]) {
  const t = performance.now();
  for (let i = 0; i < docs.length; i += 250) await cloud.db.collection(coll).add({ data: docs.slice(i, i + 250) as never });
  console.log(`  seeded ${docs.length} ${coll} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function main() {
  const families = arg('families', 3000);
  const sessionsWanted = arg('sessions', 500);
  const ledgerWanted = arg('ledger', 300000);
  const cloud = await startTestCloud();
  const t0 = performance.now();
  await seedSchool(cloud.db);
  const year = termOf(new Date(Date.now() - 365 * DAY)).schoolYear; // last school year: every session is past
  const y = Number(year.slice(0, 4));
  const classes = (await cloud.db.collection('classes').where({ schoolId: A }).limit(100).get()).data as { _id: string; gradeId: string }[];
  const kids = Array.from({ length: families }, (_, i) => {
    const c = classes[i % classes.length];
    return { _id: `bk${String(i).padStart(5, '0')}`, schoolId: A, gradeId: c.gradeId, classId: c._id, name: `学生${i}`, guardianCount: 1, createdAt: new Date(`${y}-09-01T08:00:00+08:00`) };
  });
  await insert(cloud, 'children', kids);

  const perCourse = 5;
  const courses = Math.ceil(sessionsWanted / perCourse);
  const yearStart = new Date(`${y}-09-08T19:00:00+08:00`).getTime();
  const courseDocs: Record<string, unknown>[] = [];
  const enrollments: Record<string, unknown>[] = [];
  const records: Record<string, unknown>[] = [];
  const ledger: Record<string, unknown>[] = [];
  const statuses = ['present', 'present', 'present', 'late', 'left_early', 'excused', 'absent'] as const;
  for (let c = 0; c < courses; c++) {
    const id = `bc${String(c).padStart(4, '0')}`;
    const sessions = Array.from({ length: perCourse }, (_, k) => {
      const startAt = new Date(yearStart + (c * 3 + k * 7) * DAY * 0.6);
      return { sessionId: `${id}-s${k + 1}`, startAt, endAt: new Date(startAt.getTime() + 90 * 60_000), classHours: 2 };
    });
    const semester = termOf(sessions[0].startAt).term;
    const termOfSession = sessions.map((s) => termOf(s.startAt).term);
    courseDocs.push({
      _id: id, schoolId: A, title: `家长课程${c + 1}`, summary: '', form: '专题讲座', topics: ['家风家教'], audience: { kind: 'school' }, audienceKeys: [`school:${A}`],
      speaker: { kind: 'expert', name: '专家', title: '讲师' }, mode: { kind: 'offline', place: '报告厅' }, sessions, startAt: sessions[0].startAt, endAt: sessions[perCourse - 1].endAt,
      totalClassHours: 2 * perCourse, classHourRule: { minutesPerClassHour: 45, rounding: 'half' }, capacity: 300, seatsPerFamily: 1, enrollOpensAt: new Date(yearStart - 30 * DAY), enrollClosesAt: sessions[0].startAt,
      cancelDeadline: sessions[0].startAt, semester, status: 'finished', enrolledSeats: 200, enrolledFamilies: 200, waitlistFamilies: 0, full: false, seq: 0, createdBy: 'bench', createdAt: new Date(yearStart - 30 * DAY), updatedAt: new Date(yearStart - 30 * DAY),
    });
    for (let f = 0; f < 200; f++) {
      const kid = kids[(c * 37 + f * 13) % families];
      enrollments.push({ _id: `${id}_${kid._id}`, courseId: id, schoolId: A, semester, familyId: kid._id, childSchoolId: A, gradeId: kid.gradeId, classId: kid.classId, childName: kid.name, userId: 'u', openid: 'o', seats: 1, status: 'enrolled', seq: f, createdAt: new Date(), updatedAt: new Date() });
      for (const [k, s] of sessions.entries()) {
        const status = statuses[(f + c) % statuses.length];
        const hours = status === 'present' || status === 'late' ? 2 : 0;
        records.push({ _id: `${s.sessionId}_${kid._id}`, sessionId: s.sessionId, courseId: id, schoolId: A, classId: kid.classId, familyId: kid._id, status, reason: status === 'excused' ? '出差' : null, method: 'qr', creditedHours: hours, creditedSessions: hours ? 1 : 0, creditedCollective: 0, durationMinutes: 90, rev: 1, checkedInAt: hours ? s.startAt : null, createdAt: s.startAt, updatedAt: s.startAt, updatedBy: 'bench' });
        if (hours) ledger.push({ _id: `attendance_${s.sessionId}_${kid._id}`, schoolId: A, familyId: kid._id, classId: kid.classId, source: 'attendance', sourceId: s.sessionId, title: '课程', hours, sessions: 1, collective: 0, term: termOfSession[k], schoolYear: year, occurredAt: s.startAt, createdAt: s.startAt, operatorUserId: 'bench', reason: null });
      }
    }
  }
  const dayTerms = Array.from({ length: 300 }, (_, d) => termOf(new Date(yearStart + d * DAY)).term);
  for (let i = 0; ledger.length < ledgerWanted; i++) {
    const kid = kids[i % families];
    const at = new Date(yearStart + (i % 300) * DAY);
    ledger.push({ _id: `lesson_bl${i}_${kid._id}`, schoolId: A, familyId: kid._id, classId: kid.classId, source: 'lesson', sourceId: `bl${i}`, title: '微课', hours: 0.5, sessions: 1, collective: 0, term: dayTerms[i % 300], schoolYear: year, occurredAt: at, createdAt: at, operatorUserId: 'bench', reason: null });
  }
  await insert(cloud, 'courses', courseDocs);
  await insert(cloud, 'enrollments', enrollments);
  await insert(cloud, 'attendance_records', records);
  await insert(cloud, 'credit_ledger', ledger);
  const cases = Array.from({ length: 2000 }, (_, i) => {
    const kid = kids[(i * 7) % families];
    const at = new Date(yearStart + (i % 280) * DAY);
    return { _id: `bcase${i}`, kind: i % 3 ? 'booking' : 'suggestion', schoolId: A, familyId: kid._id, childName: kid.name, gradeId: kid.gradeId, classId: kid.classId, userId: 'u', openid: 'o', topic: '学习', description: `事由${i}`, hideFromClassTeacher: false, receptionist: null, assigneeStaffId: null, outcome: null, followUpDoneAt: null, followUpNote: null, rating: null, status: 'open', reopenReason: null, reopenedAt: null, dueAt: null, closedReason: null, closedBy: null, closedAt: null, dayId: null, version: 1, createdAt: at, updatedAt: at };
  });
  await insert(cloud, 'reception_cases', cases);
  const visits = kids.map((kid, i) => ({ _id: `bv${i}`, schoolId: A, gradeId: kid.gradeId, classId: kid.classId, schoolYear: year, childIds: [kid._id], date: `${y}-${String(9 + (i % 4)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, form: '入户', participants: ['班主任'], topics: ['学习'], notes: '家访记录', followUps: [], recordedBy: 'u', recordedByStaffId: null, createdAt: new Date() }));
  await insert(cloud, 'home_visits', visits);
  const certs = kids.map((kid, i) => ({ _id: `${year}_${kid._id}_u_1`, holderKey: `${year}_${kid._id}_u`, rev: 1, schoolId: A, schoolYear: year, familyId: kid._id, userId: 'u', classId: kid.classId, gradeId: kid.gradeId, status: 'valid', runId: 'bench', claimedAt: new Date(), seq: i + 1, number: `${y}-BJSX-${String(i + 1).padStart(5, '0')}`, holderName: `家长${i}`, hours: 10, sessions: 5, starLevel: 2, issuedAt: new Date(), issuedBy: 'u' }));
  await insert(cloud, 'certificates', certs);
  console.log(`seeded ${families} families, ${courses} courses / ${courses * perCourse} sessions, ${enrollments.length} enrolments, ${records.length} attendance records, ${ledger.length} ledger entries, ${cases.length} cases, ${visits.length} visits, ${certs.length} certificates in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const runs: { kind: ExportKind; extra?: Record<string, unknown>; label: string }[] = [
    { kind: 'attendance', label: '考勤登记 (whole year, all courses)' },
    { kind: 'attendance', extra: { courseId: 'bc0000' }, label: '考勤登记 (one course)' },
    { kind: 'hours', label: '家庭学时 (300k ledger entries)' },
    { kind: 'archive', extra: { courseId: 'bc0000' }, label: '完整档案 (one course)' },
    { kind: 'reception', label: '接待与意见建议' },
    { kind: 'visits', label: '家访' },
    { kind: 'certificates', label: '结业证书' },
  ];
  let total = 0;
  console.log('\nexport                                   wall s   calls  slowest call ms  rows     KB');
  for (const r of runs) {
    const started = performance.now();
    let slowest = 0;
    const timed = async <T>(p: () => Promise<T>) => {
      const s = performance.now();
      const v = await p();
      slowest = Math.max(slowest, performance.now() - s);
      return v;
    };
    let v = ok(await timed(() => cloud.call<ExportJobView>('export', PRINCIPAL, 'startExport', { kind: r.kind, scope: { kind: 'school', schoolId: A }, schoolYear: year, ...r.extra })));
    let calls = 1;
    while (v.status === 'running') {
      const id = v.jobId;
      const before = performance.now();
      v = ok(await timed(() => cloud.call<ExportJobView>('export', PRINCIPAL, 'continueExport', { jobId: id })));
      calls++;
      if (process.env.BENCH_TRACE) console.log(`    call ${calls}: ${(performance.now() - before).toFixed(0)} ms, progress ${v.progress}, rows read ${v.rowsRead}`);
    }
    if (v.status !== 'done') throw new Error(`${r.label}: ${v.errorMessage}`);
    const wall = (performance.now() - started) / 1000;
    total += wall;
    console.log(`${r.label.padEnd(40)} ${wall.toFixed(1).padStart(6)} ${String(calls).padStart(7)} ${slowest.toFixed(0).padStart(16)}  ${String(v.rows).padStart(7)} ${String(Math.round((v.bytes ?? 0) / 1024)).padStart(6)}`);
  }
  console.log(`\nall exports of the year: ${total.toFixed(1)} s (goal ≤ 60 s)`);
  await cloud.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
