/** How a course's time reads on its card (issue 15, item 8). */
import { sessionText } from './course';

it.each([
  ['2026-12-14T19:00:00+08:00', '2026-12-14T19:45:00+08:00', '12月14日 周一 19:00–19:45'],
  ['2026-12-14T19:00:00+08:00', '2026-12-21T19:45:00+08:00', '12月14日 周一 19:00 开始 · 12月21日结束'],
])('%s → %s reads %p', (startAt, endAt, text) => {
  expect(sessionText({ startAt, endAt })).toBe(text);
});
