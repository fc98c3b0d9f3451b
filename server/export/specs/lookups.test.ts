/** The fast Shanghai date format of the workbooks equals the app's formatDateTime (dayjs tz), table-driven. */
import { formatDateTime } from '../../../types/common/time';
import { dt } from './lookups';

const CASES: (string | number | Date)[] = [
  '2026-10-01T11:00:00Z',
  '2026-12-31T16:00:00Z', // midnight of a new year in Shanghai
  '2026-02-28T15:59:59Z',
  '2024-02-29T04:30:00Z',
  '1995-06-15T20:15:00Z',
  new Date('2030-07-01T00:00:00+08:00'),
  Date.UTC(2026, 8, 1, 0, 0),
  '1988-08-01T12:00:00Z', // before 1992: through dayjs
];

describe('dt', () => {
  it.each(CASES.map((c) => [String(c), c]))('%s', (_name, c) => {
    expect(dt(c)).toBe(formatDateTime(c));
  });
  it('empty and invalid input', () => {
    expect(dt(null)).toBe('');
    expect(dt(undefined)).toBe('');
    expect(dt(0)).toBe('');
    expect(dt('not a date')).toBe('');
  });
});
