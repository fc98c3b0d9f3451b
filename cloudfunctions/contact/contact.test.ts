/**
 * The `contact` function through the real wx-server-sdk against the local cloud (in-memory
 * SQLite), on top of the demo seed: cards and their order, publication of numbers, 家访 and
 * 重点关注 access, printed PDF cards (text and QR read back), 家委会.
 */
import jsQR from 'jsqr';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { A, ADMIN_A, HEAD_A31, HEAD_A32, code, ok } from '../../test/helpers/school-function';
import { pdfImages, pdfText } from '../../test/helpers/pdf-read';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import { CONTACT_SEED } from '../../server/contact/contact.seed';
import { userIdFor } from '../../server/access/actor';
import type { ClassCard, CommitteeMemberView, CoverageView, PrintResult, PublicationView, VisitView } from '../../types/contact/contact.schema';
import { phoneVisible, type Publication } from '../../types/contact/contact.rules';
import type { ChildLink, Membership, Position } from '../../types/school/roles';

jest.setTimeout(120_000);

const PARENT_1 = SCHOOL_SEED.parentOpenid(1);
const MATH_A3 = 'demo-teacher-003';
const DIRECTOR_A3 = 'demo-director-001';
const PRINCIPAL_A = 'demo-principal-001';

let cloud: TestCloud;
const call = <T = unknown>(openid: string, action: string, input?: unknown) => cloud.call<T>('contact', openid, action, input);
const count = async (coll: string, where: Record<string, unknown> = {}) => (await cloud.db.collection(coll).where(where).count()).total;
async function all<T>(coll: string, where: Record<string, unknown>): Promise<T[]> {
  return (await cloud.db.collection(coll).where(where).limit(1000).get()).data as T[];
}
const userDoc = async (openid: string) => (await all<{ children: ChildLink[]; memberships: Membership[] }>('users', { _id: userIdFor(openid) }))[0];
type StaffRow = { _id: string; name: string; phone: string; schoolId: string; positions: Position[]; officeHours: string; userId: string | null };

let childrenA31: { _id: string; name: string }[];
let parentA32: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  childrenA31 = await all('children', { classId: SCHOOL_SEED.classA31 });
  const g = (await all<{ userId: string; classId: string }>('guardians', { classId: SCHOOL_SEED.classA32 }))[0];
  const u = (await all<{ openid: string; children: ChildLink[] }>('users', { _id: g.userId }))[0];
  // A parent whose children are all in 三年级2班 (same school, another class).
  expect(u.children.every((c) => c.classId === SCHOOL_SEED.classA32)).toBe(true);
  parentA32 = u.openid;
});
afterAll(() => cloud.close());

describe('the card of a child’s class', () => {
  test('a parent of two children gets one card per child’s class, the head teacher first, in family order', async () => {
    const cards = ok(await call<ClassCard[]>(PARENT_1, 'myCards', {}));
    expect(cards.map((c) => c.classId)).toEqual([SCHOOL_SEED.classA31, SCHOOL_SEED.classB71]);
    const a = cards[0];
    expect(a.className).toBe('三年级1班');
    expect(a.childNames.length).toBe(1);
    const groups = a.entries.map((e) => e.group);
    expect(groups[0]).toBe('head');
    expect(a.entries[0].label).toBe('班主任 · 语文');
    // head, then subject teachers (数学 before 英语), 年级主任, 分管副校长, 校长
    expect(groups).toEqual(['head', 'subject', 'subject', 'grade', 'vice', 'principal']);
    expect(a.entries.slice(1, 3).map((e) => e.label)).toEqual(['数学老师（本班）', '英语老师（本班）']);
    expect(a.entries[3].label).toBe('三年级年级主任');
    expect(a.services.map((e) => e.label)).toEqual(['心理健康教师', '家庭教育指导教师']);
    expect(a.office).toEqual({ phone: CONTACT_SEED.officeA, address: CONTACT_SEED.addressA, hours: '工作日 8:00-17:00' });
    // No label without its class, none duplicated, none blank.
    for (const e of [...a.entries, ...a.services, ...a.others]) {
      expect(e.label.trim()).not.toBe('');
      expect(e.label).not.toMatch(/^班主任、|（本班）、.*老师$|、$/);
    }
    expect(a.others.length).toBeGreaterThan(5);
    expect(a.others.some((o) => /^[一二三四五六]年级\d班班主任/.test(o.label))).toBe(true);
    expect(a.others.find((o) => o.label.includes('英语老师（'))?.label).toMatch(/^英语老师（.+班、.+班.*）$/);
  });

  test('numbers as their owners published them: the head teacher in full, an unpublished number via the office, the 心理健康教师 school-wide', async () => {
    const [a] = ok(await call<ClassCard[]>(PARENT_1, 'myCards', {}));
    const head = a.entries[0];
    expect(head.phone).toMatch(/^139\d{8}$/);
    const english = a.entries.find((e) => e.label === '英语老师（本班）')!;
    expect(english).toMatchObject({ phone: null, phoneMasked: null, viaOffice: true });
    const psych = a.services.find((e) => e.label === '心理健康教师')!;
    expect(psych.phone).toMatch(/^139/);
    const family = a.services.find((e) => e.label === '家庭教育指导教师')!;
    // default: masked as before (not a leader, not a teacher of the class)
    expect(family).toMatchObject({ phone: null, viaOffice: true });
    expect(family.phoneMasked).toMatch(/^139\*{4}\d{4}$/);
  });

  test('a shared card shows only what that viewer may see', async () => {
    const card = ok(await call<ClassCard>(parentA32, 'classCard', { classId: SCHOOL_SEED.classA31 }));
    expect(card.childNames).toEqual([]);
    expect(card.entries[0]).toMatchObject({ group: 'head', phone: null, viaOffice: true });
    expect(card.entries.find((e) => e.group === 'principal')!.phone).toMatch(/^139/);
    // staff of the school see every number; another school's members get nothing
    const staffView = ok(await call<ClassCard>(MATH_A3, 'classCard', { classId: SCHOOL_SEED.classA31 }));
    expect([...staffView.entries, ...staffView.services].every((e) => e.phone)).toBe(true);
    expect(code(await call('demo-parent-110', 'classCard', { classId: SCHOOL_SEED.classA31 }))).toBe('FORBIDDEN');
    expect(code(await call(PARENT_1, 'classCard', { classId: 'nope' }))).toBe('CLASS_NOT_FOUND');
  });
});

describe('who publishes which number', () => {
  test('the staff member chooses; the choice, who and when are recorded; the card follows', async () => {
    const staff = (await all<StaffRow>('staff', { userId: userIdFor(MATH_A3) }))[0];
    const before = ok(await call<PublicationView>(MATH_A3, 'getPublication', { staffId: staff._id }));
    expect(before).toMatchObject({ publication: 'default', setBy: null, setAt: null, history: [] });
    const hidden = ok(await call<PublicationView>(MATH_A3, 'setPublication', { staffId: staff._id, publication: 'hidden' }));
    expect(hidden).toMatchObject({ publication: 'hidden', setBy: 'self' });
    let [a] = ok(await call<ClassCard[]>(PARENT_1, 'myCards', {}));
    expect(a.entries.find((e) => e.staffId === staff._id)).toMatchObject({ phone: null, phoneMasked: null, viaOffice: true });
    const byAdmin = ok(await call<PublicationView>(ADMIN_A, 'setPublication', { staffId: staff._id, publication: 'classes' }));
    expect(byAdmin.setBy).toBe('admin');
    expect(byAdmin.history.map((h) => [h.publication, h.setBy])).toEqual([
      ['hidden', 'self'],
      ['classes', 'admin'],
    ]);
    const doc = (await all<{ setBy: string; setAt: Date }>('contact_publications', { _id: staff._id }))[0];
    expect(doc.setBy).toBe(userIdFor(ADMIN_A));
    [a] = ok(await call<ClassCard[]>(PARENT_1, 'myCards', {}));
    expect(a.entries.find((e) => e.staffId === staff._id)!.phone).toBe(staff.phone);
  });

  test('another teacher cannot choose for a colleague; bad input is refused and writes nothing', async () => {
    const staff = (await all<StaffRow>('staff', { userId: userIdFor(HEAD_A32) }))[0];
    const n = await count('contact_publications');
    expect(code(await call(HEAD_A31, 'setPublication', { staffId: staff._id, publication: 'school' }))).toBe('FORBIDDEN');
    expect(code(await call(PARENT_1, 'setPublication', { staffId: staff._id, publication: 'school' }))).toBe('FORBIDDEN');
    expect(code(await call(HEAD_A32, 'setPublication', { staffId: staff._id, publication: 'everyone' }))).toBe('VALIDATION_FAILED');
    expect(code(await call(HEAD_A32, 'setPublication', { staffId: staff._id }))).toBe('VALIDATION_FAILED');
    expect(await count('contact_publications')).toBe(n);
  });

  test('20 concurrent choices: no user-facing error, every one in the history, the last one stands', async () => {
    const staff = (await all<StaffRow>('staff', { userId: userIdFor(HEAD_A32) }))[0];
    const choices: Publication[] = Array.from({ length: 20 }, (_, i) => (['classes', 'school', 'hidden', 'default'] as const)[i % 4]);
    const rs = await Promise.all(choices.map((publication, i) => call<PublicationView>(i % 2 ? HEAD_A32 : ADMIN_A, 'setPublication', { staffId: staff._id, publication })));
    expect(rs.map(code)).toEqual(choices.map(() => 'OK'));
    const doc = (await all<{ publication: Publication; history: { publication: Publication }[] }>('contact_publications', { _id: staff._id }))[0];
    expect(doc.history).toHaveLength(20);
    expect(doc.history[19].publication).toBe(doc.publication);
  });

  test('the rule table agrees with every number a parent receives', async () => {
    const u = await userDoc(PARENT_1);
    const staff = await all<StaffRow>('staff', { schoolId: A });
    const pubs = Object.fromEntries((await all<{ staffId: string; publication: Publication }>('contact_publications', { schoolId: A })).map((p) => [p.staffId, p.publication]));
    const body = JSON.stringify(ok(await call(PARENT_1, 'myCards', {})));
    const m = u.memberships.find((x) => x.schoolId === A);
    for (const s of staff) expect([s.name, body.includes(s.phone)]).toEqual([s.name, phoneVisible({ membership: m, children: u.children }, s, pubs[s._id] ?? 'default')]);
  });
});

describe('school details', () => {
  test('admins set the office line and address; bad numbers are refused', async () => {
    expect(code(await call(HEAD_A31, 'setSchoolInfo', { schoolId: A, address: 'x', officePhone: '0571-86690001' }))).toBe('FORBIDDEN');
    expect(code(await call(ADMIN_A, 'setSchoolInfo', { schoolId: A, address: '杭州', officePhone: '12345' }))).toBe('VALIDATION_FAILED');
    const info = ok(await call(ADMIN_A, 'setSchoolInfo', { schoolId: A, address: CONTACT_SEED.addressA, officePhone: CONTACT_SEED.officeA, officeHours: '工作日 8:00-17:00' }));
    expect(info).toMatchObject({ officePhone: CONTACT_SEED.officeA });
    expect(ok(await call(PARENT_1, 'getSchoolInfo', { schoolId: A }))).toMatchObject({ address: CONTACT_SEED.addressA });
  });
});

describe('家访 records', () => {
  const visit = (over: Record<string, unknown> = {}) => ({
    classId: SCHOOL_SEED.classA31,
    childIds: [childrenA31[0]._id],
    date: '2026-11-20',
    form: '电话',
    participants: ['母亲'],
    topics: ['学习习惯'],
    notes: '沟通顺畅',
    followUps: [{ text: '下周反馈', dueDate: '2026-11-27' }],
    requestKey: `visit-${Math.random().toString(36).slice(2, 12)}`,
    ...over,
  });

  test('the head teacher records a visit; the same request key sent 10 times at once records it once', async () => {
    const input = visit();
    const n = await count('home_visits');
    const rs = await Promise.all(Array.from({ length: 10 }, () => call<VisitView>(HEAD_A31, 'recordVisit', input)));
    expect(rs.map(code)).toEqual(Array(10).fill('OK'));
    expect(new Set(rs.map((r) => ok(r).visitId)).size).toBe(1);
    expect(await count('home_visits')).toBe(n + 1);
    expect(ok(rs[0])).toMatchObject({ form: '电话', childNames: [childrenA31[0].name], mine: true });
  });

  test('a group visit by a subject teacher (全员导师制): they see their own, the head teacher sees all', async () => {
    const mine = ok(await call<VisitView>(MATH_A3, 'recordVisit', visit({ childIds: [childrenA31[4]._id, childrenA31[5]._id], form: '视频' })));
    expect(mine.childIds).toHaveLength(2);
    const teacherList = ok(await call<VisitView[]>(MATH_A3, 'listVisits', { classId: SCHOOL_SEED.classA31 }));
    expect(teacherList.every((v) => v.mine)).toBe(true);
    const headList = ok(await call<VisitView[]>(HEAD_A31, 'listVisits', { classId: SCHOOL_SEED.classA31 }));
    expect(headList.map((v) => v.visitId)).toContain(mine.visitId);
    expect(headList.length).toBeGreaterThan(teacherList.length);
    for (const who of [DIRECTOR_A3, PRINCIPAL_A]) expect(ok(await call<VisitView[]>(who, 'listVisits', { classId: SCHOOL_SEED.classA31 })).length).toBe(headList.length);
  });

  test('bad input is clear and writes nothing', async () => {
    const n = await count('home_visits');
    const future = await call(HEAD_A31, 'recordVisit', visit({ date: '2099-01-01' }));
    expect(code(future)).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(future)).toContain('家访日期不能晚于今天');
    const other = (await all<{ _id: string }>('children', { classId: SCHOOL_SEED.classA32 }))[0];
    expect(code(await call(HEAD_A31, 'recordVisit', visit({ childIds: [other._id] })))).toBe('VALIDATION_FAILED');
    expect(code(await call(HEAD_A31, 'recordVisit', visit({ form: '上门' })))).toBe('VALIDATION_FAILED');
    expect(code(await call(HEAD_A31, 'recordVisit', visit({ childIds: [] })))).toBe('VALIDATION_FAILED');
    expect(code(await call(HEAD_A31, 'recordVisit', visit({ followUps: [{ text: '回访', dueDate: '2026-11-01' }] })))).toBe('VALIDATION_FAILED');
    expect(await count('home_visits')).toBe(n);
  });

  test('coverage this school year for the head teacher and leaders; 重点关注 marked by head teacher or leader; every view logged', async () => {
    const views = await count('focus_views');
    const cov = ok(await call<CoverageView>(HEAD_A31, 'coverage', { classId: SCHOOL_SEED.classA31 }));
    expect(cov.schoolYear).toBe('2026-2027');
    expect(cov.total).toBe(childrenA31.length);
    expect(cov.visited + cov.missing.length).toBe(cov.total);
    const visited = new Set((await all<{ childIds: string[] }>('home_visits', { classId: SCHOOL_SEED.classA31 })).flatMap((v) => v.childIds));
    expect(cov.visited).toBe(visited.size);
    expect(cov.missing.map((m) => m.childId).sort()).toEqual(childrenA31.map((c) => c._id).filter((id) => !visited.has(id)).sort());
    expect(cov.families.filter((f) => f.focus)).toHaveLength(1);
    expect(await count('focus_views')).toBe(views + 1);
    const log = (await cloud.db.collection('focus_views').orderBy('at', 'desc').limit(1).get()).data[0] as { viewerId: string; at: Date; action: string };
    expect(log).toMatchObject({ viewerId: userIdFor(HEAD_A31), action: 'coverage' });
    expect(log.at).toBeTruthy();

    const target = childrenA31[6]._id;
    expect(code(await call(MATH_A3, 'setFocus', { childId: target, focus: true, reason: 'x' }))).toBe('FORBIDDEN');
    expect(code(await call(DIRECTOR_A3, 'setFocus', { childId: target, focus: true, reason: 'x' }))).toBe('FORBIDDEN');
    ok(await call(PRINCIPAL_A, 'setFocus', { childId: target, focus: true, reason: '需要关注' }));
    ok(await call(HEAD_A31, 'setFocus', { childId: target, focus: true, reason: '需要关注' }));
    const focus = ok(await call<{ childId: string }[]>(DIRECTOR_A3, 'listFocus', { classId: SCHOOL_SEED.classA31 }));
    expect(focus.map((f) => f.childId)).toContain(target);
    expect(await count('focus_views', { viewerId: userIdFor(DIRECTOR_A3) })).toBe(1);
    expect(code(await call(MATH_A3, 'coverage', { classId: SCHOOL_SEED.classA31 }))).toBe('FORBIDDEN');
    expect(code(await call(MATH_A3, 'listFocus', { classId: SCHOOL_SEED.classA31 }))).toBe('FORBIDDEN');
  });

  test('12 concurrent 重点关注 marks of one family by the head teacher and the principal: no error, one record', async () => {
    const target = childrenA31[7]._id;
    const rs = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i % 2 ? PRINCIPAL_A : HEAD_A31, 'setFocus', { childId: target, focus: i % 3 !== 0, reason: `第${i}次` })));
    expect(rs.map(code)).toEqual(Array(12).fill('OK'));
    expect(await count('focus_marks', { childId: target })).toBe(1);
    expect(code(await call(HEAD_A31, 'setFocus', { childId: target, focus: 'yes' }))).toBe('VALIDATION_FAILED');
  });
});

describe('printed cards', () => {
  test('the head teacher prints an A4 PDF: one card per family, numbers exactly as published, never a hidden one, and a QR that binds', async () => {
    const r = ok(await call<PrintResult>(HEAD_A31, 'printCards', { classId: SCHOOL_SEED.classA31 }));
    expect(r.cards).toBe(childrenA31.length);
    expect(r.pages).toBe(Math.ceil(childrenA31.length / 4));
    expect(r.fileID).toMatch(/^cloud:\/\/.+contact-cards\//);
    const file = (await cloud.sdk.downloadFile({ fileID: r.fileID })) as { fileContent: Buffer };
    const bytes = new Uint8Array(file.fileContent);
    expect(bytes.length).toBe(r.bytes);
    mkdirSync(join(__dirname, '../../test-output/contact'), { recursive: true });
    writeFileSync(join(__dirname, '../../test-output/contact/class-cards.pdf'), bytes);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    // The font is embedded as a subset: far smaller than the 10 MB font file.
    expect(bytes.length).toBeLessThan(400_000);

    const text = pdfText(bytes).flat().join('\n');
    for (const c of childrenA31) expect(text).toContain(`${c.name}家庭`);
    expect(text).toContain(CONTACT_SEED.officeA);
    expect(text).toContain(CONTACT_SEED.addressA.replace(/ /g, ' '));
    // Every staff number on the sheet is one a family of the class may see, and every such number is there.
    const family: Membership = { schoolId: A, roles: ['parent'], positions: [] };
    const link: ChildLink = { childId: 'x', schoolId: A, gradeId: SCHOOL_SEED.gradeA3, classId: SCHOOL_SEED.classA31, childName: '', relation: '' };
    const staff = await all<StaffRow>('staff', { schoolId: A });
    const pubs = Object.fromEntries((await all<{ staffId: string; publication: Publication }>('contact_publications', { schoolId: A })).map((p) => [p.staffId, p.publication]));
    const onCard = (await call<ClassCard>(HEAD_A31, 'classCard', { classId: SCHOOL_SEED.classA31 })) as { ok: true; data: ClassCard };
    const cardIds = new Set([...onCard.data.entries, ...onCard.data.services].map((e) => e.staffId));
    let shown = 0;
    for (const s of staff) {
      const expected = cardIds.has(s._id) && phoneVisible({ membership: family, children: [link] }, s, pubs[s._id] ?? 'default');
      expect([s.name, text.includes(s.phone)]).toEqual([s.name, expected]);
      if (expected) shown++;
    }
    expect(shown).toBeGreaterThan(3);
    const head = staff.find((s) => s.userId === userIdFor(HEAD_A31))!;
    expect(text).toContain(head.name);
    expect(text).toContain('请通过学校办公室转接');

    const codeMatch = /班级邀请码 ([A-Z0-9]{3} [A-Z0-9]{3})/.exec(text);
    expect(codeMatch).toBeTruthy();
    const joinCode = codeMatch![1].replace(' ', '');
    const images = await pdfImages(bytes);
    expect(images.length).toBeGreaterThanOrEqual(1);
    const decoded = images.map((im) => jsQR(im.data, im.width, im.height)?.data).filter(Boolean);
    expect(decoded).toContain(`packages/school/pages/bind-child/index?scene=${encodeURIComponent(`c=${joinCode}`)}`);
  });

  test('only the class’s 班主任 or an admin prints', async () => {
    expect(code(await call(MATH_A3, 'printCards', { classId: SCHOOL_SEED.classA31 }))).toBe('FORBIDDEN');
    expect(code(await call(HEAD_A32, 'printCards', { classId: SCHOOL_SEED.classA31 }))).toBe('FORBIDDEN');
    expect(code(await call(PARENT_1, 'printCards', { classId: SCHOOL_SEED.classA31 }))).toBe('FORBIDDEN');
    expect(code(await call(ADMIN_A, 'printCards', { classId: SCHOOL_SEED.classA32 }))).toBe('OK');
  });
});

describe('家委会', () => {
  test('the head teacher appoints a guardian; the card shows only what the member agreed to publish', async () => {
    const g = (await all<{ childId: string; userId: string }>('guardians', { classId: SCHOOL_SEED.classA31 })).find((x) => x.userId !== userIdFor(PARENT_1))!;
    const member = ok(await call<CommitteeMemberView>(HEAD_A31, 'appointCommittee', { level: 'class', childId: g.childId, userId: g.userId, role: '副主任', term: '2026-2027学年' }));
    expect(member).toMatchObject({ tierLabel: '班级家委会', role: '副主任', displayName: '家长代表', phone: null, agreedAt: null });
    const openid = (await all<{ openid: string }>('users', { _id: g.userId }))[0].openid;
    let [card] = ok(await call<ClassCard[]>(PARENT_1, 'myCards', {}));
    expect(card.committee.find((c) => c.memberId === member.memberId)).toMatchObject({ displayName: '家长代表', phone: null });
    expect(code(await call(PARENT_1, 'setCommitteePublication', { memberId: member.memberId, displayName: '冒名', phone: null }))).toBe('NOT_FOUND');
    expect(code(await call(openid, 'setCommitteePublication', { memberId: member.memberId, displayName: '周先生', phone: '123' }))).toBe('VALIDATION_FAILED');
    ok(await call(openid, 'setCommitteePublication', { memberId: member.memberId, displayName: '周先生', phone: '13900009002' }));
    [card] = ok(await call<ClassCard[]>(PARENT_1, 'myCards', {}));
    expect(card.committee.find((c) => c.memberId === member.memberId)).toMatchObject({ displayName: '周先生', phone: '13900009002' });
    // another class's family sees the class committee of 三年级1班 without the number
    const shared = ok(await call<ClassCard>(parentA32, 'classCard', { classId: SCHOOL_SEED.classA31 }));
    expect(shared.committee.find((c) => c.memberId === member.memberId)).toMatchObject({ displayName: '周先生', phone: null });
    const seats = ok(await call<CommitteeMemberView[]>(openid, 'myCommitteeSeats', {}));
    expect(seats.map((s) => s.memberId)).toContain(member.memberId);
    expect(code(await call(MATH_A3, 'appointCommittee', { level: 'class', childId: g.childId, userId: g.userId, role: '委员', term: '2026-2027学年' }))).toBe('FORBIDDEN');
    expect(code(await call(HEAD_A31, 'appointCommittee', { level: 'school', childId: g.childId, userId: g.userId, role: '委员', term: '2026-2027学年' }))).toBe('FORBIDDEN');
    expect(code(await call(HEAD_A31, 'appointCommittee', { level: 'class', childId: g.childId, userId: userIdFor(PARENT_1), role: '委员', term: '2026-2027学年' }))).toBe('VALIDATION_FAILED');
    ok(await call(HEAD_A31, 'removeCommittee', { memberId: member.memberId }));
    expect(await count('committee_members', { _id: member.memberId })).toBe(0);
  });

  test('10 concurrent appointments of the same guardian and term: no error, one seat; bad terms refused', async () => {
    const g = (await all<{ childId: string; userId: string }>('guardians', { classId: SCHOOL_SEED.classA31 })).filter((x) => x.userId !== userIdFor(PARENT_1))[1];
    const n = await count('committee_members');
    const input = { level: 'class', childId: g.childId, userId: g.userId, role: '委员', term: '2027-2028学年' };
    const rs = await Promise.all(Array.from({ length: 10 }, () => call<CommitteeMemberView>(HEAD_A31, 'appointCommittee', input)));
    expect(rs.map(code)).toEqual(Array(10).fill('OK'));
    expect(new Set(rs.map((r) => ok(r).memberId)).size).toBe(1);
    expect(await count('committee_members')).toBe(n + 1);
    expect(code(await call(HEAD_A31, 'appointCommittee', { ...input, term: '明年' }))).toBe('VALIDATION_FAILED');
    expect(code(await call(HEAD_A31, 'appointCommittee', { ...input, role: '会长' }))).toBe('VALIDATION_FAILED');
    expect(await count('committee_members')).toBe(n + 1);
  });
});
