import { calendarDay, clockTime } from './fields';

describe('shared field schemas', () => {
  it.each([
    ['08:30', true],
    ['23:59', true],
    ['00:00', true],
    ['24:00', false],
    ['8:30', false],
    ['12:60', false],
  ])('clockTime %s → %s', (v, ok) => {
    const r = clockTime.safeParse(v);
    expect(r.success).toBe(ok);
    if (!r.success) expect(r.error.issues[0].message).toBe('时间格式应为 HH:mm');
  });

  it.each([
    ['2026-09-01', true],
    ['2026-9-1', false],
    ['20260901', false],
  ])('calendarDay %s → %s', (v, ok) => {
    const r = calendarDay.safeParse(v);
    expect(r.success).toBe(ok);
    if (!r.success) expect(r.error.issues[0].message).toBe('日期格式应为 YYYY-MM-DD');
  });
});
