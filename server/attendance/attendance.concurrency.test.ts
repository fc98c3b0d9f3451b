/**
 * The attendance write paths under concurrency, on the local cloud's database semantics (snapshot
 * isolation, the second writer of a document conflicts): check-in (many parents, double scans, two
 * guardians of one family), roster corrections of one record, a correction racing the parent's
 * scan, online lesson completion. Each test asserts its invariant and that no caller got an error
 * it could not act on. Real function bundles, real wx-server-sdk.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { SCHOOL_A, TEACHER_A, ADMIN_A, childId, code, enrolAll, ok, parentOpenid, putCourse, putUser, seedPeople } from './test-fixtures';
import type { Result } from '../../types/common/result';
import type { AttendanceCorrectionDoc, AttendanceDoc, AttendanceStatus, CheckInOutput, CurrentTokenView, RosterRow } from '../../types/attendance/attendance.schema';
import type { CreditLedgerDoc } from '../../types/credit/credit.schema';

jest.setTimeout(120_000);

const COURSE = 'cc-course';
const SESSION = `${COURSE}-s1`;
const N = 50;
/** A second guardian of family i (i ≤ 10). */
const secondOpenid = (i: number) => `cc-second-${i}`;

let cloud: TestCloud;
const att = <T = unknown>(openid: string, action: string, input: unknown) => cloud.call<T>('attendance', openid, action, input);
const all = async <T>(coll: string, where: Record<string, unknown>) => (await cloud.db.collection(coll).where(where).limit(1000).get()).data as T[];
const UNEXPECTED = ['CONFLICT', 'INTERNAL', 'FUNCTION_TIMEOUT'];
const unexpected = (rs: Result<unknown>[]) => rs.map(code).filter((c) => UNEXPECTED.includes(c));

/** One history per record: revisions 1..rev without gaps, each starting where the last ended; the ledger sums to the record. */
async function recordConsistent(familyId: string): Promise<AttendanceDoc> {
  const id = `${SESSION}_${familyId}`;
  const rec = (await all<AttendanceDoc>('attendance_records', { _id: id }))[0];
  const history = (await all<AttendanceCorrectionDoc>('attendance_corrections', { attendanceId: id })).sort((a, b) => a.rev - b.rev);
  const ledger = await all<CreditLedgerDoc>('credit_ledger', { familyId, sourceId: SESSION });
  expect(history.map((h) => h.rev)).toEqual(Array.from({ length: rec.rev }, (_, k) => k + 1));
  for (let k = 1; k < history.length; k++) expect([history[k].rev, history[k].from]).toEqual([history[k].rev, history[k - 1].to]);
  if (history.length) expect(history[history.length - 1].to).toBe(rec.status);
  expect(ledger.reduce((s, e) => s + e.hours, 0)).toBeCloseTo(rec.creditedHours, 6);
  expect(new Set(ledger.map((e) => e._id)).size).toBe(ledger.length);
  return rec;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedPeople(cloud.db, N);
  for (let i = 1; i <= 10; i++) {
    await putUser(cloud.db, secondOpenid(i), [{ schoolId: SCHOOL_A, roles: ['parent'], positions: [] }], [
      { childId: childId(i), schoolId: SCHOOL_A, gradeId: 'fx-grade-7', classId: i % 2 ? 'fx-class-a1' : 'fx-class-a2', childName: `学生${i}`, relation: '父亲' },
    ]);
  }
  // Started 5 minutes ago, 90 minutes long: 2 class hours.
  await putCourse(cloud.db, { courseId: COURSE, startAt: new Date(Date.now() - 5 * 60_000) });
  await enrolAll(cloud.db, COURSE, 1, N);
});
afterAll(async () => {
  await cloud?.close();
});

describe('check-in', () => {
  it('the teacher and the admin opening check-in at once (double taps too): one window, one code for all', async () => {
    const rs = await Promise.all(Array.from({ length: 6 }, (_, k) => att<{ shortCode: string }>(k % 2 ? TEACHER_A : ADMIN_A, 'openCheckin', { sessionId: SESSION, stepSeconds: 60 })));
    expect(rs.map(code)).toEqual(Array(6).fill('OK'));
    const stored = (await all<{ shortCode: string; secret: string }>('checkin_windows', { _id: SESSION }))[0];
    expect(new Set(rs.map((r) => ok(r).shortCode))).toEqual(new Set([stored.shortCode]));
    // closed and reopened by both at once: again one window (a new secret), the same for both
    ok(await att(TEACHER_A, 'closeCheckin', { sessionId: SESSION }));
    const again = await Promise.all(Array.from({ length: 4 }, (_, k) => att<{ shortCode: string }>(k % 2 ? TEACHER_A : ADMIN_A, 'openCheckin', { sessionId: SESSION, stepSeconds: 60 })));
    expect(again.map(code)).toEqual(Array(4).fill('OK'));
    const reopened = (await all<{ shortCode: string; secret: string; status: string }>('checkin_windows', { _id: SESSION }))[0];
    expect(reopened.status).toBe('open');
    expect(reopened.secret).not.toBe(stored.secret);
    expect(new Set(again.map((r) => ok(r).shortCode))).toEqual(new Set([reopened.shortCode]));
  });

  it(`${N} parents scanning at once, each twice, and second guardians of ten families too: one record and one credit per family, no errors`, async () => {
    const t = ok(await att<CurrentTokenView>(TEACHER_A, 'currentToken', { sessionId: SESSION }));
    const calls: { familyId: string; p: Promise<Result<CheckInOutput>> }[] = [];
    for (let i = 1; i <= N; i++) {
      for (let k = 0; k < 2; k++) calls.push({ familyId: childId(i), p: att<CheckInOutput>(parentOpenid(i), 'checkIn', { code: t.token }) });
      if (i <= 10) calls.push({ familyId: childId(i), p: att<CheckInOutput>(secondOpenid(i), 'checkIn', { code: t.token }) });
    }
    const rs = await Promise.all(calls.map((c) => c.p));
    expect(unexpected(rs)).toEqual([]);
    expect(rs.map(code).filter((c) => c !== 'OK')).toEqual([]);
    const created = new Map<string, number>();
    rs.forEach((r, k) => {
      const item = ok(r).items[0];
      expect(item).toMatchObject({ familyId: calls[k].familyId, status: 'present', creditedHours: 2 });
      if (item.created) created.set(item.familyId, (created.get(item.familyId) ?? 0) + 1);
    });
    expect([...created.values()]).toEqual(Array(N).fill(1));
    const records = await all<AttendanceDoc>('attendance_records', { sessionId: SESSION });
    const ledger = await all<CreditLedgerDoc>('credit_ledger', { sourceId: SESSION, source: 'attendance' });
    expect(records).toHaveLength(N);
    expect(ledger).toHaveLength(N);
    expect(new Set(ledger.map((e) => e.familyId))).toEqual(new Set(records.map((r) => r.familyId)));
  });
});

describe('roster corrections', () => {
  const statuses: { status: AttendanceStatus; reason?: string }[] = [
    { status: 'late' },
    { status: 'absent' },
    { status: 'left_early', reason: '家中有事' },
    { status: 'excused', reason: '孩子生病' },
    { status: 'present' },
    { status: 'absent', reason: '未到场' },
  ];

  it('four corrections of one record at once (two teachers, double taps), for six families at once: one history each, the ledger equals the records', async () => {
    const families = [1, 2, 3, 4, 5, 6].map(childId);
    const calls = families.flatMap((familyId, f) =>
      Array.from({ length: 4 }, (_, j) => j + f).map((k) => att<RosterRow>(k % 2 ? TEACHER_A : ADMIN_A, 'correctRoster', { sessionId: SESSION, familyId, ...statuses[k % statuses.length] })),
    );
    const rs = await Promise.all(calls);
    expect(unexpected(rs)).toEqual([]);
    expect(rs.map(code).filter((c) => c !== 'OK')).toEqual([]);
    for (const familyId of families) {
      const rec = await recordConsistent(familyId);
      // every correction that changed something is one revision (a repeat of the current status is none)
      expect(rec.rev).toBeGreaterThanOrEqual(1);
    }
  });

  it("a teacher's corrections racing the parent's scan of an unmarked family: consistent, credited by the ledger exactly as recorded", async () => {
    for (const i of [41, 42, 43, 44]) {
      const t = ok(await att<CurrentTokenView>(TEACHER_A, 'currentToken', { sessionId: SESSION }));
      // the family already scanned in the first test; take it back to absent first
      ok(await att(TEACHER_A, 'correctRoster', { sessionId: SESSION, familyId: childId(i), status: 'absent' }));
      const rs = await Promise.all([
        att(parentOpenid(i), 'checkIn', { code: t.token }),
        att(TEACHER_A, 'correctRoster', { sessionId: SESSION, familyId: childId(i), status: 'excused', reason: '请假' }),
        att(parentOpenid(i), 'checkIn', { code: t.token }),
        att(ADMIN_A, 'correctRoster', { sessionId: SESSION, familyId: childId(i), status: 'late' }),
      ]);
      expect(unexpected(rs)).toEqual([]);
      expect(rs.map(code)).toEqual(['OK', 'OK', 'OK', 'OK']);
      await recordConsistent(childId(i));
    }
  });
});

describe('online lesson completion', () => {
  it('two guardians completing one lesson six times each at once: credited once, no errors', async () => {
    const lessonId = ok(await att<{ lessonId: string }>(TEACHER_A, 'saveLesson', { schoolId: SCHOOL_A, title: '读懂孩子的情绪', kind: 'video', durationSeconds: 600, creditHours: 1, mediaUrl: 'https://example.com/v.mp4' })).lessonId;
    for (const i of [5, 6]) {
      ok(await att(parentOpenid(i), 'startLesson', { lessonId }));
      await cloud.db.collection('lesson_progress').doc(`${lessonId}_${childId(i)}`).update({ data: { startedAt: new Date(Date.now() - 601_000) } });
      const rs = await Promise.all(
        Array.from({ length: 12 }, (_, k) => att<{ created: boolean }>(k % 2 ? parentOpenid(i) : secondOpenid(i), k % 3 ? 'completeLesson' : 'lessonProgress', { lessonId, positionSeconds: 600 })),
      );
      expect(unexpected(rs)).toEqual([]);
      expect(rs.map(code).filter((c) => c !== 'OK')).toEqual([]);
      const completes = rs.filter((_, k) => k % 3);
      expect(completes.map((r) => (ok(r) as { created: boolean }).created).filter(Boolean)).toHaveLength(1);
      const ledger = await all<CreditLedgerDoc>('credit_ledger', { familyId: childId(i), source: 'online_lesson' });
      expect(ledger.map((e) => e.hours)).toEqual([1]);
      const p = (await all<{ completedAt: Date | null }>('lesson_progress', { _id: `${lessonId}_${childId(i)}` }))[0];
      expect(p.completedAt).not.toBeNull();
    }
  });
});
