import { DEFAULT_THRESHOLDS, PROFILES, distribution, profileFor, profileProgress, starLevelFor, sumEntries, termLabel, termOf } from './credit.rules';
import { AdjustInputSchema, SaveSettingsInputSchema, StarThresholdsSchema } from './credit.schema';

const T = (s: string) => new Date(s);

describe('terms in Asia/Shanghai', () => {
  it.each([
    ['2026-09-01T00:00:00+08:00', '2026-2027', '2026-2027-1', '秋季学期'],
    ['2026-08-31T23:59:59+08:00', '2025-2026', '2025-2026-2', '春季学期'],
    // 2026-08-31 16:30 UTC is already 1 September in Shanghai
    ['2026-08-31T16:30:00Z', '2026-2027', '2026-2027-1', '秋季学期'],
    ['2026-11-24T12:00:00+08:00', '2026-2027', '2026-2027-1', '秋季学期'],
    ['2027-01-31T23:59:59+08:00', '2026-2027', '2026-2027-1', '秋季学期'],
    ['2027-01-31T16:00:00Z', '2026-2027', '2026-2027-2', '春季学期'],
    ['2027-02-01T00:00:00+08:00', '2026-2027', '2026-2027-2', '春季学期'],
    ['2027-07-15T10:00:00+08:00', '2026-2027', '2026-2027-2', '春季学期'],
  ])('%p → year %p, term %p (%p)', (at, year, term, name) => {
    const t = termOf(T(at));
    expect([t.schoolYear, t.term, t.termName]).toEqual([year, term, name]);
  });
  it('term bounds', () => {
    const t = termOf(T('2026-11-24T12:00:00+08:00'));
    expect(t.startsAt.toISOString()).toBe('2026-08-31T16:00:00.000Z');
    expect(t.endsAt.toISOString()).toBe('2027-01-31T15:59:59.999Z');
    expect(termLabel(t.term)).toBe('2026-2027学年秋季学期');
  });
});

describe('star levels', () => {
  const hours = (h: number) => ({ hours: h, sessions: 0, collective: 0 });
  it.each([
    [0, 0, 1, 4, 4, 0],
    [3.5, 0, 1, 4, 0.5, 0.875],
    [4, 1, 2, 8, 4, 0],
    [6, 1, 2, 8, 2, 0.5],
    [16, 3, 4, 24, 8, 0],
    [31.5, 4, 5, 32, 0.5, 0.9375],
    [32, 5, null, null, 0, 1],
    [100, 5, null, null, 0, 1],
  ])('%p hours → level %p, next %p at %p (remaining %p, progress %p)', (h, level, next, target, remaining, progress) => {
    const s = starLevelFor(hours(h), DEFAULT_THRESHOLDS);
    expect(s).toMatchObject({ level, nextLevel: next, nextTarget: target, remaining, progress });
  });
  it('says what to do next, in Chinese', () => {
    expect(starLevelFor(hours(6), DEFAULT_THRESHOLDS).hint).toBe('再学习 2 课时（参加现场课程或完成线上微课），即可达到★★');
    expect(starLevelFor(hours(40), DEFAULT_THRESHOLDS).hint).toContain('最高星级');
  });
  it('by sessions', () => {
    const th = { basis: 'sessions' as const, levels: [1, 2, 4, 6, 8] };
    expect(starLevelFor({ hours: 50, sessions: 3, collective: 0 }, th)).toMatchObject({ level: 2, nextTarget: 4, remaining: 1 });
  });
  it('changing thresholds re-rates from the same totals', () => {
    const totals = [0, 4, 9, 17, 33].map(hours);
    const before = distribution(totals.map((t) => starLevelFor(t, DEFAULT_THRESHOLDS).level));
    const after = distribution(totals.map((t) => starLevelFor(t, { basis: 'hours', levels: [2, 10, 20, 30, 40] }).level));
    expect(before).toEqual([1, 1, 1, 1, 0, 1]);
    expect(after).toEqual([1, 2, 1, 0, 1, 0]);
  });
  it.each([
    [{ basis: 'hours', levels: [4, 8, 16, 24, 32] }, true],
    [{ basis: 'hours', levels: [4, 8, 8, 24, 32] }, false],
    [{ basis: 'hours', levels: [4, 8, 16, 24] }, false],
    [{ basis: 'minutes', levels: [4, 8, 16, 24, 32] }, false],
    [{ basis: 'sessions', levels: [1, 2, 3, 4, 5] }, true],
  ])('thresholds %p valid: %p', (t, ok) => {
    expect(StarThresholdsSchema.safeParse(t).success).toBe(ok);
  });
});

describe('policy profiles', () => {
  const t = (hours: number, sessions: number, collective: number) => ({ hours, sessions, collective });
  it.each([
    ['guangzhou', t(6, 3, 2), t(6, 3, 2), ['本学期要求 2 次活动，已完成 3 次', '本学期已完成 6/8 课时'], false],
    ['guangzhou', t(8, 2, 0), t(12, 4, 0), ['本学期要求 2 次活动，已完成 2 次', '本学期要求 8 课时，已完成 8 课时'], true],
    ['jiangmen', t(1, 1, 1), t(3, 3, 2), ['本学期要求 1 次集体授课，已完成 1 次', '本学年已完成 3/4 次活动'], false],
    ['jiangmen', t(1, 1, 1), t(5, 4, 2), ['本学期要求 1 次集体授课，已完成 1 次', '本学年要求 4 次活动，已完成 4 次'], true],
    ['jiangmen', t(4, 3, 0), t(5, 4, 0), ['本学期已完成 0/1 次集体授课', '本学年要求 4 次活动，已完成 4 次'], false],
    ['qingdao', t(0, 0, 0), t(8.5, 4, 1), ['本学年要求 4 次活动，已完成 4 次', '本学年要求 8 课时，已完成 8.5 课时'], true],
    ['qingdao', t(0, 0, 0), t(7.5, 5, 1), ['本学年要求 4 次活动，已完成 5 次', '本学年已完成 7.5/8 课时'], false],
  ] as const)('%p with term %p year %p', (id, term, year, texts, allMet) => {
    const p = profileProgress(PROFILES[id], term, year);
    expect(p.progress.map((x) => x.text)).toEqual(texts);
    expect(p.allMet).toBe(allMet);
  });
  it('custom profile', () => {
    const p = profileFor('custom', [{ period: 'term', metric: 'hours', target: 6 }]);
    expect(profileProgress(p, t(6, 1, 0), t(6, 1, 0))).toMatchObject({ allMet: true, progress: [{ text: '本学期要求 6 课时，已完成 6 课时' }] });
    expect(profileProgress(profileFor('custom', []), t(6, 1, 0), t(6, 1, 0)).allMet).toBe(false);
  });
  it('custom needs at least one requirement', () => {
    const base = { schoolId: 's', thresholds: DEFAULT_THRESHOLDS };
    expect(SaveSettingsInputSchema.safeParse({ ...base, profileId: 'custom' }).success).toBe(false);
    expect(SaveSettingsInputSchema.safeParse({ ...base, profileId: 'qingdao' }).success).toBe(true);
  });
});

describe('ledger sums and adjustments', () => {
  it('sums deltas, corrections included', () => {
    expect(sumEntries([
      { hours: 2, sessions: 1, collective: 1 },
      { hours: -2, sessions: -1, collective: -1 },
      { hours: 1.5, sessions: 1, collective: 1 },
      { hours: 0.5, sessions: 0, collective: 0 },
    ])).toEqual({ hours: 2, sessions: 1, collective: 1 });
  });
  it.each([
    [{ hours: 1.5, reason: '补录活动', requestKey: 'adj_12345678' }, true],
    [{ hours: -1, reason: '重复记录', requestKey: 'adj_12345678' }, true],
    [{ hours: 0, reason: '补录活动', requestKey: 'adj_12345678' }, false],
    [{ hours: 1.2, reason: '补录活动', requestKey: 'adj_12345678' }, false],
    [{ hours: 1, reason: '', requestKey: 'adj_12345678' }, false],
    [{ hours: 1, reason: '补录活动', requestKey: 'x' }, false],
  ])('adjustment %p valid: %p', (input, ok) => {
    expect(AdjustInputSchema.safeParse({ schoolId: 's', familyId: 'f', ...input }).success).toBe(ok);
  });
});

describe('copy (issue 15, item 8)', () => {
  it('the sessions hint says its unit once', () => {
    expect(starLevelFor({ hours: 0, sessions: 1, collective: 0 }, { basis: 'sessions', levels: [3, 4, 5, 6, 7] }).hint).toBe('再参加 2 次家庭教育指导活动，即可达到★');
  });
});
