/**
 * Regression: timer jobs run only from a timer trigger. A signed-in client could send the function
 * a timer-shaped event ({ Type: 'Timer', TriggerName }) and run the job itself (here the purge of
 * withdrawn families' data) whenever it liked.
 */
import { startTestCloud, type TestCloud } from './helpers/local-cloud';
import { seedDemo } from '../scripts/seed';
import { userIdFor } from '../server/access/actor';
import type { Result } from '../types/common/result';

jest.setTimeout(120_000);

let cloud: TestCloud;
const PARENT = 'demo-parent-002';

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  const r = await cloud.call('school', PARENT, 'withdrawConsent', {});
  expect(r.ok).toBe(true);
  // The grace period is over.
  await cloud.db.collection('deletion_jobs').doc(userIdFor(PARENT)).update({ data: { dueAt: new Date(Date.now() - 1000) } });
});

afterAll(async () => {
  await cloud?.close();
});

const guardianLinks = async () => (await cloud.db.collection('guardians').where({ userId: userIdFor(PARENT) }).count()).total;

test('a client’s timer-shaped event is refused and runs nothing', async () => {
  const before = await guardianLinks();
  expect(before).toBeGreaterThan(0);
  const r = (await cloud.invoke('school-cron', { Type: 'Timer', TriggerName: 'purgeWithdrawnConsent', Time: new Date().toISOString() }, 'demo-parent-001')) as Result<unknown>;
  expect(r.ok ? 'OK' : r.error.code).toBe('FORBIDDEN');
  expect(await guardianLinks()).toBe(before);
  const job = (await cloud.db.collection('deletion_jobs').doc(userIdFor(PARENT)).get()).data as { status: string };
  expect(job.status).toBe('scheduled');
});

test('the real trigger still runs the job', async () => {
  const r = (await cloud.fireTimer('school-cron', 'purgeWithdrawnConsent')) as Result<{ processed: number }>;
  expect(r.ok).toBe(true);
  expect(await guardianLinks()).toBe(0);
});
