/**
 * Notices across schools, role × audience: school B's admin, head teacher and parent try every
 * audience of school A — A's class, grade and course from B, the 教联体 from B (not the lead
 * school), and A's class, school, 教联体 and course in A's name — and are refused, with nothing
 * written; school A's principal (the lead school's) may address the 教联体, B's may not.
 */
import { startTestCloud, type TestCloud } from './helpers/local-cloud';
import { seedDemo } from '../scripts/seed';
import { DENIED, loadIds, NOTICE_AUDIENCES_OF_A, noticeDraft, ROLES, snapshot, B, type Ids, type Role } from './helpers/route-cases';

jest.setTimeout(180_000);

let cloud: TestCloud;
let ids: Ids;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  ids = await loadIds(cloud);
});
afterAll(async () => {
  await cloud?.close();
});

test.each(Object.keys(ROLES) as Role[])('school B’s %s reaches no audience of school A, and nothing is written', async (role) => {
  const before = await snapshot(cloud);
  const got: string[] = [];
  for (const a of NOTICE_AUDIENCES_OF_A(ids)) {
    const r = await cloud.call('notice', ROLES[role], 'send', a.input);
    const code = r.ok ? 'OK' : r.error.code;
    if (!(DENIED(code) || code === 'NOTICE_AUDIENCE_FORBIDDEN')) got.push(`${a.name}: ${code}`);
  }
  expect(got).toEqual([]);
  expect(await snapshot(cloud)).toEqual(before);
});

test('the 教联体: the lead school’s principal reaches member schools’ parents; the member school’s principal may not', async () => {
  const lead = await cloud.call<{ notice: { counts: { recipients: number } } }>('notice', 'demo-principal-001', 'send', noticeDraft('school-bjsx', { kind: 'alliance' }));
  if (!lead.ok) throw new Error(lead.error.code);
  const parentsOfBoth = (await cloud.db.collection('users').where({ 'children.schoolId': cloud.db.command.in(['school-bjsx', B]) }).count()).total;
  expect(lead.data.notice.counts.recipients).toBe(parentsOfBoth);
  const member = await cloud.call('notice', 'demo-principal-002', 'send', noticeDraft(B, { kind: 'alliance' }));
  expect(member.ok ? 'OK' : member.error.code).toBe('NOTICE_AUDIENCE_FORBIDDEN');
});
