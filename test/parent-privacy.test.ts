/**
 * What a parent can read about other people (PIPL): every reading action a parent may call, with
 * the parent's own ids and with classmates' ids. No reply may carry another family's child's name,
 * anyone's openid, a full phone number of staff outside the parent's 家长联络卡, or anyone else's
 * star level.
 */
import { startTestCloud, type TestCloud } from './helpers/local-cloud';
import { seedDemo, SCHOOL_SEED } from '../scripts/seed';
import { userIdFor } from '../server/access/actor';
import { phoneVisible, type Publication } from '../types/contact/contact.rules';
import type { ChildLink, Membership, Position } from '../types/school/roles';

jest.setTimeout(120_000);

const PARENT = 'demo-parent-002';
const A = SCHOOL_SEED.schoolA;

let cloud: TestCloud;
let mine: ChildLink[];
let membership: Membership;
const replies: { call: string; body: string; ok: boolean; code?: string }[] = [];

async function all<T>(coll: string, where: Record<string, unknown>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const r = await cloud.db.collection(coll).where(where).skip(out.length).limit(1000).get();
    out.push(...(r.data as T[]));
    if (r.data.length < 1000) return out;
  }
}

async function call(fn: string, action: string, input: unknown) {
  const r = await cloud.call(fn, PARENT, action, input);
  replies.push({ call: `${fn}.${action}`, body: JSON.stringify(r), ok: r.ok, code: r.ok ? undefined : r.error.code });
  return r;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  const u = (await all<{ children: ChildLink[]; memberships: Membership[] }>('users', { _id: userIdFor(PARENT) }))[0];
  mine = u.children;
  membership = u.memberships.find((m) => m.schoolId === A)!;
  const child = mine[0];
  const classmate = (await all<{ _id: string }>('children', { classId: child.classId })).find((c) => c._id !== child.childId)!;

  await call('school', 'me', {});
  await call('school', 'getSchool', { schoolId: A });
  await call('school', 'listGrades', { schoolId: A });
  await call('school', 'listStaff', { schoolId: A });
  await call('school', 'classRoster', { classId: child.classId });
  await call('school', 'listGuardians', { childId: child.childId });
  await call('school', 'listGuardians', { childId: classmate._id });
  const list = await call('course', 'list', { childId: child.childId });
  await call('course', 'list', { childId: child.childId, when: 'past' });
  await call('course', 'myCourses', {});
  const courses = list.ok ? (list.data as { items: { courseId: string }[] }).items : [];
  for (const c of courses) {
    await call('course', 'detail', { courseId: c.courseId, childId: child.childId });
    await call('course', 'enrollments', { courseId: c.courseId });
  }
  await call('attendance', 'listLessons', { familyId: child.childId });
  await call('credit', 'myArchive', { familyId: child.childId });
  await call('credit', 'myArchive', { familyId: classmate._id });
  await call('credit', 'familyArchive', { schoolId: A, familyId: classmate._id });
  await call('credit', 'classStars', { schoolId: A, classId: child.classId });
  await call('credit', 'schoolStars', { schoolId: A });
  await call('credit', 'getSettings', { schoolId: A });
  // Reception: the parent's own bookings and cases; nothing of other families' topics or outcomes.
  const days = await call('reception', 'listDays', { childId: child.childId });
  for (const d of days.ok ? (days.data as { items: { dayId: string }[] }).items : []) {
    await call('reception', 'dayDetail', { dayId: d.dayId, childId: child.childId });
    await call('reception', 'dayList', { dayId: d.dayId });
  }
  await call('reception', 'myBookings', {});
  await call('reception', 'myCases', {});
  for (const c of await all<{ _id: string; familyId: string }>('reception_cases', { schoolId: A })) {
    if (c.familyId !== child.childId) await call('reception', 'caseDetail', { caseId: c._id });
  }
  await call('reception', 'listCases', { schoolId: A });
  const events = await call('reception', 'listOpenEvents', { childId: child.childId });
  for (const e of events.ok ? (events.data as { items: { activities: { activityId: string }[] }[] }).items : []) for (const a of e.activities) await call('reception', 'activitySignups', { activityId: a.activityId });
  await call('reception', 'assignedCases', { schoolId: A });
  await call('certificate', 'mine', {});
  await call('certificate', 'eligibility', { schoolId: A, classId: child.classId });
  await call('certificate', 'getRule', { schoolId: A });
  const box = await call('notice', 'inbox', {});
  for (const n of box.ok ? (box.data as { items: { noticeId: string }[] }).items : []) await call('notice', 'detail', { noticeId: n.noticeId });
  await call('notice', 'unreadCount', {});
  await call('notice', 'stats', { noticeId: 'nt_seed_a31_meeting' });
  // 家长联络卡: the parent's own cards, a shared card of their class and of another class, and
  // the staff-only 家访 / 重点关注 / print reads (refused), with the parent's and a classmate's ids.
  await call('contact', 'myCards', {});
  await call('contact', 'classCard', { classId: child.classId });
  const otherClass = (await all<{ _id: string }>('classes', { schoolId: A })).find((c) => c._id !== child.classId)!;
  await call('contact', 'classCard', { classId: otherClass._id });
  await call('contact', 'myCommitteeSeats', {});
  await call('contact', 'getSchoolInfo', { schoolId: A });
  for (const classId of [child.classId, otherClass._id]) {
    await call('contact', 'listVisits', { classId });
    await call('contact', 'coverage', { classId });
    await call('contact', 'listFocus', { classId });
    await call('contact', 'listCommittee', { classId });
    await call('contact', 'printCards', { classId });
  }
  await call('contact', 'setFocus', { childId: classmate._id, focus: false });
});

afterAll(async () => {
  await cloud?.close();
});

test('the parent’s own reads succeed (the test reads real replies)', () => {
  const ok = (c: string) => replies.filter((r) => r.call === c).every((r) => r.ok);
  for (const c of ['school.me', 'school.listStaff', 'course.list', 'course.myCourses', 'course.detail', 'attendance.listLessons', 'credit.getSettings', 'certificate.mine', 'notice.inbox', 'notice.detail', 'contact.myCards', 'contact.classCard', 'contact.myCommitteeSeats']) expect([c, ok(c)]).toEqual([c, true]);
  expect(replies.filter((r) => r.call === 'course.detail').length).toBeGreaterThan(0);
});

test('reception: the parent reads their own days, bookings and cases; other families’ cases do not exist for them', () => {
  expect(replies.filter((r) => r.call === 'reception.activitySignups').length).toBeGreaterThan(0);
  for (const c of ['reception.listDays', 'reception.dayDetail', 'reception.myBookings', 'reception.myCases', 'reception.listOpenEvents']) expect([c, replies.filter((r) => r.call === c).every((r) => r.ok)]).toEqual([c, true]);
  expect(replies.filter((r) => r.call === 'reception.dayDetail').length).toBeGreaterThan(0);
  const others = replies.filter((r) => r.call === 'reception.caseDetail');
  expect(others.length).toBeGreaterThan(1);
  expect(others.map((r) => r.code)).toEqual(others.map(() => 'RECEPTION_CASE_NOT_FOUND'));
  for (const c of ['reception.dayList', 'reception.listCases', 'reception.assignedCases', 'reception.activitySignups']) for (const r of replies.filter((x) => x.call === c)) expect([c, r.code]).toEqual([c, 'FORBIDDEN']);
});

test('staff-only reads are refused to a parent', () => {
  for (const c of ['school.classRoster', 'course.enrollments', 'credit.familyArchive', 'credit.classStars', 'credit.schoolStars', 'certificate.eligibility', 'certificate.getRule', 'contact.listVisits', 'contact.coverage', 'contact.listFocus', 'contact.setFocus', 'contact.listCommittee', 'contact.printCards']) {
    for (const r of replies.filter((x) => x.call === c)) expect([c, r.code]).toEqual([c, 'FORBIDDEN']);
  }
  const guardians = replies.filter((r) => r.call === 'school.listGuardians');
  expect(guardians.map((r) => r.ok)).toEqual([true, false]);
  const archives = replies.filter((r) => r.call === 'credit.myArchive');
  expect(archives.map((r) => r.ok)).toEqual([true, false]);
});

test('no reply names another family’s child', async () => {
  const own = new Set(mine.map((c) => c.childName));
  const others = (await all<{ name: string }>('children', {})).map((c) => c.name).filter((n) => !own.has(n));
  expect(others.length).toBeGreaterThan(100);
  const leaks = replies.flatMap((r) => others.filter((n) => r.body.includes(n)).map((n) => `${r.call}: ${n}`));
  expect(leaks).toEqual([]);
});

test('no 家访 or 重点关注 content reaches the parent', async () => {
  const visits = await all<{ notes: string; topics: string[] }>('home_visits', { schoolId: A });
  const focus = await all<{ reason: string }>('focus_marks', { schoolId: A });
  expect(visits.length).toBeGreaterThan(0);
  expect(focus.length).toBeGreaterThan(0);
  const secrets = [...visits.flatMap((v) => [v.notes, ...v.topics]), ...focus.map((f) => f.reason)].filter((x) => x.length >= 2);
  const body = replies.map((r) => r.body).join('\n');
  expect(secrets.filter((x) => body.includes(x))).toEqual([]);
  expect(body).not.toMatch(/"focus"|重点关注|visitId|followUps/);
});

test('no reply carries an openid', () => {
  expect(replies.filter((r) => /demo-(parent|teacher|admin|principal|director)-/.test(r.body)).map((r) => r.call)).toEqual([]);
});

test('a full staff number only where its owner published it to this parent (家长联络卡); masked or via the office otherwise', async () => {
  const staff = await all<{ _id: string; phone: string; schoolId: string; positions: Position[] }>('staff', { schoolId: A });
  const pubs = new Map((await all<{ staffId: string; publication: Publication }>('contact_publications', { schoolId: A })).map((p) => [p.staffId, p.publication]));
  expect([...pubs.values()]).toContain('hidden');
  const body = replies.map((r) => r.body).join('\n');
  const shown = staff.filter((s) => body.includes(s.phone));
  const allowed = staff.filter((s) => phoneVisible({ membership, children: mine }, s, pubs.get(s._id) ?? 'default'));
  expect(allowed.length).toBeGreaterThan(0);
  expect(allowed.length).toBeLessThan(staff.length);
  expect(shown.map((s) => s.phone).sort()).toEqual(allowed.map((s) => s.phone).sort());
});

test('the parent sees only their own star level', () => {
  const archive = JSON.parse(replies.find((r) => r.call === 'credit.myArchive' && r.ok)!.body) as { data: { familyId: string; star: unknown } };
  expect(archive.data.familyId).toBe(mine[0].childId);
  // No other reply carries a star level or a ranking.
  const withStars = replies.filter((r) => r.ok && r.call !== 'credit.myArchive' && /"(star|level|rank|distribution)"/.test(r.body)).map((r) => r.call);
  expect(withStars).toEqual([]);
});
