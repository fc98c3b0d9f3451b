/**
 * A valid course `create` input (all but schoolId) relative to now, for the tests that call the
 * course function on the demo seed: enrolment open, one 90-minute session a week from now.
 */
const DAY = 86400_000;

export function courseFields(title: string, audience: unknown = { kind: 'school' }) {
  const start = new Date(Date.now() + 7 * DAY);
  return {
    title,
    form: '专题讲座',
    topics: ['心理健康'],
    audience,
    speaker: { kind: 'expert', name: '陈老师', title: '心理咨询师' },
    mode: { kind: 'offline', place: '报告厅' },
    sessions: [{ startAt: start.toISOString(), endAt: new Date(start.getTime() + 90 * 60_000).toISOString() }],
    capacity: 50,
    seatsPerFamily: 1,
    enrollOpensAt: new Date(Date.now() - DAY).toISOString(),
    enrollClosesAt: new Date(Date.now() + 5 * DAY).toISOString(),
    semester: '2026-2027-1',
  };
}
