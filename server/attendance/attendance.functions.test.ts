/**
 * attendance + credit functions through the real wx-server-sdk on the local cloud (in-memory SQLite).
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { ADMIN_A, CLASS_A1, SCHOOL_A, SCHOOL_B, STRANGER, TEACHER_A, TEACHER_B, childId, enrol, enrolAll, parentOpenid, putCourse, seedPeople, code, countWhere, ok } from './test-fixtures';
import { digits, signature } from '../core/checkin-code';
import { formatToken, formatTypedCode, stepOf } from '../../types/attendance/attendance.rules';
import type { CheckInOutput, CurrentTokenView, RosterOutput, RosterRow } from '../../types/attendance/attendance.schema';
import type { ArchiveOutput, ClassInactiveOutput, ClassStarsOutput, SchoolStarsOutput } from '../../types/credit/credit.schema';

jest.setTimeout(60_000);

let cloud: TestCloud;
const now = Date.now();
const COURSE = 'fx-course-1';
const SESSION = `${COURSE}-s1`;

const count = (coll: string, where: Record<string, unknown>) => countWhere(cloud.db, coll, where);
async function token(sessionId = SESSION): Promise<CurrentTokenView> {
  return ok(await cloud.call<CurrentTokenView>('attendance', TEACHER_A, 'currentToken', { sessionId }));
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedPeople(cloud.db, 60);
  // Started 5 minutes ago, 90 minutes long: 2 class hours.
  await putCourse(cloud.db, { courseId: COURSE, startAt: new Date(now - 5 * 60_000) });
  await enrolAll(cloud.db, COURSE, 1, 55);
  await enrol(cloud.db, COURSE, 56, { status: 'waitlisted' });
});
afterAll(async () => {
  await cloud?.close();
});

describe('check-in', () => {
  it('only staff of the course school may open check-in', async () => {
    expect(code(await cloud.call('attendance', parentOpenid(1), 'openCheckin', { sessionId: SESSION }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('attendance', TEACHER_B, 'openCheckin', { sessionId: SESSION }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('attendance', '', 'openCheckin', { sessionId: SESSION }))).toBe('UNAUTHENTICATED');
    expect(code(await cloud.call('attendance', TEACHER_A, 'openCheckin', { sessionId: 'no-such-session' }))).toBe('NOT_FOUND');
    expect(await count('checkin_windows', {})).toBe(0);
    const w = ok(await cloud.call<{ status: string; shortCode: string }>('attendance', TEACHER_A, 'openCheckin', { sessionId: SESSION }));
    expect(w.status).toBe('open');
    expect(w.shortCode).toMatch(/^[2-9A-Z]{4}$/);
    // Opening again while open is idempotent (same code, same secret).
    const again = ok(await cloud.call<{ shortCode: string }>('attendance', TEACHER_A, 'openCheckin', { sessionId: SESSION }));
    expect(again.shortCode).toBe(w.shortCode);
    expect(code(await cloud.call('attendance', parentOpenid(1), 'currentToken', { sessionId: SESSION }))).toBe('FORBIDDEN');
  });

  it('a parent checks in with the scanned code and is credited once, however often it is replayed', async () => {
    const t = await token();
    const first = ok(await cloud.call<CheckInOutput>('attendance', parentOpenid(1), 'checkIn', { code: t.token }));
    expect(first.items).toEqual([{ familyId: childId(1), childName: '学生1', status: 'present', created: true, creditedHours: 2 }]);
    for (let i = 0; i < 3; i++) {
      const again = ok(await cloud.call<CheckInOutput>('attendance', parentOpenid(1), 'checkIn', { code: t.token }));
      expect(again.items[0].created).toBe(false);
    }
    expect(await count('attendance_records', { familyId: childId(1) })).toBe(1);
    expect(await count('credit_ledger', { familyId: childId(1) })).toBe(1);
    const archive = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(1), 'myArchive', {}));
    expect(archive.yearTotals).toEqual({ hours: 2, sessions: 1, collective: 1 });
    expect(archive.star.level).toBe(0);
    expect(archive.profile.progress.map((p) => p.text)).toEqual(['本学期已完成 1/2 次活动', '本学期已完成 2/8 课时']);
  });

  it('the typed code works too', async () => {
    const t = await token();
    const r = ok(await cloud.call<CheckInOutput>('attendance', parentOpenid(2), 'checkIn', { code: t.typedCode.toLowerCase() }));
    expect(r.items[0]).toMatchObject({ familyId: childId(2), created: true });
  });

  it('50 concurrent check-ins of the same family credit once', async () => {
    const t = await token();
    const results = await Promise.all(Array.from({ length: 50 }, () => cloud.call<CheckInOutput>('attendance', parentOpenid(3), 'checkIn', { code: t.token })));
    const created = results.map((r) => ok(r).items[0].created).filter(Boolean);
    expect(created).toHaveLength(1);
    expect(await count('attendance_records', { familyId: childId(3) })).toBe(1);
    expect(await count('credit_ledger', { familyId: childId(3) })).toBe(1);
  });

  it('expired, forged, foreign and malformed codes are refused and write nothing', async () => {
    const w = (await cloud.db.collection('checkin_windows').doc(SESSION).get()).data as { secret: string; shortCode: string; stepSeconds: number };
    const step = stepOf(Date.now(), w.stepSeconds);
    // A genuine code photographed 3 steps ago.
    const old = formatToken(SESSION, step - 3, signature(w.secret, SESSION, step - 3));
    expect(code(await cloud.call('attendance', parentOpenid(4), 'checkIn', { code: old }))).toBe('ATTENDANCE_CODE_EXPIRED');
    const oldTyped = formatTypedCode(w.shortCode, digits(w.secret, SESSION, step - 4));
    expect(code(await cloud.call('attendance', parentOpenid(4), 'checkIn', { code: oldTyped }))).toBe('ATTENDANCE_CODE_EXPIRED');
    // Forged signature for the current step.
    const forged = formatToken(SESSION, step, signature('not-the-secret', SESSION, step));
    expect(code(await cloud.call('attendance', parentOpenid(4), 'checkIn', { code: forged }))).toBe('ATTENDANCE_CODE_INVALID');
    expect(code(await cloud.call('attendance', parentOpenid(4), 'checkIn', { code: 'hello world' }))).toBe('ATTENDANCE_CODE_INVALID');
    expect(code(await cloud.call('attendance', parentOpenid(4), 'checkIn', { code: 123 }))).toBe('VALIDATION_FAILED');
    expect(code(await cloud.call('attendance', parentOpenid(4), 'checkIn', {}))).toBe('VALIDATION_FAILED');
    // A valid code, but the caller is not enrolled (waitlisted, not enrolled, stranger).
    const t = await token();
    expect(code(await cloud.call('attendance', parentOpenid(56), 'checkIn', { code: t.token }))).toBe('ATTENDANCE_NOT_ENROLLED');
    expect(code(await cloud.call('attendance', parentOpenid(57), 'checkIn', { code: t.token }))).toBe('ATTENDANCE_NOT_ENROLLED');
    expect(code(await cloud.call('attendance', STRANGER, 'checkIn', { code: t.token }))).toBe('ATTENDANCE_NOT_ENROLLED');
    // Someone else's child.
    expect(code(await cloud.call('attendance', parentOpenid(5), 'checkIn', { code: t.token, familyIds: [childId(6)] }))).toBe('FORBIDDEN');
    for (const i of [4, 5, 6, 56, 57]) {
      expect(await count('attendance_records', { familyId: childId(i) })).toBe(0);
      expect(await count('credit_ledger', { familyId: childId(i) })).toBe(0);
    }
  });

  it('a code from another session does not check in to this one; a closed window refuses', async () => {
    const [other] = await putCourse(cloud.db, { courseId: 'fx-course-2', startAt: new Date(now - 60_000), title: '家风家教' });
    ok(await cloud.call('attendance', TEACHER_A, 'openCheckin', { sessionId: other.sessionId }));
    const t2 = await token(other.sessionId);
    // Parent 7 is enrolled in course 1 only: the code of course 2 does not help them.
    expect(code(await cloud.call('attendance', parentOpenid(7), 'checkIn', { code: t2.token }))).toBe('ATTENDANCE_NOT_ENROLLED');
    ok(await cloud.call('attendance', TEACHER_A, 'closeCheckin', { sessionId: other.sessionId }));
    await enrol(cloud.db, 'fx-course-2', 7);
    expect(code(await cloud.call('attendance', parentOpenid(7), 'checkIn', { code: t2.token }))).toBe('ATTENDANCE_NOT_OPEN');
    // Reopening issues a new secret: the old code is no longer valid.
    ok(await cloud.call('attendance', TEACHER_A, 'openCheckin', { sessionId: other.sessionId }));
    expect(code(await cloud.call('attendance', parentOpenid(7), 'checkIn', { code: t2.token }))).toBe('ATTENDANCE_CODE_INVALID');
    expect(await count('attendance_records', { familyId: childId(7) })).toBe(0);
  });

  it('a session that ended long ago cannot be opened', async () => {
    const [past] = await putCourse(cloud.db, { courseId: 'fx-course-old', startAt: new Date(now - 5 * 3600_000) });
    expect(code(await cloud.call('attendance', TEACHER_A, 'openCheckin', { sessionId: past.sessionId }))).toBe('ATTENDANCE_NOT_OPEN');
  });
});

describe('roster', () => {
  it('lists enrolled families with status; corrections keep history and add ledger entries, never edits', async () => {
    const r = ok(await cloud.call<RosterOutput>('attendance', TEACHER_A, 'roster', { sessionId: SESSION }));
    expect(r.rows).toHaveLength(55);
    expect(r.counts.present).toBe(3);
    expect(r.counts.unmarked).toBe(52);

    // present → left early → absent; excused needs a reason.
    expect(code(await cloud.call('attendance', TEACHER_A, 'correctRoster', { sessionId: SESSION, familyId: childId(1), status: 'excused' }))).toBe('VALIDATION_FAILED');
    let row = ok(await cloud.call<RosterRow>('attendance', TEACHER_A, 'correctRoster', { sessionId: SESSION, familyId: childId(1), status: 'left_early', reason: '家中有事提前离开' }));
    expect(row).toMatchObject({ status: 'left_early', creditedHours: 1, rev: 1 });
    row = ok(await cloud.call<RosterRow>('attendance', ADMIN_A, 'correctRoster', { sessionId: SESSION, familyId: childId(1), status: 'absent' }));
    expect(row).toMatchObject({ status: 'absent', creditedHours: 0, rev: 2 });
    expect(row.history.map((h) => [h.from, h.to])).toEqual([
      ['present', 'left_early'],
      ['left_early', 'absent'],
    ]);
    expect(row.history[0].reason).toBe('家中有事提前离开');
    expect(row.history[0].operatorUserId).not.toBe(row.history[1].operatorUserId);
    expect(row.history.map((h) => h.operatorLabel)).toEqual(['班主任', '校长']);

    const ledger = (await cloud.db.collection('credit_ledger').where({ familyId: childId(1) }).orderBy('_id', 'asc').get()).data;
    expect(ledger.map((e) => [e.source, e.hours])).toEqual([
      ['attendance', 2],
      ['attendance_correction', -1],
      ['attendance_correction', -1],
    ]);
    const a = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(1), 'myArchive', {}));
    expect(a.yearTotals).toEqual({ hours: 0, sessions: 0, collective: 0 });

    // An unmarked family marked excused, then the parent arrives and scans: corrected to present, credited once.
    ok(await cloud.call('attendance', TEACHER_A, 'correctRoster', { sessionId: SESSION, familyId: childId(9), status: 'excused', reason: '孩子生病' }));
    expect(await count('credit_ledger', { familyId: childId(9) })).toBe(0);
    const t = await token();
    const scan = ok(await cloud.call<CheckInOutput>('attendance', parentOpenid(9), 'checkIn', { code: t.token }));
    expect(scan.items[0]).toMatchObject({ status: 'present', created: true, creditedHours: 2 });
    expect(await count('credit_ledger', { familyId: childId(9) })).toBe(1);
    expect(await count('attendance_corrections', { familyId: childId(9) })).toBe(2);
  });

  it('concurrent corrections of the same revision: one wins, the ledger stays equal to the record', async () => {
    const results = await Promise.all(
      (['present', 'late', 'left_early', 'absent'] as const).map((status) =>
        cloud.call<RosterRow>('attendance', TEACHER_A, 'correctRoster', { sessionId: SESSION, familyId: childId(11), status }),
      ),
    );
    expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1);
    const rec = (await cloud.db.collection('attendance_records').doc(`${SESSION}_${childId(11)}`).get()).data as { creditedHours: number; rev: number };
    const entries = (await cloud.db.collection('credit_ledger').where({ familyId: childId(11) }).get()).data;
    expect(entries.reduce((s, e) => s + e.hours, 0)).toBe(rec.creditedHours);
    expect(await count('attendance_corrections', { familyId: childId(11) })).toBe(rec.rev);
  });

  it('roster and corrections: role and school denial', async () => {
    expect(code(await cloud.call('attendance', parentOpenid(1), 'roster', { sessionId: SESSION }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('attendance', TEACHER_B, 'roster', { sessionId: SESSION }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('attendance', TEACHER_B, 'correctRoster', { sessionId: SESSION, familyId: childId(12), status: 'present' }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('attendance', TEACHER_A, 'correctRoster', { sessionId: SESSION, familyId: childId(57), status: 'present' }))).toBe('ATTENDANCE_NOT_ENROLLED');
    expect(await count('attendance_records', { familyId: childId(12) })).toBe(0);
  });
});

describe('credit: stars, settings, class views, adjustments', () => {
  it('thresholds changes re-rate consistently; only admins change them', async () => {
    // Parent 13: check in (2 h) + adjustment 2.5 h = 4.5 h → ★ with default thresholds (4, 8, …).
    const t = await token();
    ok(await cloud.call('attendance', parentOpenid(13), 'checkIn', { code: t.token }));
    const adj = { schoolId: SCHOOL_A, familyId: childId(13), hours: 2.5, reason: '参加区家庭教育讲座补录', requestKey: 'adj-13-000001' };
    expect(code(await cloud.call('credit', parentOpenid(13), 'adjust', adj))).toBe('FORBIDDEN');
    expect(code(await cloud.call('credit', TEACHER_B, 'adjust', adj))).toBe('FORBIDDEN');
    expect(ok(await cloud.call<{ created: boolean }>('credit', TEACHER_A, 'adjust', adj)).created).toBe(true);
    expect(ok(await cloud.call<{ created: boolean }>('credit', TEACHER_A, 'adjust', adj)).created).toBe(false);
    expect(code(await cloud.call('credit', TEACHER_A, 'adjust', { ...adj, hours: 0.3, requestKey: 'adj-13-000002' }))).toBe('VALIDATION_FAILED');
    expect(await count('credit_ledger', { familyId: childId(13) })).toBe(2);

    let a = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(13), 'myArchive', {}));
    expect(a.star).toMatchObject({ level: 1, value: 4.5, nextTarget: 8, remaining: 3.5 });

    const settings = { schoolId: SCHOOL_A, thresholds: { basis: 'hours', levels: [2, 4, 6, 8, 10] }, profileId: 'qingdao' };
    expect(code(await cloud.call('credit', TEACHER_A, 'saveSettings', settings))).toBe('FORBIDDEN');
    expect(code(await cloud.call('credit', TEACHER_B, 'saveSettings', settings))).toBe('FORBIDDEN');
    expect(code(await cloud.call('credit', ADMIN_A, 'saveSettings', { ...settings, thresholds: { basis: 'hours', levels: [4, 2, 6, 8, 10] } }))).toBe('VALIDATION_FAILED');
    const before = ok(await cloud.call<ClassStarsOutput>('credit', TEACHER_A, 'classStars', { schoolId: SCHOOL_A, classId: CLASS_A1 }));
    ok(await cloud.call('credit', ADMIN_A, 'saveSettings', settings));
    a = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(13), 'myArchive', {}));
    expect(a.star).toMatchObject({ level: 2, nextTarget: 6, remaining: 1.5 });
    expect(a.profile.id).toBe('qingdao');
    expect(a.profile.progress.map((p) => p.text)).toEqual(['本学年已完成 1/4 次活动', '本学年已完成 4.5/8 课时']);
    const after = ok(await cloud.call<ClassStarsOutput>('credit', TEACHER_A, 'classStars', { schoolId: SCHOOL_A, classId: CLASS_A1 }));
    // Every family re-rated from the same ledger with the new thresholds.
    for (const f of after.families) {
      const expected = [2, 4, 6, 8, 10].filter((x) => f.yearTotals.hours >= x).length;
      expect(f.level).toBe(expected);
    }
    expect(after.families.map((f) => f.yearTotals)).toEqual(before.families.map((f) => f.yearTotals));
    expect(after.distribution.reduce((s, n) => s + n, 0)).toBe(30);
  });

  it('a parent sees only their own archive; head teacher their class; admin the school', async () => {
    expect(code(await cloud.call('credit', parentOpenid(1), 'myArchive', { familyId: childId(2) }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('credit', parentOpenid(1), 'classStars', { schoolId: SCHOOL_A, classId: CLASS_A1 }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('credit', parentOpenid(1), 'familyArchive', { schoolId: SCHOOL_A, familyId: childId(3) }))).toBe('FORBIDDEN');
    // Head teacher of A1 (odd children): class A2 is not theirs.
    expect(code(await cloud.call('credit', TEACHER_A, 'classStars', { schoolId: SCHOOL_A, classId: 'fx-class-a2' }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('credit', TEACHER_A, 'familyArchive', { schoolId: SCHOOL_A, familyId: childId(2) }))).toBe('FORBIDDEN');
    expect(ok(await cloud.call<ArchiveOutput>('credit', TEACHER_A, 'familyArchive', { schoolId: SCHOOL_A, familyId: childId(3) })).yearTotals.hours).toBe(2);
    expect(code(await cloud.call('credit', TEACHER_A, 'schoolStars', { schoolId: SCHOOL_A }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('credit', TEACHER_B, 'schoolStars', { schoolId: SCHOOL_A }))).toBe('FORBIDDEN');
    const s = ok(await cloud.call<SchoolStarsOutput>('credit', ADMIN_A, 'schoolStars', { schoolId: SCHOOL_A }));
    expect(s.families).toBe(60);
    expect(s.byClass.map((c) => c.classId)).toEqual([CLASS_A1, 'fx-class-a2']);
    expect(code(await cloud.call('credit', TEACHER_B, 'getSettings', { schoolId: SCHOOL_A }))).toBe('FORBIDDEN');
    expect(ok(await cloud.call<{ profileId: string }>('credit', parentOpenid(1), 'getSettings', { schoolId: SCHOOL_A })).profileId).toBe('qingdao');
    expect(ok(await cloud.call<{ isDefault: boolean }>('credit', TEACHER_B, 'getSettings', { schoolId: SCHOOL_B })).isDefault).toBe(true);
  });

  it('class view: families with nothing attended this term, to invite', async () => {
    const r = ok(await cloud.call<ClassInactiveOutput>('credit', TEACHER_A, 'classInactive', { schoolId: SCHOOL_A, classId: CLASS_A1 }));
    expect(r.total).toBe(30);
    const active = new Set([3, 9, 13].map(childId)); // odd children with a credited session (1 and 11 were corrected)
    const rec11 = (await cloud.db.collection('attendance_records').doc(`${SESSION}_${childId(11)}`).get()).data as { creditedSessions: number };
    if (rec11.creditedSessions > 0) active.add(childId(11));
    expect(r.inactive.map((x) => x.familyId).sort()).toEqual(
      Array.from({ length: 30 }, (_, k) => childId(2 * k + 1)).filter((id) => !active.has(id)).sort(),
    );
    expect(code(await cloud.call('credit', parentOpenid(1), 'classInactive', { schoolId: SCHOOL_A, classId: CLASS_A1 }))).toBe('FORBIDDEN');
  });
});

describe('online lessons', () => {
  let lessonId = '';
  it('staff publish a lesson; bad input is refused', async () => {
    const input = { schoolId: SCHOOL_A, title: '读懂孩子的情绪', kind: 'video', durationSeconds: 600, creditHours: 1, mediaUrl: 'https://example.com/v.mp4' };
    expect(code(await cloud.call('attendance', parentOpenid(1), 'saveLesson', input))).toBe('FORBIDDEN');
    expect(code(await cloud.call('attendance', TEACHER_A, 'saveLesson', { ...input, durationSeconds: 5 }))).toBe('VALIDATION_FAILED');
    lessonId = ok(await cloud.call<{ lessonId: string }>('attendance', TEACHER_A, 'saveLesson', input)).lessonId;
    const list = ok(await cloud.call<{ lessonId: string }[]>('attendance', parentOpenid(21), 'listLessons', {}));
    expect(list.map((l) => l.lessonId)).toContain(lessonId);
  });

  it('completion too soon after the start is refused; a plausible one credits once', async () => {
    expect(code(await cloud.call('attendance', parentOpenid(21), 'completeLesson', { lessonId, positionSeconds: 600 }))).toBe('LESSON_PROGRESS_IMPLAUSIBLE');
    ok(await cloud.call('attendance', parentOpenid(21), 'startLesson', { lessonId }));
    const p = ok(await cloud.call<{ progress: { positionSeconds: number } }>('attendance', parentOpenid(21), 'lessonProgress', { lessonId, positionSeconds: 590 }));
    expect(p.progress.positionSeconds).toBeLessThan(10); // cannot run ahead of the clock
    const r = await cloud.call('attendance', parentOpenid(21), 'completeLesson', { lessonId, positionSeconds: 600 });
    expect(code(r)).toBe('LESSON_PROGRESS_IMPLAUSIBLE');
    expect(await count('credit_ledger', { familyId: childId(21) })).toBe(0);

    // Move the server's start back 10 minutes (as if watched since then).
    const id = `${lessonId}_${childId(21)}`;
    await cloud.db.collection('lesson_progress').doc(id).update({ data: { startedAt: new Date(Date.now() - 601_000) } });
    const results = await Promise.all(Array.from({ length: 10 }, () => cloud.call<{ created: boolean }>('attendance', parentOpenid(21), 'completeLesson', { lessonId, positionSeconds: 600 })));
    expect(results.map((x) => ok(x).created).filter(Boolean)).toHaveLength(1);
    expect(await count('credit_ledger', { familyId: childId(21), source: 'online_lesson' })).toBe(1);
    const a = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(21), 'myArchive', {}));
    expect(a.yearTotals).toEqual({ hours: 1, sessions: 1, collective: 0 });
    expect(a.ledger[0]).toMatchObject({ source: 'online_lesson', sourceLabel: '线上微课', title: '读懂孩子的情绪', hours: 1 });
  });

  it('a lesson of another school is not for this parent', async () => {
    const other = ok(await cloud.call<{ lessonId: string }>('attendance', TEACHER_B, 'saveLesson', { schoolId: SCHOOL_B, title: '别校微课', kind: 'article', durationSeconds: 300, creditHours: 0.5, body: '正文'.repeat(30) }));
    expect(code(await cloud.call('attendance', parentOpenid(21), 'startLesson', { lessonId: other.lessonId }))).toBe('FORBIDDEN');
  });
});

it('the ledger equals the attendance records', async () => {
  const recs = (await cloud.db.collection('attendance_records').limit(1000).get()).data;
  const ledger = (await cloud.db.collection('credit_ledger').where({ source: cloud.db.command.in(['attendance', 'attendance_correction']) }).limit(1000).get()).data;
  const byRecord = new Map<string, number>();
  for (const e of ledger) byRecord.set(`${e.sourceId}_${e.familyId}`, (byRecord.get(`${e.sourceId}_${e.familyId}`) ?? 0) + e.hours);
  for (const r of recs) expect([r._id, byRecord.get(r._id) ?? 0]).toEqual([r._id, r.creditedHours]);
});

it("the teacher's list of today's sessions shows the check-in state", async () => {
  const list = ok(await cloud.call<{ sessionId: string; checkin: string; inWindow: boolean }[]>('attendance', TEACHER_A, 'todaySessions', {}));
  const s = list.find((x) => x.sessionId === SESSION);
  expect(s).toMatchObject({ checkin: 'open', inWindow: true });
  expect(list.some((x) => x.sessionId === 'fx-course-old-s1')).toBe(true);
  expect(code(await cloud.call('attendance', TEACHER_A, 'todaySessions', { pastDays: 61 }))).toBe('VALIDATION_FAILED');
  const longer = ok(await cloud.call<{ sessionId: string }[]>('attendance', TEACHER_A, 'todaySessions', { pastDays: 14 }));
  expect(longer.length).toBeGreaterThanOrEqual(list.length);
  expect(code(await cloud.call('attendance', parentOpenid(1), 'todaySessions', {}))).toBe('FORBIDDEN');
  const other = ok(await cloud.call<{ sessionId: string }[]>('attendance', TEACHER_B, 'todaySessions', {}));
  expect(other.map((x) => x.sessionId)).not.toContain(SESSION);
});

it('check-in opened early is refused until 30 minutes before the start; bad roster input writes nothing', async () => {
  const [later] = await putCourse(cloud.db, { courseId: 'fx-course-later', startAt: new Date(Date.now() + 2 * 3600_000) });
  await enrol(cloud.db, 'fx-course-later', 31);
  const w = ok(await cloud.call<{ status: string }>('attendance', TEACHER_A, 'openCheckin', { sessionId: later.sessionId }));
  expect(w.status).toBe('open');
  const t = ok(await cloud.call<CurrentTokenView>('attendance', TEACHER_A, 'currentToken', { sessionId: later.sessionId }));
  expect(t.open).toBe(false);
  expect(code(await cloud.call('attendance', parentOpenid(31), 'checkIn', { code: t.token }))).toBe('ATTENDANCE_NOT_STARTED');
  for (const bad of [
    { sessionId: later.sessionId, familyId: childId(31), status: 'excused' },
    { sessionId: later.sessionId, familyId: childId(31), status: 'present', reason: 'x'.repeat(201) },
    { sessionId: later.sessionId, familyId: childId(31) },
    { sessionId: '', familyId: childId(31), status: 'present' },
  ]) {
    expect(code(await cloud.call('attendance', TEACHER_A, 'correctRoster', bad))).toBe('VALIDATION_FAILED');
  }
  expect(await count('attendance_records', { sessionId: later.sessionId })).toBe(0);
  expect(await count('attendance_corrections', { sessionId: later.sessionId })).toBe(0);
  expect(await count('credit_ledger', { sourceId: later.sessionId })).toBe(0);
});
