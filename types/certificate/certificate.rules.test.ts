import {
  certificateTotals,
  displayCode,
  eligibilityFor,
  entriesOfGuardian,
  formatNumber,
  isCodeShaped,
  isExcellent,
  isSealFileIdOf,
  normaliseCode,
  parseNumber,
  parseScene,
  ruleSummary,
  sceneFor,
  toCodeChars,
} from './certificate.rules';
import { DEFAULT_CERTIFICATE_RULE, RealNameSchema, type CertificateRule, type CertificateTotals } from './certificate.schema';

const rule = (r: Partial<CertificateRule> = {}): CertificateRule => ({ ...DEFAULT_CERTIFICATE_RULE, enabled: true, minHours: 8, minSessions: 4, minCollective: 1, minOnlineLessons: 0, minStarLevel: 0, ...r });
const t = (hours: number, sessions: number, collective: number, onlineLessons = 0): CertificateTotals => ({ hours, sessions, collective, onlineLessons });

describe('eligibilityFor', () => {
  test.each([
    ['all met', t(8, 4, 1), 0, rule(), true, []],
    ['more than enough', t(20, 9, 3), 2, rule(), true, []],
    ['two hours short', t(6, 4, 1), 0, rule(), false, ['还差 2 课时']],
    ['half an hour short', t(7.5, 4, 1), 0, rule(), false, ['还差 0.5 课时']],
    ['no collective lesson', t(8, 4, 0), 0, rule(), false, ['还差 1 次集体授课（不少于45分钟）']],
    ['nothing yet', t(0, 0, 0), 0, rule(), false, ['还差 8 课时', '还差 4 次学习活动', '还差 1 次集体授课（不少于45分钟）']],
    ['online lessons required', t(8, 4, 1, 1), 0, rule({ minOnlineLessons: 3 }), false, ['还差 2 节线上微课']],
    ['star level required', t(8, 4, 1), 2, rule({ minStarLevel: 3 }), false, ['需达到★★★（目前★★）']],
    ['star level required, no star', t(8, 4, 1), 0, rule({ minStarLevel: 1 }), false, ['需达到★（目前未获星）']],
    ['star level met', t(8, 4, 1), 3, rule({ minStarLevel: 3 }), true, []],
    ['zero targets ask nothing', t(0, 0, 0), 0, rule({ minHours: 0, minSessions: 0, minCollective: 0 }), true, []],
    ['rule disabled: nobody, nothing missing', t(20, 9, 3), 5, rule({ enabled: false }), false, []],
  ])('%s', (_name, totals, star, r, eligible, missing) => {
    const e = eligibilityFor(totals, star, r);
    expect(e.eligible).toBe(eligible);
    expect(e.missing.map((m) => m.text)).toEqual(missing);
  });
});

describe('entriesOfGuardian and totals', () => {
  const mom = 'u-mom';
  const dad = 'u-dad';
  const teacher = 'u-teacher';
  const entries = [
    { source: 'attendance', hours: 2, sessions: 1, collective: 1, operatorUserId: mom },
    { source: 'online_lesson', hours: 0.5, sessions: 1, collective: 0, operatorUserId: dad },
    { source: 'adjustment', hours: 1, sessions: 1, collective: 0, operatorUserId: teacher },
    { source: 'attendance_correction', hours: -0.5, sessions: 0, collective: 0, operatorUserId: teacher },
  ];
  test.each([
    ['mother: her check-in and the staff entries', mom, t(2.5, 2, 1, 0)],
    ['father: his lesson and the staff entries', dad, t(1, 2, 0, 1)],
  ])('%s', (_n, who, want) => {
    expect(certificateTotals(entriesOfGuardian(entries, who, [mom, dad]))).toEqual(want);
  });
  test('a sole guardian counts everything of the family', () => {
    expect(certificateTotals(entriesOfGuardian(entries, mom, [mom]))).toEqual(t(3, 3, 1, 1));
  });
});

test.each([
  [5, true, true],
  [5, false, false],
  [4, true, false],
  [0, true, false],
])('isExcellent(level %d, marked %s) = %s', (level, marked, want) => {
  expect(isExcellent(level, { excellentAtTopLevel: marked })).toBe(want);
});

describe('numbers, codes, scenes', () => {
  test('a number is year-school-sequence and parses back', () => {
    const n = formatNumber('2026-2027', 'K7QM', 123);
    expect(n).toBe('2026-K7QM-000123');
    expect(parseNumber(n)).toEqual({ year: '2026', schoolCode: 'K7QM', seq: 123 });
    expect(parseNumber('2026-K7QM-12')).toBeNull();
    expect(parseNumber('2026-K0QM-000123')).toBeNull(); // 0 is not in the alphabet
  });
  test.each([
    ['2026-K7QM-000123.D23456789ABC', { number: '2026-K7QM-000123', code: 'D23456789ABC' }],
    ['2026-k7qm-000123.d23456789abc', { number: '2026-K7QM-000123', code: 'D23456789ABC' }],
    ['2026-K7QM-000123%2ED23456789ABC', { number: '2026-K7QM-000123', code: 'D23456789ABC' }],
    ['2026-K7QM-000123', null],
    ['2026-K7QM-000123.D2345678', null],
    ['c=SXA234', null],
    ['%E0%A4%A', null],
  ])('parseScene(%s)', (scene, want) => {
    expect(parseScene(scene)).toEqual(want);
  });
  test('the scene fits WeChat’s 32 characters and its character set', () => {
    const s = sceneFor('2026-K7QM-999999', 'DZZZZZZZZZZZ');
    expect(s.length).toBeLessThanOrEqual(32);
    expect(s).toMatch(/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/);
  });
  test('codes: typed with dashes, spaces or lower case still match; shape checked', () => {
    expect(normaliseCode(' d234-5678 9abc ')).toBe('D23456789ABC');
    expect(displayCode('D23456789ABC')).toBe('D234-5678-9ABC');
    expect(isCodeShaped('D23456789ABC')).toBe(true);
    expect(isCodeShaped('D2345678OABC')).toBe(false);
    expect(toCodeChars(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0]), 11)).toBe('22222222222');
    expect(toCodeChars(new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255]), 11)).toBe('ZZZZZZZZZZZ');
  });
});

test.each([
  ['cloud://local-env.bucket/certificate-seals/s1/seal.png', 'local-env', 's1', true],
  ['cloud://local-env.bucket/certificate-seals/s2/seal.png', 'local-env', 's1', false],
  ['cloud://other-env.bucket/certificate-seals/s1/seal.png', 'local-env', 's1', false],
  ['cloud://local-env.bucket/certificate-seals/s1/../x.png', 'local-env', 's1', false],
  ['https://example.com/seal.png', 'local-env', 's1', false],
])('isSealFileIdOf(%s)', (id, env, school, want) => {
  expect(isSealFileIdOf(id, env, school)).toBe(want);
});

test.each([
  ['张小明', true],
  ['欧阳·娜娜', true],
  ['Li Lei', true],
  ['张', false],
  ['张三1', false],
  ['', false],
])('RealNameSchema(%s) = %s', (name, ok) => {
  expect(RealNameSchema.safeParse(name).success).toBe(ok);
});

test('ruleSummary says the rule in words', () => {
  expect(ruleSummary(rule())).toBe('本学年累计不少于 8 课时，参加不少于 4 次学习活动，至少 1 次集体授课（不少于45分钟）即可获得结业证书');
});
