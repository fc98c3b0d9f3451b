import type { Figure, Scope } from '@shared/oversight/oversight.schema';
import { barPercent, drillFromParams, drillParams, figureView, previousTerm, sameScope, scopeFromParams, scopeParams, termOptions, trendSeries, trendTextPx, unitGoalTarget, unitRowView } from './dashboard-view';

const fig = (over: Partial<Figure>): Figure => ({
  key: 'sessionsHeld',
  label: '开展指导服务场次',
  value: 0,
  unit: '场',
  of: null,
  rate: null,
  target: null,
  targetText: null,
  met: null,
  drill: null,
  ...over,
});

const school: Scope = { kind: 'school', schoolId: 's1' };
const grade: Scope = { kind: 'grade', schoolId: 's1', gradeId: 'g3' };
const cls: Scope = { kind: 'class', schoolId: 's1', classId: 'c31' };
const alliance: Scope = { kind: 'alliance', schoolId: 's1' };

describe('scopes ↔ page parameters', () => {
  it.each([school, grade, cls, alliance])('round-trips %o', (scope) => {
    expect(scopeFromParams(scopeParams(scope))).toEqual(scope);
  });
  it.each([
    [{}, null],
    [{ kind: 'school' }, null],
    [{ kind: 'grade', schoolId: 's1' }, null],
    [{ kind: 'class', schoolId: 's1' }, null],
    [{ kind: 'district', schoolId: 's1' }, null],
    [{ kind: 'grade', schoolId: 's1', gradeId: 'g3', classId: 'x' }, grade],
  ])('incomplete or extra parameters %o → %o', (p, want) => {
    expect(scopeFromParams(p)).toEqual(want);
  });
  it('compares scopes by their fields', () => {
    expect(sameScope(grade, { kind: 'grade', schoolId: 's1', gradeId: 'g3' })).toBe(true);
    expect(sameScope(grade, { kind: 'grade', schoolId: 's1', gradeId: 'g4' })).toBe(false);
    expect(sameScope(school, alliance)).toBe(false);
    expect(sameScope(null, school)).toBe(false);
  });
});

describe('a figure’s drill → the list page’s parameters and back', () => {
  it.each([
    { list: 'familiesBelowGoal' as const, scope: cls, term: '2026-2027-1' },
    { list: 'sessions' as const, scope: school, term: '2026-2027-1', filter: { form: '集体授课' } },
    { list: 'familiesByStar' as const, scope: grade, term: '2025-2026-2', filter: { level: 0 } },
    { list: 'familiesByStar' as const, scope: grade, term: '2025-2026-2', filter: { level: 5 } },
  ])('%o', (d) => {
    const p = drillParams(d);
    expect(Object.values(p).every((v) => typeof v === 'string')).toBe(true);
    expect(drillFromParams(p)).toEqual(d);
  });
  it('drops a level outside 0..5 and refuses a missing list', () => {
    expect(drillFromParams({ ...scopeParams(cls), list: 'familiesByStar', level: '9' })?.filter).toBeUndefined();
    expect(drillFromParams(scopeParams(cls))).toBeNull();
  });
});

describe('figureView', () => {
  it.each([
    // value vs target, counts
    [fig({ value: 3, target: 2, met: true, targetText: '每学期不少于 2 次', unit: '次' }), { valueText: '3 次', status: 'met', statusText: '已达标', percent: 100, targetText: '要求：每学期不少于 2 次' }],
    [fig({ value: 1, target: 2, met: false, unit: '次' }), { valueText: '1 次', status: 'unmet', statusText: '未达标', percent: 50, targetText: '要求：不少于 2 次' }],
    [fig({ value: 0, target: null, met: null }), { valueText: '0 场', status: 'none', statusText: '', percent: 0, targetText: '未设要求' }],
    // families with a share target (rate)
    [fig({ key: 'familiesMeetingGoal', value: 18, of: 40, rate: 0.45, unit: '户', target: 0.9, met: false }), { valueText: '18 / 40 户', status: 'unmet', percent: 50 }],
    // a rate
    [fig({ key: 'noticeReadRate', value: 31, of: 50, rate: 0.62, unit: '%', target: 0.8, met: false }), { valueText: '62%', percent: 78, targetText: '要求：不少于 80%' }],
    [fig({ key: 'noticeReadRate', value: 0, of: 0, rate: null, unit: '%' }), { valueText: '—', percent: 0 }],
    [fig({ value: 2.5, unit: '课时' }), { valueText: '2.5 课时', percent: 100 }],
  ])('%#', (f, want) => {
    expect(figureView(f)).toMatchObject(want);
  });
  it('offers the list only where there is one', () => {
    expect(figureView(fig({})).drillText).toBeNull();
    expect(figureView(fig({ drill: { list: 'familiesBelowGoal', scope: cls, term: '2026-2027-1' } })).drillText).toBe('查看未达标家庭，邀请参加');
  });
});

describe('term picker', () => {
  it.each([
    ['2026-2027-1', '2025-2026-2'],
    ['2026-2027-2', '2026-2027-1'],
  ])('%s comes after %s', (t, prev) => expect(previousTerm(t)).toBe(prev));
  it('lists the current term first (Asia/Shanghai), then earlier ones', () => {
    // 2026-12-02 10:00 Shanghai: the autumn term of 2026-2027
    expect(termOptions(new Date('2026-12-02T02:00:00Z'), 3)).toEqual([
      { value: '2026-2027-1', label: '2026年秋季' },
      { value: '2025-2026-2', label: '2026年春季' },
      { value: '2025-2026-1', label: '2025年秋季' },
    ]);
    // 1 February 00:30 Shanghai is already the spring term
    expect(termOptions(new Date('2027-01-31T16:30:00Z'), 1)[0].value).toBe('2026-2027-2');
  });
});

describe('trend and bars', () => {
  it('makes two series per month', () => {
    expect(trendSeries([{ month: '2026-09', hours: 12.5, attendances: 9, activeFamilies: 7, sessionsHeld: 2 }])).toEqual([
      { month: '2026-09', series: '课时', value: 12.5 },
      { month: '2026-09', series: '参与家庭', value: 7 },
    ]);
  });
  it.each([
    [0, 10, 0],
    [10, 10, 100],
    [1, 100, 4],
    [5, 0, 0],
  ])('bar of %d of %d = %d%%', (v, max, want) => expect(barPercent(v, max)).toBe(want));
});

describe('unit rows against the goal (never green below it)', () => {
  it.each([
    // goalRate, families, target → text, status
    [0, 40, 1, '0% 达标', 'unmet'],
    [0.62, 40, 1, '62% 达标', 'unmet'],
    [0.995, 200, 1, '100% 达标', 'unmet'],
    [1, 40, 1, '100% 达标', 'met'],
    [0.8, 40, 0.8, '80% 达标', 'met'],
    [0.79, 40, 0.8, '79% 达标', 'unmet'],
    [0.5, 40, null, '50% 达标', 'none'],
    [0, 0, 1, '0% 达标', 'none'],
  ] as const)('%s of %s families, target %s → %s (%s)', (goalRate, families, target, text, status) => {
    const v = unitRowView({ goalRate, families }, target);
    expect(v.rateText).toBe(text);
    expect(v.status).toBe(status);
  });

  it("takes the target from the familiesMeetingGoal figure, as a share", () => {
    expect(unitGoalTarget([{ key: 'sessionsHeld', target: 2 }, { key: 'familiesMeetingGoal', target: 1 }])).toBe(1);
    expect(unitGoalTarget([{ key: 'familiesMeetingGoal', target: 80 }])).toBe(0.8);
    expect(unitGoalTarget([{ key: 'familiesMeetingGoal', target: null }])).toBeNull();
    expect(unitGoalTarget([{ key: 'sessionsHeld', target: 2 }])).toBeNull();
  });
});

describe('trend chart text', () => {
  it('is at least 12 px at 390 px wide, and larger in 长辈模式', () => {
    const plain = trendTextPx(false);
    const elder = trendTextPx(true);
    expect(plain.axis).toBeGreaterThanOrEqual(12);
    expect(plain.legend).toBeGreaterThanOrEqual(12);
    expect(elder.axis).toBeGreaterThan(plain.axis);
    expect(elder.legend).toBeGreaterThan(plain.legend);
  });
});
