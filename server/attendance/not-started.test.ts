/**
 * No attendance, correction or credit for a session before its check-in window opens (issue 15,
 * item 1): every path that writes an attendance record or a ledger entry, through the real
 * wx-server-sdk on the local cloud.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { ADMIN_A, TEACHER_A, childId, enrol, parentOpenid, putCourse, seedPeople, code, countWhere, ok } from './test-fixtures';
import { ledgerEntry, ledgerKeys } from '../credit/ledger';
import { isDomainError } from '../core/errors';
import { ATTENDANCE_STATUSES, type CheckInOutput, type CurrentTokenView, type RosterRow } from '../../types/attendance/attendance.schema';
import type { ArchiveOutput } from '../../types/credit/credit.schema';
import type { Result } from '../../types/common/result';

jest.setTimeout(60_000);

let cloud: TestCloud;
const WEEK = 7 * 86400_000;
const count = (coll: string, where: Record<string, unknown>) => countWhere(cloud.db, coll, where);
const call = <T>(openid: string, action: string, input: unknown) => cloud.call<T>('attendance', openid, action, input);
const details = (r: Result<unknown>) => (r.ok ? null : (r.error.details as { opensAt?: string }));

async function nothingWritten(sessionId: string, familyIds: string[]) {
  expect(await count('attendance_records', { sessionId })).toBe(0);
  expect(await count('attendance_corrections', { sessionId })).toBe(0);
  expect(await count('credit_ledger', { sourceId: sessionId })).toBe(0);
  for (const f of familyIds) expect(await count('credit_ledger', { familyId: f })).toBe(0);
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedPeople(cloud.db, 12);
});
afterAll(async () => {
  await cloud?.close();
});

describe('a session a week away', () => {
  let sessionId = '';
  let startAt = new Date();
  beforeAll(async () => {
    const [s] = await putCourse(cloud.db, { courseId: 'fx-future', startAt: new Date(Date.now() + WEEK), minutes: 90 });
    sessionId = s.sessionId;
    startAt = s.startAt;
    for (const i of [1, 2, 3]) await enrol(cloud.db, 'fx-future', i);
  });

  it('the roster refuses every mark, with the time it opens, and writes nothing', async () => {
    for (const status of ATTENDANCE_STATUSES) {
      const r = await call(TEACHER_A, 'correctRoster', { sessionId, familyId: childId(1), status, reason: status === 'excused' ? '孩子生病' : undefined });
      expect(code(r)).toBe('ATTENDANCE_NOT_STARTED');
      expect(!r.ok && r.error.message).toMatch(/还没开始/);
      expect(new Date(details(r)!.opensAt!).getTime()).toBe(startAt.getTime() - 30 * 60_000);
    }
    await nothingWritten(sessionId, [childId(1)]);
  });

  it('20 concurrent marks by two staff: all refused, nothing written, stars unchanged', async () => {
    const before = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(2), 'myArchive', {}));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, k) => call<RosterRow>(k % 2 ? ADMIN_A : TEACHER_A, 'correctRoster', { sessionId, familyId: childId(2 + (k % 2)), status: 'present' })),
    );
    expect(results.map(code)).toEqual(Array(20).fill('ATTENDANCE_NOT_STARTED'));
    await nothingWritten(sessionId, [childId(2), childId(3)]);
    const after = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(2), 'myArchive', {}));
    expect(after.yearTotals).toEqual(before.yearTotals);
    expect(after.star.level).toBe(before.star.level);
  });

  it('a check-in window opened early refuses the scanned and the typed code', async () => {
    ok(await call(TEACHER_A, 'openCheckin', { sessionId }));
    const t = ok(await call<CurrentTokenView>(TEACHER_A, 'currentToken', { sessionId }));
    expect(t.open).toBe(false);
    const scans = await Promise.all([1, 2, 3].map((i) => call<CheckInOutput>(parentOpenid(i), 'checkIn', { code: i === 3 ? t.typedCode : t.token })));
    expect(scans.map(code)).toEqual(['ATTENDANCE_NOT_STARTED', 'ATTENDANCE_NOT_STARTED', 'ATTENDANCE_NOT_STARTED']);
    await nothingWritten(sessionId, [childId(1), childId(2), childId(3)]);
  });
});

describe('the window edge', () => {
  it('31 minutes before the start: refused; 29 minutes before: marked and credited once', async () => {
    const [early] = await putCourse(cloud.db, { courseId: 'fx-edge-early', startAt: new Date(Date.now() + 31 * 60_000), minutes: 45 });
    const [soon] = await putCourse(cloud.db, { courseId: 'fx-edge-soon', startAt: new Date(Date.now() + 29 * 60_000), minutes: 45 });
    await enrol(cloud.db, 'fx-edge-early', 5);
    await enrol(cloud.db, 'fx-edge-soon', 5);
    expect(code(await call(TEACHER_A, 'correctRoster', { sessionId: early.sessionId, familyId: childId(5), status: 'present' }))).toBe('ATTENDANCE_NOT_STARTED');
    await nothingWritten(early.sessionId, []);
    const rows = await Promise.all(Array.from({ length: 10 }, () => call<RosterRow>(TEACHER_A, 'correctRoster', { sessionId: soon.sessionId, familyId: childId(5), status: 'present' })));
    expect(rows.filter((r) => !r.ok).map(code).filter((c) => c !== 'CONFLICT')).toEqual([]);
    expect(await count('attendance_records', { sessionId: soon.sessionId })).toBe(1);
    expect(await count('credit_ledger', { sourceId: soon.sessionId })).toBe(1);
  });

  it('a session that started 5 minutes ago: a parent checks in and is credited', async () => {
    const [now] = await putCourse(cloud.db, { courseId: 'fx-now', startAt: new Date(Date.now() - 5 * 60_000), minutes: 45 });
    await enrol(cloud.db, 'fx-now', 7);
    ok(await call(TEACHER_A, 'openCheckin', { sessionId: now.sessionId }));
    const t = ok(await call<CurrentTokenView>(TEACHER_A, 'currentToken', { sessionId: now.sessionId }));
    const r = ok(await call<CheckInOutput>(parentOpenid(7), 'checkIn', { code: t.token }));
    expect(r.items[0]).toMatchObject({ created: true, creditedHours: 1 });
  });

  it('last week’s session can still be corrected afterwards', async () => {
    const [past] = await putCourse(cloud.db, { courseId: 'fx-past', startAt: new Date(Date.now() - WEEK), minutes: 45 });
    await enrol(cloud.db, 'fx-past', 9);
    const row = ok(await call<RosterRow>(TEACHER_A, 'correctRoster', { sessionId: past.sessionId, familyId: childId(9), status: 'present' }));
    expect(row.status).toBe('present');
  });
});

describe('the ledger itself (lesson completions, adjustments and attendance all build entries with ledgerEntry)', () => {
  const base = { schoolId: 's', familyId: 'f', classId: 'c', source: 'online_lesson' as const, sourceId: 'l', title: 't', operatorUserId: 'u', credit: { hours: 1, sessions: 1, collective: 0 } };
  const now = new Date('2026-12-01T10:00:00+08:00');
  it.each([
    ['now', 0, true],
    ['29 minutes ahead (a window already open)', 29, true],
    ['30 minutes ahead', 30, true],
    ['31 minutes ahead', 31, false],
    ['a week ahead', 7 * 24 * 60, false],
    ['yesterday', -24 * 60, true],
  ])('an entry dated %s: written = %p', (_label, minutes, allowed) => {
    const build = () => ledgerEntry({ ...base, key: ledgerKeys.lesson('l', 'f'), occurredAt: new Date(now.getTime() + (minutes as number) * 60_000), now });
    if (allowed) expect(build()._id).toBe('lesson_l_f');
    else {
      let err: unknown;
      try {
        build();
      } catch (e) {
        err = e;
      }
      expect(isDomainError(err) && err.code).toBe('ATTENDANCE_NOT_STARTED');
    }
  });
});

describe('what a session counts toward (issue 15, item 8)', () => {
  it('a 亲子活动 credits hours and a session, not a 集体授课; a 专题讲座 does', async () => {
    const [activity] = await putCourse(cloud.db, { courseId: 'fx-activity', startAt: new Date(Date.now() - 60 * 60_000), minutes: 90 });
    const [lecture] = await putCourse(cloud.db, { courseId: 'fx-lecture', startAt: new Date(Date.now() - 60 * 60_000), minutes: 90 });
    await cloud.db.collection('courses').doc('fx-activity').update({ data: { form: '亲子活动' } });
    await cloud.db.collection('courses').doc('fx-lecture').update({ data: { form: '专题讲座' } });
    await enrol(cloud.db, 'fx-activity', 11);
    await enrol(cloud.db, 'fx-lecture', 11);
    ok(await call(TEACHER_A, 'correctRoster', { sessionId: activity.sessionId, familyId: childId(11), status: 'present' }));
    ok(await call(TEACHER_A, 'openCheckin', { sessionId: lecture.sessionId }));
    const t = ok(await call<CurrentTokenView>(TEACHER_A, 'currentToken', { sessionId: lecture.sessionId }));
    ok(await call(parentOpenid(11), 'checkIn', { code: t.token }));
    const ledger = (await cloud.db.collection('credit_ledger').where({ familyId: childId(11) }).get()).data as { sourceId: string; hours: number; sessions: number; collective: number }[];
    expect(ledger.find((e) => e.sourceId === activity.sessionId)).toMatchObject({ hours: 2, sessions: 1, collective: 0 });
    expect(ledger.find((e) => e.sourceId === lecture.sessionId)).toMatchObject({ hours: 2, sessions: 1, collective: 1 });
  });
});
