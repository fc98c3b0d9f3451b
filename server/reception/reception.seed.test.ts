/** The demo reception data: consistent slots, idempotent, and usable by its demo users. */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedSchool, SCHOOL_SEED } from '../school/school.seed';
import { seedReception } from './reception.seed';
import { slotProblems, allOf, ok } from './test-fixtures';
import type { CaseDto, DaySummaryDto, ReceptionDayDoc } from '../../types/reception/reception.schema';

jest.setTimeout(120_000);
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedSchool(cloud.db);
});
afterAll(async () => {
  await cloud?.close();
});

it('an upcoming day with a booking, last week’s cases, suggestions; idempotent; consistent', async () => {
  const first = await seedReception(cloud.db);
  expect(first).toMatchObject({ reception_days: 2, reception_bookings: 3, reception_cases: 4, open_events: 1, open_activities: 5, open_signups: 1 });
  expect(await seedReception(cloud.db)).toEqual({ reception_days: 0, reception_slots: 0, reception_bookings: 0, reception_cases: 0, open_events: 0, open_activities: 0, open_signups: 0 });
  for (const d of await allOf<ReceptionDayDoc>(cloud.db, 'reception_days', {})) expect(await slotProblems(cloud.db, d._id)).toEqual([]);
  // demo-parent-004 sees the upcoming day and can book it; the principal sees the reopened case.
  const u = (await cloud.db.collection('users').where({ openid: 'demo-parent-004' }).limit(1).get()).data[0] as { children: { childId: string; schoolId: string }[] };
  const child = u.children.find((c) => c.schoolId === SCHOOL_SEED.schoolA)!;
  const days = ok(await cloud.call<{ items: DaySummaryDto[] }>('reception', 'demo-parent-004', 'listDays', { childId: child.childId }));
  expect(days.items).toHaveLength(1);
  ok(await cloud.call('reception', 'demo-parent-004', 'book', { dayId: days.items[0].dayId, childId: child.childId, staffId: 'any', topic: '家庭教育', description: '想请教如何和孩子约定玩手机的时间' }));
  const cases = ok(await cloud.call<{ items: CaseDto[]; counts: { reopened: number; overdue: number } }>('reception', 'demo-principal-001', 'listCases', { schoolId: SCHOOL_SEED.schoolA }));
  expect(cases.counts.reopened).toBe(1);
  expect(cases.counts.overdue).toBe(1);
  expect(cases.items[0].status === 'reopened' || cases.items[0].overdue).toBe(true);
});
