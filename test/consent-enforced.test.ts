/**
 * PIPL: once a user withdraws consent, processing of their data stops at once in EVERY function,
 * not only in `school` (the data is deleted by school-cron after the grace period). Before the fix
 * course, attendance and credit kept serving a withdrawn parent (enrolments, archives, check-in).
 * Data-driven from the routes tables: every action except those marked withoutConsent answers
 * CONSENT_REQUIRED, and nothing is written.
 */
import { startTestCloud, type TestCloud } from './helpers/local-cloud';
import { seedDemo } from '../scripts/seed';
import { userIdFor } from '../server/access/actor';
import { CASES, FUNCTIONS, loadIds, snapshot, type Ids } from './helpers/route-cases';

jest.setTimeout(180_000);

/** Inputs of the actions that name nothing but the caller. */
const SELF_INPUTS: Record<string, unknown> = {
  withdrawConsent: {},
  me: {},
  todaySessions: {},
  ensureUser: {},
  acceptConsent: { version: 'x', guardianConsent: true },
  describeLoginTicket: { ticketId: 'A'.repeat(22) },
  confirmLoginTicket: { ticketId: 'A'.repeat(22) },
  rejectLoginTicket: { ticketId: 'A'.repeat(22) },
  listSessions: {},
  revokeSession: { sessionId: 'A'.repeat(22) },
  logout: {},
  confirmName: { realName: '王小明', purpose: 'cert-name-v1' },
  mine: {},
  reportSubscribe: { templateIds: ['tpl-notice-school'] },
};
/** A parent and a head teacher of school A (the owners of the records the cases name). */
const CALLERS = ['demo-parent-002', 'demo-teacher-001'];

let cloud: TestCloud;
let ids: Ids & { guardianChildOfParent2: string };

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  const u = (await cloud.db.collection('users').where({ _id: userIdFor('demo-parent-002') }).limit(1).get()).data[0] as { children: { childId: string }[] };
  ids = { ...(await loadIds(cloud)), guardianChildOfParent2: u.children[0].childId };
  for (const openid of CALLERS) {
    const r = await cloud.call('school', openid, 'withdrawConsent', {});
    expect(r.ok).toBe(true);
  }
});

afterAll(async () => {
  await cloud?.close();
});

test('only first open and accepting the notice work without consent (and public certificate verification, which needs no user)', () => {
  const exempt = Object.entries(FUNCTIONS).flatMap(([fn, routes]) =>
    Object.entries(routes as Record<string, { withoutConsent?: boolean; public?: boolean }>)
      .filter(([, r]) => r.withoutConsent || r.public)
      .map(([a]) => `${fn}.${a}`),
  );
  // Public routes act for nobody (no user's data): the desktop sign-in page before anyone signs in,
  // and certificate verification (anyone, signed in or not).
  expect(exempt.sort()).toEqual(['auth.createLoginTicket', 'auth.pollLoginTicket', 'certificate.verify', 'school.acceptConsent', 'school.ensureUser']);
});

test.each(CALLERS)('after withdrawing, %s gets CONSENT_REQUIRED from every other action; nothing is written', async (openid) => {
  const before = await snapshot(cloud);
  const wrong: string[] = [];
  for (const [fn, routes] of Object.entries(FUNCTIONS)) {
    for (const [action, r] of Object.entries(routes as Record<string, { withoutConsent?: boolean; public?: boolean }>)) {
      // Public routes process no data of the caller (certificate.verify: anyone, signed in or not).
      if (r.withoutConsent || r.public) continue;
      const c = CASES[fn][action];
      const input = 'self' in c ? SELF_INPUTS[action] : c.input(ids, 'parent');
      const res = await cloud.call(fn, openid, action, input);
      const code = res.ok ? 'OK' : res.error.code;
      if (code !== 'CONSENT_REQUIRED') wrong.push(`${fn}.${action}: ${code}`);
    }
  }
  expect(wrong).toEqual([]);
  expect(await snapshot(cloud)).toEqual(before);
});

/** The parent's own data, which these calls return while consent stands. */
const OWN = (childId: string): [string, string, unknown][] => [
  ['credit', 'myArchive', { familyId: childId }],
  ['course', 'myCourses', { childId }],
  ['course', 'list', { childId }],
  ['attendance', 'listLessons', { familyId: childId }],
];

test('a withdrawn parent’s own archive, courses and lessons are not served', async () => {
  for (const [fn, action, input] of OWN(ids.guardianChildOfParent2)) {
    const r = await cloud.call(fn, 'demo-parent-002', action, input);
    expect([`${fn}.${action}`, r.ok ? 'OK' : r.error.code]).toEqual([`${fn}.${action}`, 'CONSENT_REQUIRED']);
  }
});

test('accepting again restores access', async () => {
  const { PRIVACY_VERSION } = await import('../types/school/school.rules');
  const r = await cloud.call('school', 'demo-parent-002', 'acceptConsent', { version: PRIVACY_VERSION, guardianConsent: true });
  expect(r.ok).toBe(true);
  for (const [fn, action, input] of OWN(ids.guardianChildOfParent2)) {
    const res = await cloud.call(fn, 'demo-parent-002', action, input);
    expect([`${fn}.${action}`, res.ok ? 'OK' : res.error.code]).toEqual([`${fn}.${action}`, 'OK']);
  }
});
