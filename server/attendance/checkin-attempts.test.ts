/**
 * The typed-code guess limit through the real wx-server-sdk on the local cloud: concurrent wrong
 * guesses are counted exactly, a blocked user learns when to retry, right codes are not failures.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { TEACHER_A, childId, enrolAll, parentOpenid, putCourse, seedPeople, code } from './test-fixtures';
import { digits } from '../core/checkin-code';
import { formatTypedCode, stepOf, TYPED_CODE_MAX_FAILURES } from '../../types/attendance/attendance.rules';
import type { CheckInOutput, CurrentTokenView } from '../../types/attendance/attendance.schema';
import { userIdFor } from '../access/actor';

jest.setTimeout(60_000);

let cloud: TestCloud;
const COURSE = 'fx-att-course';
const SESSION = `${COURSE}-s1`;

async function token(): Promise<CurrentTokenView> {
  const r = await cloud.call<CurrentTokenView>('attendance', TEACHER_A, 'currentToken', { sessionId: SESSION });
  if (!r.ok) throw new Error(r.error.code);
  return r.data;
}
/** A typed code with the right short code and digits valid for no recent step. */
async function wrongCode(n: number): Promise<string> {
  const w = (await cloud.db.collection('checkin_windows').doc(SESSION).get()).data as { secret: string; shortCode: string; stepSeconds: number };
  const step = stepOf(Date.now(), w.stepSeconds);
  const taken = new Set(Array.from({ length: 12 }, (_, k) => digits(w.secret, SESSION, step + 2 - k)));
  let d = (n * 7919) % 1_000_000;
  while (taken.has(String(d).padStart(6, '0'))) d = (d + 1) % 1_000_000;
  return formatTypedCode(w.shortCode, String(d).padStart(6, '0'));
}
const checkIn = (i: number, c: string) => cloud.call<CheckInOutput>('attendance', parentOpenid(i), 'checkIn', { code: c });

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedPeople(cloud.db, 4);
  await putCourse(cloud.db, { courseId: COURSE, startAt: new Date(Date.now() - 5 * 60_000) });
  await enrolAll(cloud.db, COURSE, 1, 4);
  const r = await cloud.call('attendance', TEACHER_A, 'openCheckin', { sessionId: SESSION });
  if (!r.ok) throw new Error(r.error.code);
});
afterAll(async () => {
  await cloud?.close();
});

describe('typed check-in code guess limit', () => {
  it('30 concurrent wrong guesses: exactly 10 are judged, the rest are refused with a time to retry', async () => {
    const guesses = await Promise.all(Array.from({ length: 30 }, (_, k) => wrongCode(k + 1)));
    const results = await Promise.all(guesses.map((g) => checkIn(1, g)));
    const codes = results.map(code);
    expect(codes.filter((c) => c === 'ATTENDANCE_CODE_INVALID')).toHaveLength(TYPED_CODE_MAX_FAILURES);
    expect(codes.filter((c) => c === 'ATTENDANCE_TOO_MANY_ATTEMPTS')).toHaveLength(30 - TYPED_CODE_MAX_FAILURES);
    const refused = results.find((r) => !r.ok && r.error.code === 'ATTENDANCE_TOO_MANY_ATTEMPTS');
    if (!refused || refused.ok) throw new Error('no refusal');
    expect(refused.error.message).toContain('10分钟后再试');
    const details = refused.error.details as { retryAt: string; retryInMinutes: number };
    const retryIn = new Date(details.retryAt).getTime() - Date.now();
    expect(retryIn).toBeGreaterThan(8 * 60_000);
    expect(retryIn).toBeLessThanOrEqual(10 * 60_000);
    expect(details.retryInMinutes).toBe(10);
    // One counter document for the user, conditionally updated: never above the limit.
    const docs = (await cloud.db.collection('checkin_attempts').where({}).get()).data as { _id: string; count: number }[];
    expect(docs).toEqual([expect.objectContaining({ _id: userIdFor(parentOpenid(1)), count: TYPED_CODE_MAX_FAILURES })]);
  });

  it('once blocked, even the right typed code is refused (so a guess cannot slip through); the scanned QR still works', async () => {
    const t = await token();
    expect(code(await checkIn(1, t.typedCode))).toBe('ATTENDANCE_TOO_MANY_ATTEMPTS');
    expect(await cloud.db.collection('attendance_records').where({ familyId: childId(1) }).count()).toEqual(expect.objectContaining({ total: 0 }));
    const scanned = await checkIn(1, t.token);
    expect(scanned.ok && scanned.data.items[0].created).toBe(true);
  });

  it('the limit is per user, and right codes do not count as failures', async () => {
    const t = await token();
    // Parent 2: five right typed codes (a check-in and four replays), then nine wrong ones …
    for (let k = 0; k < 5; k++) expect(code(await checkIn(2, t.typedCode))).toBe('OK');
    for (let k = 0; k < TYPED_CODE_MAX_FAILURES - 1; k++) expect(code(await checkIn(2, await wrongCode(100 + k)))).toBe('ATTENDANCE_CODE_INVALID');
    // … is still allowed a tenth guess, and only the eleventh is refused.
    expect(code(await checkIn(2, await wrongCode(200)))).toBe('ATTENDANCE_CODE_INVALID');
    expect(code(await checkIn(2, await wrongCode(201)))).toBe('ATTENDANCE_TOO_MANY_ATTEMPTS');
    // Parent 3 is unaffected by the others' failures.
    expect(code(await checkIn(3, (await token()).typedCode))).toBe('OK');
    // Malformed input never reaches the counter.
    expect(code(await checkIn(4, 'hello world'))).toBe('ATTENDANCE_CODE_INVALID');
    expect(await cloud.db.collection('checkin_attempts').where({ _id: userIdFor(parentOpenid(4)) }).count()).toEqual(expect.objectContaining({ total: 0 }));
  });

  it('when the window has passed the user may type again', async () => {
    // Ten minutes pass (the window of parent 2 is moved back, as the clock would).
    await cloud.db
      .collection('checkin_attempts')
      .doc(userIdFor(parentOpenid(2)))
      .update({ data: { windowStartMs: Date.now() - 10 * 60_000 - 1000 } });
    expect(code(await checkIn(2, await wrongCode(300)))).toBe('ATTENDANCE_CODE_INVALID');
    const doc = (await cloud.db.collection('checkin_attempts').doc(userIdFor(parentOpenid(2))).get()).data as { count: number; windowStartMs: number };
    expect(doc.count).toBe(1);
    expect(Date.now() - doc.windowStartMs).toBeLessThan(60_000);
    expect(code(await checkIn(2, (await token()).typedCode))).toBe('OK');
  });
});
