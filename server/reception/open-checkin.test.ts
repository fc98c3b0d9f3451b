/**
 * 开放日 check-in with the rotating code, and its 学时 by the school's rule, on the faithful local
 * cloud: the settings (admin only, Chinese field errors, nothing written on bad input), the window
 * (not before it opens), scanned and typed codes with the shared guess limit, exactly one check-in
 * and one ledger entry per family under concurrency (two guardians, double taps, 30 families at
 * once), the staff's correction revoking the credit, and the credit in the parent's 学习档案.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import type { Result } from '../../types/common/result';
import type { OpenActivityDoc, OpenCheckinCodeView, OpenCheckinWindowDoc, OpenDayCheckInOutput, OpenSignupDoc } from '../../types/reception/open-day.schema';
import type { CreditLedgerDoc, ArchiveOutput } from '../../types/credit/credit.schema';
import type { ReceptionSettings } from '../../types/reception/settings.schema';
import { formatToken, stepOf, TYPED_CODE_MAX_FAILURES } from '../../types/attendance/attendance.rules';
import { signature } from '../core/checkin-code';
import { ADMIN, CLASS_A71, CLASS_A72, GRADE_A7, PRINCIPAL, PRINCIPAL_B, PSY, SCHOOL_A, allOf, childIdOf, code, dateIn, ok, parentOpenid, putParents, putSecondGuardian, putReceptionStaff } from './test-fixtures';

jest.setTimeout(180_000);

const N = 40; // parents 0..29 sign up, 30..39 do not
const SIGNED = 30;
const GRANDPA = 'oc-grandpa-0';
let cloud: TestCloud;

async function front<T>(openid: string, action: string, input: unknown): Promise<Result<T>> {
  const res = await fetch(`${cloud.url}/functions/reception`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${cloud.cloud.devToken(openid)}` }, body: JSON.stringify({ action, input }) });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as Result<T>;
}

const activity = (title: string) => ({ kind: '家校共育交流', title, date: dateIn(4), startTime: '09:00', endTime: '10:30', place: '报告厅', places: 100 });

/** Publish one activity, sign parents 0..SIGNED-1 up, and move it to "started 5 minutes ago" (unless `future`). */
async function signedActivity(title: string, future = false): Promise<OpenActivityDoc> {
  const { eventId } = ok(await cloud.call<{ eventId: string }>('reception', PRINCIPAL, 'publishOpenEvent', { schoolId: SCHOOL_A, title, kind: 'day', activities: [activity(title)] }));
  const [a] = await allOf<OpenActivityDoc>(cloud.db, 'open_activities', { eventId });
  for (let i = 0; i < SIGNED; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => cloud.call('reception', parentOpenid(i + k), 'signUp', { activityId: a._id, childId: childIdOf(i + k) }).then(ok)));
  if (!future) {
    const startAt = new Date(Date.now() - 5 * 60_000);
    await cloud.db.collection('open_activities').doc(a._id).update({ data: { startAt, endAt: new Date(startAt.getTime() + 90 * 60_000) } });
  }
  return (await cloud.db.collection<OpenActivityDoc>('open_activities').doc(a._id).get()).data;
}

const ledgerOf = (activityId: string) => allOf<CreditLedgerDoc>(cloud.db, 'credit_ledger', { sourceId: activityId });
const sum = (es: CreditLedgerDoc[]) => es.reduce((n, e) => n + e.hours, 0);

async function saveRule(rule: ReceptionSettings['openDayCredit']) {
  ok(await cloud.call('reception', ADMIN, 'saveSettings', { schoolId: SCHOOL_A, suggestionAnswerDays: 5, openDayCredit: rule }));
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await putReceptionStaff(cloud.db);
  await putParents(cloud.db, 0, N, (i) => ({ schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: i % 2 ? CLASS_A72 : CLASS_A71 }));
  await putSecondGuardian(cloud.db, GRANDPA, 0, { schoolId: SCHOOL_A, gradeId: GRADE_A7, classId: CLASS_A71 });
  await cloud.db.collection('grades').doc(GRADE_A7).set({ data: { schoolId: SCHOOL_A, name: '七年级', order: 7 } });
  await Promise.all([CLASS_A71, CLASS_A72].map((c, k) => cloud.db.collection('classes').doc(c).set({ data: { schoolId: SCHOOL_A, gradeId: GRADE_A7, name: `${k + 1}班`, order: k + 1 } })));
});
afterAll(async () => {
  await cloud?.close();
});

describe('reception settings', () => {
  test.each<[string, string, Record<string, unknown>, string, RegExp | null]>([
    ['a principal (not the admin)', PRINCIPAL, { suggestionAnswerDays: 5 }, 'FORBIDDEN', null],
    ['another school’s principal', PRINCIPAL_B, { suggestionAnswerDays: 5 }, 'FORBIDDEN', null],
    ['0 working days', ADMIN, { suggestionAnswerDays: 0 }, 'VALIDATION_FAILED', /意见建议答复期限不能小于 1/],
    ['a fractional deadline', ADMIN, { suggestionAnswerDays: 5, cancelClosesHours: 1.5 }, 'VALIDATION_FAILED', /取消截止须为整数/],
    ['a deadline over a week', ADMIN, { suggestionAnswerDays: 5, openDaySignUpClosesHours: 200 }, 'VALIDATION_FAILED', /开放日报名截止不能大于 168/],
    ['an unknown credit mode', ADMIN, { suggestionAnswerDays: 5, openDayCredit: { mode: 'all', hours: 1 } }, 'VALIDATION_FAILED', /开放日学时规则/],
    ['0.3 课时', ADMIN, { suggestionAnswerDays: 5, openDayCredit: { mode: 'fixed', hours: 0.3 } }, 'VALIDATION_FAILED', /开放日每项活动课时不能小于 0.5/],
  ])('refused for %s: a Chinese sentence, nothing written', async (_n, who, over, want, message) => {
    const r = await cloud.call('reception', who, 'saveSettings', { schoolId: SCHOOL_A, ...over });
    expect(code(r)).toBe(want);
    if (message && !r.ok) expect(r.error.message).toMatch(message);
    expect((await cloud.db.collection('reception_settings').where({ _id: SCHOOL_A }).get()).data).toEqual([]);
  });

  test('the admin saves; every member reads; omitted rules keep their value; the deadlines reach the publish paths and the case loop', async () => {
    expect(ok(await cloud.call<ReceptionSettings>('reception', parentOpenid(0), 'getSettings', { schoolId: SCHOOL_A }))).toMatchObject({ suggestionAnswerDays: 5, cancelClosesHours: 12, openDayCredit: { mode: 'none' } });
    const saved = ok(await cloud.call<ReceptionSettings>('reception', ADMIN, 'saveSettings', { schoolId: SCHOOL_A, suggestionAnswerDays: 3, bookingClosesHours: 4, cancelClosesHours: 24, openDaySignUpClosesHours: 6, openDayCancelClosesHours: 30, openDayCredit: { mode: 'fixed', hours: 1.5 } }));
    expect(saved).toEqual({ suggestionAnswerDays: 3, bookingClosesHours: 4, cancelClosesHours: 24, openDaySignUpClosesHours: 6, openDayCancelClosesHours: 30, openDayCredit: { mode: 'fixed', hours: 1.5 } });
    const again = ok(await cloud.call<ReceptionSettings>('reception', ADMIN, 'saveSettings', { schoolId: SCHOOL_A, suggestionAnswerDays: 5 }));
    expect(again).toMatchObject({ suggestionAnswerDays: 5, cancelClosesHours: 24, openDayCredit: { mode: 'fixed', hours: 1.5 } });
    expect(code(await cloud.call('reception', PRINCIPAL_B, 'getSettings', { schoolId: SCHOOL_A }))).toBe('FORBIDDEN');
    // A publish request without deadlines takes the school's.
    const { eventId } = ok(await cloud.call<{ eventId: string }>('reception', PRINCIPAL, 'publishOpenEvent', { schoolId: SCHOOL_A, title: '设置测试', kind: 'day', activities: [activity('设置测试')] }));
    const [a] = await allOf<OpenActivityDoc>(cloud.db, 'open_activities', { eventId });
    expect(a).toMatchObject({ signUpClosesHours: 6, cancelClosesHours: 30 });
    // The suggestion's due date: 5 working days (the case loop reads the settings).
    const c = ok(await cloud.call<{ dueAt: string | null }>('reception', parentOpenid(0), 'submitSuggestion', { childId: childIdOf(0), content: '希望增加课后服务的种类', requestKey: 'settings-test-1' }));
    const days = (new Date(c.dueAt!).getTime() - Date.now()) / 86400_000;
    expect(days).toBeGreaterThanOrEqual(5);
    expect(days).toBeLessThanOrEqual(9);
  });
});

describe('open-day check-in', () => {
  test('not before the window; not for families who did not sign up; a stale or forged code is refused', async () => {
    await saveRule({ mode: 'fixed', hours: 1.5 });
    const a = await signedActivity('未开始的活动', true);
    expect(code(await cloud.call('reception', parentOpenid(0), 'openActivityCheckin', { activityId: a._id }))).toBe('FORBIDDEN');
    expect(code(await cloud.call('reception', PRINCIPAL_B, 'openActivityCheckin', { activityId: a._id }))).toBe('FORBIDDEN');
    ok(await cloud.call('reception', PSY, 'openActivityCheckin', { activityId: a._id }));
    const c = ok(await cloud.call<OpenCheckinCodeView>('reception', PSY, 'activityCheckinCode', { activityId: a._id }));
    expect(c.open).toBe(false);
    expect(c.signedUp).toBe(SIGNED);
    const early = await cloud.call('reception', parentOpenid(0), 'openDayCheckIn', { code: c.token });
    expect(code(early)).toBe('OPEN_DAY_CHECKIN_NOT_STARTED');
    // The staff's register refuses too (nothing is credited before the window).
    const signupId = `${a._id}_${childIdOf(0)}`;
    expect(code(await cloud.call('reception', PSY, 'markSignup', { signupId, status: 'attended' }))).toBe('OPEN_DAY_CHECKIN_NOT_STARTED');

    const b = await signedActivity('进行中的活动');
    ok(await cloud.call('reception', PSY, 'openActivityCheckin', { activityId: b._id }));
    const w = (await cloud.db.collection<OpenCheckinWindowDoc>('open_checkin_windows').doc(b._id).get()).data;
    const now = Date.now();
    const old = stepOf(now, w.stepSeconds) - 3;
    expect(code(await cloud.call('reception', parentOpenid(1), 'openDayCheckIn', { code: formatToken(b._id, old, signature(w.secret, b._id, old)) }))).toBe('ATTENDANCE_CODE_EXPIRED');
    const step = stepOf(now, w.stepSeconds);
    expect(code(await cloud.call('reception', parentOpenid(1), 'openDayCheckIn', { code: formatToken(b._id, step, signature('not-the-secret', b._id, step)) }))).toBe('ATTENDANCE_CODE_INVALID');
    // An attendance session's code is not an open day's.
    expect(code(await cloud.call('reception', parentOpenid(1), 'openDayCheckIn', { code: formatToken('some-session', step, signature(w.secret, 'some-session', step)) }))).toBe('ATTENDANCE_CODE_INVALID');
    const cur = ok(await cloud.call<OpenCheckinCodeView>('reception', PSY, 'activityCheckinCode', { activityId: b._id }));
    const r = await cloud.call('reception', parentOpenid(SIGNED + 1), 'openDayCheckIn', { code: cur.token });
    expect(code(r)).toBe('OPEN_DAY_NOT_SIGNED_UP');
    if (!r.ok) expect(r.error.message).toMatch(/没有报名/);
    expect(await ledgerOf(b._id)).toEqual([]);
    expect(code(await cloud.call('reception', parentOpenid(1), 'openDayCheckIn', { code: '' }))).toBe('VALIDATION_FAILED');
  });

  test('30 families at once (scanned and typed, two guardians, double taps): each checked in and credited exactly once, 0 errors; the credit shows in 学习档案', async () => {
    await saveRule({ mode: 'fixed', hours: 1.5 });
    const a = await signedActivity('课堂开放日');
    ok(await cloud.call('reception', PSY, 'openActivityCheckin', { activityId: a._id }));
    // Two staff opening at once show one code.
    const [v1, v2] = await Promise.all([cloud.call<{ shortCode: string }>('reception', PSY, 'openActivityCheckin', { activityId: a._id }), cloud.call<{ shortCode: string }>('reception', PRINCIPAL, 'openActivityCheckin', { activityId: a._id })]);
    expect(ok(v1).shortCode).toBe(ok(v2).shortCode);
    const c = ok(await cloud.call<OpenCheckinCodeView>('reception', PSY, 'activityCheckinCode', { activityId: a._id }));
    expect(c.open).toBe(true);
    const calls: Promise<Result<OpenDayCheckInOutput>>[] = [];
    for (let i = 0; i < SIGNED; i++) {
      calls.push(front(parentOpenid(i), 'openDayCheckIn', { code: i % 2 ? c.typedCode : c.token }));
      calls.push(front(parentOpenid(i), 'openDayCheckIn', { code: c.token }));
    }
    for (let k = 0; k < 8; k++) calls.push(front(GRANDPA, 'openDayCheckIn', { code: k % 2 ? c.typedCode : c.token }));
    const results = await Promise.all(calls);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : `${r.error.code} ${r.error.message}`))).toEqual([]);
    const created = results.flatMap((r) => (r.ok ? r.data.items.filter((i) => i.created).map((i) => i.familyId) : []));
    expect(created.sort()).toEqual(Array.from({ length: SIGNED }, (_, i) => childIdOf(i)).sort());
    const entries = await ledgerOf(a._id);
    expect(entries).toHaveLength(SIGNED);
    expect(new Set(entries.map((e) => e.familyId)).size).toBe(SIGNED);
    expect(entries.every((e) => e.hours === 1.5 && e.sessions === 1 && e.source === 'open_day' && e._id === `openday_${a._id}_${e.familyId}`)).toBe(true);
    const signups = await allOf<OpenSignupDoc>(cloud.db, 'open_signups', { activityId: a._id });
    expect(signups.every((s) => s.status === 'attended' && s.creditedHours === 1.5 && (s.method === 'qr' || s.method === 'code'))).toBe(true);
    expect(ok(await cloud.call<OpenCheckinCodeView>('reception', PSY, 'activityCheckinCode', { activityId: a._id })).checkedIn).toBe(SIGNED);
    // The parent's 学习档案 lists it.
    const archive = ok(await cloud.call<ArchiveOutput>('credit', parentOpenid(0), 'myArchive', { familyId: childIdOf(0) }));
    expect(archive.ledger.some((e) => e.title === '课堂开放日' && e.hours === 1.5)).toBe(true);
  });

  test('the staff correction revokes the credit (once, even when repeated concurrently) and a second check-in credits again', async () => {
    await saveRule({ mode: 'duration', hours: 1 });
    const a = await signedActivity('社团体验');
    ok(await cloud.call('reception', PSY, 'openActivityCheckin', { activityId: a._id }));
    const c = ok(await cloud.call<OpenCheckinCodeView>('reception', PSY, 'activityCheckinCode', { activityId: a._id }));
    const mine = ok(await cloud.call<OpenDayCheckInOutput>('reception', parentOpenid(2), 'openDayCheckIn', { code: c.token }));
    expect(mine.items).toEqual([{ familyId: childIdOf(2), childName: '学生2', created: true, creditedHours: 2 }]); // 90 minutes → 2 课时
    const signupId = `${a._id}_${childIdOf(2)}`;
    const undo = await Promise.all(Array.from({ length: 6 }, () => front<{ status: string }>(PSY, 'markSignup', { signupId, status: 'signed' })));
    expect(undo.map(code)).toEqual(Array(6).fill('OK'));
    let entries = (await ledgerOf(a._id)).filter((e) => e.familyId === childIdOf(2));
    expect(entries.map((e) => [e._id, e.hours, e.source]).sort()).toEqual([
      [`openday_${a._id}_${childIdOf(2)}`, 2, 'open_day'],
      [`openday_${a._id}_${childIdOf(2)}_r1`, -2, 'open_day_correction'],
    ]);
    expect(sum(entries)).toBe(0);
    // The parent scans again (still in the window): credited again under the next key, once.
    const again = await Promise.all(Array.from({ length: 5 }, () => front<OpenDayCheckInOutput>(parentOpenid(2), 'openDayCheckIn', { code: c.token })));
    expect(again.map(code)).toEqual(Array(5).fill('OK'));
    expect(again.filter((r) => r.ok && r.data.items[0].created)).toHaveLength(1);
    entries = (await ledgerOf(a._id)).filter((e) => e.familyId === childIdOf(2));
    expect(entries).toHaveLength(3);
    expect(sum(entries)).toBe(2);
    const s = (await cloud.db.collection<OpenSignupDoc>('open_signups').doc(signupId).get()).data;
    expect(s).toMatchObject({ status: 'attended', creditedHours: 2, creditRev: 3 });
  });

  test('a school that does not count open days: checked in, nothing credited', async () => {
    await saveRule({ mode: 'none', hours: 1 });
    const a = await signedActivity('校园文化观摩');
    ok(await cloud.call('reception', PSY, 'openActivityCheckin', { activityId: a._id }));
    const c = ok(await cloud.call<OpenCheckinCodeView>('reception', PSY, 'activityCheckinCode', { activityId: a._id }));
    const r = ok(await cloud.call<OpenDayCheckInOutput>('reception', parentOpenid(3), 'openDayCheckIn', { code: c.typedCode }));
    expect(r.items).toEqual([{ familyId: childIdOf(3), childName: '学生3', created: true, creditedHours: 0 }]);
    expect(await ledgerOf(a._id)).toEqual([]);
  });

  test(`typed codes share the guess limit: ${TYPED_CODE_MAX_FAILURES} wrong guesses at once, then refused`, async () => {
    const guesser = parentOpenid(SIGNED + 5);
    const wrong = await Promise.all(Array.from({ length: TYPED_CODE_MAX_FAILURES + 5 }, (_, k) => front(guesser, 'openDayCheckIn', { code: `ZZZZ ${String(100000 + k)}` })));
    const codes = wrong.map(code);
    expect(codes.filter((x) => x === 'ATTENDANCE_CODE_INVALID')).toHaveLength(TYPED_CODE_MAX_FAILURES);
    expect(codes.filter((x) => x === 'ATTENDANCE_TOO_MANY_ATTEMPTS')).toHaveLength(5);
  });
});
