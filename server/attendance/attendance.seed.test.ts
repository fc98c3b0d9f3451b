/** The demo attendance/credit history builds on the school and course seeds, is consistent and idempotent. */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedSchool, SCHOOL_SEED } from '../school/school.seed';
import { seedCourses } from '../course/course.seed';
import { seedAttendance } from './attendance.seed';
import type { AttendanceDoc } from '../../types/attendance/attendance.schema';
import type { ArchiveOutput, CreditLedgerDoc } from '../../types/credit/credit.schema';
import type { Result } from '../../types/common/result';
import type { DashboardOutput } from '../../types/oversight/oversight.schema';
import { termOf } from '../../types/credit/credit.rules';
import { seedOversight } from '../oversight/oversight.seed';

jest.setTimeout(120_000);
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedSchool(cloud.db);
  await seedCourses(cloud.db);
});
afterAll(async () => {
  await cloud?.close();
});

it('writes registers, lessons, ledger and settings; the ledger equals the records; a second run writes nothing', async () => {
  const first = await seedAttendance(cloud.db);
  expect(first.attendance_records).toBeGreaterThan(50);
  expect(first.online_lessons).toBe(6);
  expect(first.lesson_progress).toBeGreaterThan(10);
  expect(first.credit_settings).toBe(2);

  const records = (await cloud.db.collection<AttendanceDoc>('attendance_records').limit(1000).get()).data;
  const ledger = (await cloud.db.collection<CreditLedgerDoc>('credit_ledger').limit(1000).get()).data;
  expect(new Set(records.map((r) => r.status))).toEqual(new Set(['present', 'late', 'left_early', 'excused', 'absent']));
  const bySource = new Map(ledger.filter((e) => e.source === 'attendance').map((e) => [`${e.sourceId}_${e.familyId}`, e.hours]));
  for (const r of records) expect([r._id, bySource.get(r._id) ?? 0]).toEqual([r._id, r.creditedHours]);
  for (const r of records.filter((x) => x.status === 'excused')) expect(r.reason).toBeTruthy();

  const second = await seedAttendance(cloud.db);
  expect(Object.values(second).every((n) => n === 0)).toBe(true);
});

it('demo-parent-001 has a 学习档案 with hours and a Guangzhou profile', async () => {
  const r = (await cloud.call('credit', SCHOOL_SEED.parentOpenid(1), 'myArchive', {})) as Result<ArchiveOutput>;
  if (!r.ok) throw new Error(r.error.code);
  expect(r.data.yearTotals.hours).toBeGreaterThan(0);
  expect(r.data.ledger.length).toBeGreaterThan(0);
  expect(r.data.profile.id).toBe('guangzhou');
});

it("school A's demo dashboard shows a spread against 广州方案: some families meet the goal, more do not, in every grade with families", async () => {
  await seedOversight(cloud.db);
  const r = (await cloud.call('oversight', 'demo-principal-001', 'dashboard', { scope: { kind: 'school', schoolId: SCHOOL_SEED.schoolA }, term: termOf(new Date()).term })) as Result<DashboardOutput>;
  if (!r.ok) throw new Error(r.error.code);
  const goal = r.data.figures.find((f) => f.key === 'familiesMeetingGoal')!;
  expect(goal.of).toBeGreaterThan(10);
  // between a fifth and two thirds of the families: neither 0 nor everyone
  expect(goal.value).toBeGreaterThanOrEqual(Math.ceil(goal.of! * 0.2));
  expect(goal.value).toBeLessThanOrEqual(Math.floor(goal.of! * 0.67));
  expect(goal.met).toBe(false);
  const grades = r.data.units.filter((u) => u.families > 0);
  expect(grades.length).toBeGreaterThan(1);
  for (const g of grades) expect([g.label, g.familiesMeetingGoal < g.families]).toEqual([g.label, true]);
  expect(grades.some((g) => g.familiesMeetingGoal > 0)).toBe(true);
  // demo-parent-001's family keeps only its recorded history (no spread entry).
  const mine = (await cloud.call('credit', SCHOOL_SEED.parentOpenid(1), 'myArchive', {})) as Result<ArchiveOutput>;
  if (!mine.ok) throw new Error(mine.error.code);
  expect(mine.data.ledger.some((e) => e.id.endsWith('_seed-offline'))).toBe(false);
});
