import {
  countsAsCollective,
  isPlayableMedia,
  lessonContentProblem,
  lessonPlayback,
  attendanceNotYetText,
  attendanceRecordable,
  creditDateAllowed,
  tooManyAttemptsText,
  recordedCourseIdOf,
  recordedLessonId,
  typedCodeRetryAt,
  checkinStatusFor,
  checkinWindowFor,
  clampPosition,
  creditDelta,
  creditForStatus,
  formatToken,
  judgeLessonCompletion,
  judgeStep,
  msUntilNextStep,
  parseCode,
  sessionCreditHours,
  stepOf,
  windowState,
} from './attendance.rules';
import { CorrectRosterInputSchema, CheckInInputSchema } from './attendance.schema';

const T = (s: string) => new Date(s);

describe('rotating code steps', () => {
  it.each([
    // nowMs, step seconds, expected step, ms until rotation
    [0, 10, 0, 10_000],
    [9_999, 10, 0, 1],
    [10_000, 10, 1, 10_000],
    [1_764_000_123_456, 10, 176_400_012, 6_544],
    [1_764_000_123_456, 30, 58_800_004, 26_544],
  ])('stepOf(%p, %p) = %p, rotates in %p ms', (now, step, expected, rotates) => {
    expect(stepOf(now, step)).toBe(expected);
    expect(msUntilNextStep(now, step)).toBe(rotates);
  });

  it.each([
    [100, 100, 'ok'], // the code on screen
    [99, 100, 'ok'], // the previous code: a scan in flight while it rotated
    [98, 100, 'expired'], // 2 steps old: a photographed / forwarded code
    [50, 100, 'expired'],
    [101, 100, 'future'],
  ] as const)('code step %p at now step %p → %p', (code, now, verdict) => {
    expect(judgeStep(code, now)).toBe(verdict);
  });

  it('a forwarded code stops working within two steps (≤ 20 s at 10 s steps)', () => {
    const shownAt = T('2026-11-24T19:00:03+08:00').getTime();
    const codeStep = stepOf(shownAt, 10);
    const verdicts = [0, 5, 10, 16, 17, 20, 30].map((s) => judgeStep(codeStep, stepOf(shownAt + s * 1000, 10)));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'expired', 'expired', 'expired']);
  });
});

describe('check-in window', () => {
  const session = { startAt: T('2026-11-24T19:00:00+08:00'), endAt: T('2026-11-24T20:30:00+08:00') };
  const w = checkinWindowFor(session);
  it('opens 30 min before the start and closes 15 min after the end', () => {
    expect(w.opensAt.toISOString()).toBe('2026-11-24T10:30:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-11-24T12:45:00.000Z');
  });
  it.each([
    ['2026-11-24T18:29:59+08:00', undefined, 'before'],
    ['2026-11-24T18:30:00+08:00', undefined, 'open'],
    ['2026-11-24T20:45:00+08:00', undefined, 'open'],
    ['2026-11-24T20:45:01+08:00', undefined, 'after'],
    ['2026-11-24T19:10:00+08:00', 'closed', 'closed'],
    ['2026-11-24T19:10:00+08:00', 'open', 'open'],
  ] as const)('at %p (status %p) → %p', (at, status, state) => {
    expect(windowState(T(at), { ...w, status })).toBe(state);
  });
  it.each([
    ['2026-11-24T18:50:00+08:00', 'present'],
    ['2026-11-24T19:10:00+08:00', 'present'],
    ['2026-11-24T19:10:01+08:00', 'late'],
  ] as const)('checking in at %p is %p', (at, status) => {
    expect(checkinStatusFor(T(at), session.startAt)).toBe(status);
  });
});

describe('credit per session', () => {
  it.each([
    [0, 0],
    [20, 0.5],
    [45, 1],
    [60, 1.5],
    [90, 2],
    [120, 2.5],
    [135, 3],
  ])('%p minutes → %p class hours', (min, hours) => {
    expect(sessionCreditHours(min)).toBe(hours);
  });
  it.each([
    ['present', 90, { hours: 2, sessions: 1, collective: 1 }],
    ['late', 90, { hours: 2, sessions: 1, collective: 1 }],
    ['left_early', 90, { hours: 1, sessions: 1, collective: 0 }],
    ['left_early', 45, { hours: 0.5, sessions: 1, collective: 0 }],
    ['present', 30, { hours: 0.5, sessions: 1, collective: 0 }],
    ['excused', 90, { hours: 0, sessions: 0, collective: 0 }],
    ['absent', 90, { hours: 0, sessions: 0, collective: 0 }],
  ] as const)('%p for %p min → %p', (status, min, credit) => {
    expect(creditForStatus(status, min)).toEqual(credit);
  });
  it('a correction is the difference, as a new entry', () => {
    expect(creditDelta(creditForStatus('present', 90), creditForStatus('absent', 90))).toEqual({ hours: -2, sessions: -1, collective: -1 });
    expect(creditDelta(creditForStatus('absent', 90), creditForStatus('late', 90))).toEqual({ hours: 2, sessions: 1, collective: 1 });
    expect(creditDelta(creditForStatus('present', 90), creditForStatus('late', 90))).toEqual({ hours: 0, sessions: 0, collective: 0 });
  });
});

describe('parseCode', () => {
  const sig = 'abcdEFGH1234_-xy';
  it.each([
    [formatToken('course1_s1', 176400012, sig), { kind: 'token', sessionId: 'course1_s1', step: 176400012, sig }],
    [formatToken('a.b', 5, sig), { kind: 'token', sessionId: 'a.b', step: 5, sig }],
    ['K7Q2 384912', { kind: 'typed', shortCode: 'K7Q2', digits: '384912' }],
    ['k7q2-384912', { kind: 'typed', shortCode: 'K7Q2', digits: '384912' }],
    ['K7Q2384912', { kind: 'typed', shortCode: 'K7Q2', digits: '384912' }],
    ['O0I1 384912', null], // ambiguous letters are never issued
    ['K7Q2 38491', null],
    ['PSA1.s1.x.' + sig, null],
    ['PSA1.s1.12.short', null],
    ['https://example.com/', null],
  ])('%p → %p', (raw, parsed) => {
    expect(parseCode(raw)).toEqual(parsed);
  });
});

describe('online lesson plausibility', () => {
  const startedAt = T('2026-11-24T20:00:00+08:00');
  const at = (sec: number) => new Date(startedAt.getTime() + sec * 1000);
  it.each([
    // elapsed s, position s, completedAt, verdict — a 600 s lesson needs 540 s
    [600, 600, null, 'ok'],
    [540, 540, null, 'ok'],
    [539, 600, null, 'too_fast'],
    [60, 600, null, 'too_fast'],
    [3600, 300, null, 'not_reached_end'],
    [600, 600, startedAt, 'already_completed'],
  ] as const)('after %p s at position %p (completed %p) → %p', (elapsed, pos, completedAt, verdict) => {
    expect(judgeLessonCompletion({ now: at(elapsed), startedAt, completedAt, durationSeconds: 600, positionSeconds: pos })).toBe(verdict);
  });
  it('without a start there is nothing to complete', () => {
    expect(judgeLessonCompletion({ now: at(0), startedAt: null, completedAt: null, durationSeconds: 600, positionSeconds: 600 })).toBe('not_started');
  });
  it.each([
    [300, 100, 600, 105], // cannot run ahead of the clock
    [300, 400, 600, 300],
    [900, 2000, 600, 600], // nor past the end
    [-5, 10, 600, 0],
  ])('clampPosition(%p, elapsed %p, length %p) = %p', (reported, elapsed, len, expected) => {
    expect(clampPosition(reported, elapsed, len)).toBe(expected);
  });
});

describe('input schemas', () => {
  it('excused needs a reason', () => {
    expect(CorrectRosterInputSchema.safeParse({ sessionId: 's', familyId: 'f', status: 'excused' }).success).toBe(false);
    expect(CorrectRosterInputSchema.safeParse({ sessionId: 's', familyId: 'f', status: 'excused', reason: '孩子生病' }).success).toBe(true);
    expect(CorrectRosterInputSchema.safeParse({ sessionId: 's', familyId: 'f', status: 'present' }).success).toBe(true);
    expect(CorrectRosterInputSchema.safeParse({ sessionId: 's', familyId: 'f', status: 'gone' }).success).toBe(false);
  });
  it('a check-in needs a code', () => {
    expect(CheckInInputSchema.safeParse({}).success).toBe(false);
    expect(CheckInInputSchema.safeParse({ code: 'K7Q2 384912' }).success).toBe(true);
  });
});

describe('typedCodeRetryAt', () => {
  const t0 = Date.UTC(2026, 10, 24, 2, 0, 0);
  const min = 60_000;
  it.each([
    ['no counter', null, t0, null],
    ['9 failures', { windowStartMs: t0, count: 9 }, t0 + min, null],
    ['10 failures, inside the window', { windowStartMs: t0, count: 10 }, t0 + 3 * min, t0 + 10 * min],
    ['10 failures, last millisecond', { windowStartMs: t0, count: 10 }, t0 + 10 * min - 1, t0 + 10 * min],
    ['10 failures, window over', { windowStartMs: t0, count: 10 }, t0 + 10 * min, null],
  ])('%s', (_name, counter, now, expected) => {
    const r = typedCodeRetryAt(counter, now);
    expect(r ? r.getTime() : null).toBe(expected);
  });
});

describe('recorded course lesson ids', () => {
  it.each([
    ['rc_course-1', 'course-1'],
    ['rc_', null],
    ['3f2a9c0d1e', null],
    ['course-1', null],
  ])('%s → %s', (id, courseId) => {
    expect(recordedCourseIdOf(id)).toBe(courseId);
  });
  it('round-trips', () => expect(recordedCourseIdOf(recordedLessonId('abc'))).toBe('abc'));
});

describe('tooManyAttemptsText', () => {
  const now = new Date('2026-11-24T10:00:00+08:00');
  it.each([
    ['2026-11-24T10:07:30+08:00', '请于10:07后再试'],
    ['2026-11-24T02:07:30.000Z', '请于10:07后再试'],
    ['2026-11-25T00:05:00+08:00', '请于11月25日00:05后再试'],
  ])('%s', (retryAt, expected) => {
    const text = tooManyAttemptsText(retryAt, now);
    expect(text).toContain(expected);
    expect(text).toMatch(/^签到码输错次数过多/);
  });
});

describe('attendance may be recorded only once the check-in window opened', () => {
  const startAt = T('2026-12-14T19:00:00+08:00');
  it.each([
    ['a week before', '2026-12-07T19:00:00+08:00', false],
    ['31 minutes before', '2026-12-14T18:29:00+08:00', false],
    ['30 minutes before (the window opens)', '2026-12-14T18:30:00+08:00', true],
    ['at the start', '2026-12-14T19:00:00+08:00', true],
    ['a week after (a late correction)', '2026-12-21T19:00:00+08:00', true],
  ])('%s → %p', (_label, now, ok) => {
    const v = attendanceRecordable(T(now), { startAt });
    expect(v.ok).toBe(ok);
    if (!v.ok) expect(v.opensAt.toISOString()).toBe('2026-12-14T10:30:00.000Z');
  });

  it.each([
    ['2026-12-14T19:00:00+08:00', '2026-12-14T18:00:00+08:00', '该课次还没开始，今天18:30（开课前30分钟）起才能签到或登记考勤'],
    ['2026-12-14T19:00:00+08:00', '2026-12-07T18:00:00+08:00', '该课次还没开始，12月14日18:30（开课前30分钟）起才能签到或登记考勤'],
  ])('the sentence for a session at %s read at %s', (start, now, text) => {
    const v = attendanceRecordable(T(now), { startAt: T(start) });
    expect(!v.ok && attendanceNotYetText(v.opensAt, T(now))).toBe(text);
  });

  it.each([
    [0, true],
    [30, true],
    [31, false],
    [-600, true],
  ])('a ledger entry dated %p minutes from now is allowed: %p', (minutes, ok) => {
    const now = T('2026-12-14T18:00:00+08:00');
    expect(creditDateAllowed(new Date(now.getTime() + minutes * 60_000), now)).toBe(ok);
  });
});

describe('a lesson must be watchable or readable', () => {
  const text = '一'.repeat(50);
  it.each([
    ['cloud://env-1.x/lesson-media/a.mp4', true],
    ['https://cdn.example.cn/v/a.mp4', true],
    ['https://cdn.example.cn/v/a.m3u8?sign=1', true],
    ['https://video.example.cn/micro/phone', false],
    ['https://example.cn/', false],
    ['ftp://x/a.mp4', false],
    ['', false],
    [null, false],
  ])('playable media %p → %p', (url, ok) => expect(isPlayableMedia(url)).toBe(ok));

  it.each([
    [{ kind: 'video', mediaUrl: 'cloud://e/a.mp4' }, null],
    [{ kind: 'video', mediaUrl: null, body: text }, 'mediaUrl'],
    [{ kind: 'video', mediaUrl: 'https://video.example.cn/micro/phone' }, 'mediaUrl'],
    [{ kind: 'article', body: text }, null],
    [{ kind: 'article', body: '正文' }, 'body'],
    [{ kind: 'article', body: `  ${'一 '.repeat(49)} ` }, 'body'],
  ] as const)('%j → problem at %p', (l, path) => expect(lessonContentProblem(l)?.path ?? null).toBe(path));

  it.each([
    [{ kind: 'video', mediaUrl: 'cloud://e/a.mp4', body: text }, false, 'video'],
    [{ kind: 'video', mediaUrl: 'cloud://e/a.mp4', body: text }, true, 'reading'],
    [{ kind: 'video', mediaUrl: 'cloud://e/a.mp4', body: null }, true, 'none'],
    [{ kind: 'video', mediaUrl: null, body: null }, false, 'none'],
    [{ kind: 'article', mediaUrl: null, body: text }, false, 'reading'],
  ] as const)('%j (video failed: %p) plays as %p', (l, failed, playback) => expect(lessonPlayback(l, failed)).toBe(playback));
});

describe('集体授课 counts only lectures of at least 45 minutes', () => {
  it.each([
    ['集体授课', 90, 1],
    ['专题讲座', 45, 1],
    ['家长课堂', 44, 0],
    ['亲子活动', 90, 0],
    ['家长开放日', 180, 0],
    ['家长沙龙/工作坊', 120, 0],
    [undefined, 90, 1],
  ])('%p of %p minutes → collective %p', (form, minutes, collective) => {
    expect(countsAsCollective(form, minutes)).toBe(collective === 1);
    expect(creditForStatus('present', minutes, null, form).collective).toBe(collective);
  });
});
