/**
 * The `school` function through the real wx-server-sdk against the local cloud (in-memory
 * SQLite), on top of the demo seed.
 */
import ExcelJS from 'exceljs';
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { A, B, HEAD_A31, HEAD_A32, ADMIN_A, ADMIN_B, HEAD_B71, code, consentingUser, ok } from '../../test/helpers/school-function';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import { userIdFor } from '../../server/access/actor';
import type { Result } from '../../types/common/result';
import type { Profile, Roster, StaffDto } from '../../types/school/school.schema';
import { PRIVACY_VERSION } from '../../types/school/school.rules';

jest.setTimeout(60_000);

const MATH_A3 = 'demo-teacher-003';
const DIRECTOR_A3 = 'demo-director-001';
const PARENT_1 = SCHOOL_SEED.parentOpenid(1);
const PARENT_2 = SCHOOL_SEED.parentOpenid(2);

let cloud: TestCloud;
let seq = 0;

const call = <T = unknown>(openid: string, action: string, input?: unknown) => cloud.call<T>('school', openid, action, input);
const count = async (coll: string, where: Record<string, unknown> = {}) => (await cloud.db.collection(coll).where(where).count()).total;
const getDoc = async (coll: string, id: string) => (await cloud.db.collection(coll).where({ _id: id }).limit(1).get()).data[0] ?? null;

/** A brand-new WeChat user who opened the app and accepted the privacy notice. */
const newParent = () => consentingUser(cloud, `test-user-${++seq}`);

async function freshCode(classId = SCHOOL_SEED.classA31, openid = HEAD_A31): Promise<string> {
  return ok(await call<{ code: string }>(openid, 'createJoinCode', { classId, validDays: 7 })).code;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
});
afterAll(() => cloud.close());

describe('first open and consent', () => {
  it('creates the user once from OPENID and asks for consent', async () => {
    const openid = `test-first-${++seq}`;
    const p1 = ok(await call<Profile>(openid, 'ensureUser', {}));
    const p2 = ok(await call<Profile>(openid, 'ensureUser', {}));
    expect(p1.userId).toBe(userIdFor(openid));
    expect(p2.userId).toBe(p1.userId);
    expect(p1.needsConsent).toBe(true);
    expect(p1.consentVersion).toBe(PRIVACY_VERSION);
    expect(await count('users', { openid })).toBe(1);
  });

  it('refuses every other action until consent, records version and time, then works', async () => {
    const openid = `test-consent-${++seq}`;
    ok(await call(openid, 'ensureUser', {}));
    for (const [action, input] of [
      ['me', {}],
      ['listStaff', { schoolId: A }],
      ['bindChild', { code: SCHOOL_SEED.joinCodeA31, childName: '测试孩子', relation: '母亲' }],
      ['previewJoinCode', { code: SCHOOL_SEED.joinCodeA31 }],
    ] as const) {
      expect(code(await call(openid, action, input))).toBe('CONSENT_REQUIRED');
    }
    expect(code(await call(openid, 'acceptConsent', { version: '1999.1', guardianConsent: true }))).toBe('VALIDATION_FAILED');
    expect(code(await call(openid, 'acceptConsent', { version: PRIVACY_VERSION, guardianConsent: false }))).toBe('VALIDATION_FAILED');
    expect(await count('consents', { userId: userIdFor(openid) })).toBe(0);
    const p = ok(await call<Profile>(openid, 'acceptConsent', { version: PRIVACY_VERSION, guardianConsent: true }));
    expect(p.needsConsent).toBe(false);
    expect(p.consent?.version).toBe(PRIVACY_VERSION);
    expect(new Date(p.consent!.acceptedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await count('consents', { userId: userIdFor(openid), action: 'accept' })).toBe(1);
    expect(ok(await call<Profile>(openid, 'me', {})).userId).toBe(userIdFor(openid));
  });

  it('a caller with no WeChat identity is UNAUTHENTICATED', async () => {
    expect(code(await call('', 'ensureUser', {}))).toBe('UNAUTHENTICATED');
    expect(code(await call(`never-opened-${++seq}`, 'me', {}))).toBe('UNAUTHENTICATED');
  });
});

describe('join codes and binding a child', () => {
  it('head teacher issues a code with a QR; a parent previews it and binds a child', async () => {
    const before = cloud.outbox().length;
    const jc = ok(await call<{ code: string; status: string; qrDataUrl: string | null; qrFileId: string | null; expiresAt: string }>(HEAD_A31, 'createJoinCode', { classId: SCHOOL_SEED.classA31, validDays: 3 }));
    expect(jc.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(jc.status).toBe('active');
    expect(jc.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(jc.qrFileId).toMatch(/^cloud:\/\//);
    expect(new Date(jc.expiresAt).getTime() - Date.now()).toBeGreaterThan(2.9 * 86400_000);
    expect(cloud.outbox().slice(before).some((e) => JSON.stringify(e).includes('getUnlimited'))).toBe(true);

    const parent = await newParent();
    const preview = ok(await call<{ schoolName: string; gradeName: string; className: string }>(parent, 'previewJoinCode', { code: jc.code.toLowerCase() }));
    expect(preview).toMatchObject({ schoolName: '滨江实验小学', gradeName: '三年级', className: '1班' });
    const p = ok(await call<Profile>(parent, 'bindChild', { code: jc.code, childName: '新同学', relation: '母亲' }));
    expect(p.children).toHaveLength(1);
    expect(p.children[0]).toMatchObject({ childName: '新同学', relation: '母亲', classId: SCHOOL_SEED.classA31, className: '三年级1班', schoolName: '滨江实验小学' });
    expect(p.currentChildId).toBe(p.children[0].childId);
    expect(p.memberships).toEqual([expect.objectContaining({ schoolId: A, roles: ['parent'] })]);
    // source records written with the copy
    const g = await getDoc('guardians', `${p.children[0].childId}_${p.userId}`);
    expect(g).toMatchObject({ relation: '母亲', classId: SCHOOL_SEED.classA31 });
    expect(await getDoc('members', `${A}_${p.userId}`)).toMatchObject({ roles: ['parent'] });

    expect(await getDoc('children', p.children[0].childId)).toMatchObject({ guardianCount: 1 });

    // the same name in the same class is the existing child: the second parent only asks, and
    // waits for the head teacher or the first guardian; a repeat is a duplicate
    const other = await newParent();
    const p2 = ok(await call<Profile>(other, 'bindChild', { code: jc.code, childName: '新 同学', relation: '父亲' }));
    expect(p2.children).toEqual([]);
    expect(p2.memberships).toEqual([]);
    expect(p2.pendingChildren).toEqual([expect.objectContaining({ childId: p.children[0].childId, childName: '新同学', className: '三年级1班', relation: '父亲', isMe: true })]);
    expect(code(await call(other, 'bindChild', { code: jc.code, childName: '新同学', relation: '父亲' }))).toBe('GUARDIAN_DUPLICATE');
    expect(await count('children', { classId: SCHOOL_SEED.classA31, name: '新同学' })).toBe(1);

    // the head teacher sees the guardian and the request, and confirms it
    const roster = ok(await call<Roster>(HEAD_A31, 'classRoster', { classId: SCHOOL_SEED.classA31 }));
    expect(roster.canManage).toBe(true);
    const child = roster.children.find((c) => c.name === '新同学')!;
    expect(child.guardians.map((x) => x.relation)).toEqual(['母亲']);
    expect(roster.pendingRequests).toEqual([expect.objectContaining({ childId: child.childId, childName: '新同学', userId: p2.userId, relation: '父亲' })]);
    ok(await call(HEAD_A31, 'confirmGuardian', { childId: child.childId, userId: p2.userId }));
    const after = ok(await call<Roster>(HEAD_A31, 'classRoster', { classId: SCHOOL_SEED.classA31 }));
    expect(after.children.find((c) => c.name === '新同学')!.guardians.map((x) => x.relation).sort()).toEqual(['母亲', '父亲'].sort());
    expect(after.pendingRequests?.some((r) => r.childId === child.childId)).toBe(false);
  });

  it('a parent with children in two schools switches between them, never to someone else’s child', async () => {
    const me = ok(await call<Profile>(PARENT_1, 'me', {}));
    expect(me.children).toHaveLength(2);
    const inB = me.children.find((c) => c.schoolId === B)!;
    const p = ok(await call<Profile>(PARENT_1, 'switchChild', { childId: inB.childId }));
    expect(p.currentChildId).toBe(inB.childId);
    const others = ok(await call<Profile>(PARENT_2, 'me', {}));
    expect(code(await call(PARENT_1, 'switchChild', { childId: others.children[0].childId }))).toBe('FORBIDDEN');
  });

  it('wrong, expired and revoked codes are refused and write nothing', async () => {
    const parent = await newParent();
    const guardiansBefore = await count('guardians');
    const childrenBefore = await count('children');
    const bind = (c: string) => call(parent, 'bindChild', { code: c, childName: '张三丰', relation: '父亲' });

    expect(code(await bind('ZZZZZZ'))).toBe('JOIN_CODE_INVALID');
    expect(code(await bind('ABC'))).toBe('VALIDATION_FAILED');
    expect(code(await bind('ABCDE0'))).toBe('JOIN_CODE_INVALID');

    const expired = await freshCode();
    await cloud.db.collection('join_codes').doc(expired).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(code(await bind(expired))).toBe('JOIN_CODE_EXPIRED');
    expect(code(await call(parent, 'previewJoinCode', { code: expired }))).toBe('JOIN_CODE_EXPIRED');

    const revoked = await freshCode();
    const r = ok(await call<{ status: string }>(HEAD_A31, 'revokeJoinCode', { code: revoked }));
    expect(r.status).toBe('revoked');
    expect(code(await bind(revoked))).toBe('JOIN_CODE_REVOKED');

    // a staff invite is not a class code
    const staffInvite = ok(await call<{ code: string }>(ADMIN_A, 'createStaffInvite', { staffId: `${A}-st-003`, validDays: 1 })).code;
    expect(code(await bind(staffInvite))).toBe('JOIN_CODE_INVALID');

    expect(await count('guardians')).toBe(guardiansBefore);
    expect(await count('children')).toBe(childrenBefore);
    expect((await getDoc('users', userIdFor(parent))).children).toEqual([]);
  });

  it('guessing codes is stopped after 10 wrong ones, even for a right code', async () => {
    const parent = await newParent();
    for (let i = 0; i < 10; i++) {
      expect(code(await call(parent, i % 2 ? 'previewJoinCode' : 'bindChild', { code: `ZZZZZ${'23456789AB'[i]}`, childName: '猜码测试', relation: '父亲' }))).toBe(i % 2 ? 'VALIDATION_FAILED' : 'JOIN_CODE_INVALID');
    }
    // previewJoinCode takes only { code }: the odd calls above were refused before counting; count the rest now
    for (let i = 0; i < 5; i++) expect(code(await call(parent, 'previewJoinCode', { code: `YYYYY${'23456'[i]}` }))).toBe('JOIN_CODE_INVALID');
    expect(code(await call(parent, 'bindChild', { code: SCHOOL_SEED.joinCodeA31, childName: '猜码测试', relation: '父亲' }))).toBe('JOIN_CODE_TOO_MANY_ATTEMPTS');
    expect(code(await call(parent, 'joinAsStaff', { code: SCHOOL_SEED.joinCodeA31 }))).toBe('JOIN_CODE_TOO_MANY_ATTEMPTS');
    expect(await count('guardians', { userId: userIdFor(parent) })).toBe(0);
    // an hour later they may try again
    await cloud.db.collection('join_attempts').doc(userIdFor(parent)).update({ data: { windowStartMs: Date.now() - 3600_000 } });
    ok(await call(parent, 'bindChild', { code: SCHOOL_SEED.joinCodeA31, childName: '猜码测试', relation: '父亲' }));
  });

  it('the head teacher lists codes and removes a guardian (record and copy together)', async () => {
    const parent = await newParent();
    const c = await freshCode();
    const p = ok(await call<Profile>(parent, 'bindChild', { code: c, childName: '李移除', relation: '祖母' }));
    const codes = ok(await call<{ code: string }[]>(HEAD_A31, 'listJoinCodes', { classId: SCHOOL_SEED.classA31 }));
    expect(codes.map((x) => x.code)).toContain(c);
    const childId = p.children[0].childId;
    const guardians = ok(await call<{ userId: string; relation: string }[]>(HEAD_A31, 'listGuardians', { childId }));
    expect(guardians).toEqual([expect.objectContaining({ userId: p.userId, relation: '祖母' })]);
    ok(await call(HEAD_A31, 'removeGuardian', { childId, userId: p.userId }));
    expect(await getDoc('guardians', `${childId}_${p.userId}`)).toBeNull();
    const after = ok(await call<Profile>(parent, 'me', {}));
    expect(after.children).toEqual([]);
    expect(after.memberships).toEqual([]);
    expect(await getDoc('members', `${A}_${p.userId}`)).toBeNull();
    // a child left with no guardian binds at once again (nobody to wait for but the head teacher)
    expect(await getDoc('children', childId)).toMatchObject({ guardianCount: 0 });
    const again = ok(await call<Profile>(await newParent(), 'bindChild', { code: c, childName: '李移除', relation: '祖父' }));
    expect(again.children.map((x) => x.childId)).toEqual([childId]);
    expect(again.pendingChildren).toEqual([]);
  });
});

describe('bad input → VALIDATION_FAILED with nothing written', () => {
  it.each([
    ['bindChild', PARENT_1, { code: 'SXA234', childName: '王小明', relation: '叔叔' }, 'guardians'],
    ['bindChild', PARENT_1, { code: 'SXA234', childName: '王小明', relation: '父亲', openid: 'forged' }, 'guardians'],
    ['createGrade', ADMIN_A, { schoolId: A, name: '', order: 1 }, 'grades'],
    ['createGrade', ADMIN_A, { schoolId: A, name: '七年级', order: 'x' }, 'grades'],
    ['createClass', ADMIN_A, { gradeId: SCHOOL_SEED.gradeA3, name: 'x'.repeat(30) }, 'classes'],
    ['upsertStaff', ADMIN_A, { schoolId: A, name: '赵老师', phone: '12345', positions: [] }, 'staff'],
    ['upsertStaff', ADMIN_A, { schoolId: A, name: '赵老师', phone: '13900009999', positions: [{ title: '教导主任' }] }, 'staff'],
    ['upsertStaff', ADMIN_A, { schoolId: A, name: '赵老师', phone: '13900009999', positions: [{ title: '班主任' }] }, 'staff'],
    ['upsertStaff', ADMIN_A, { schoolId: A, name: '赵老师', phone: '13900009999', positions: [{ title: '班主任', classId: SCHOOL_SEED.classB71 }] }, 'staff'],
    ['createJoinCode', HEAD_A31, { classId: SCHOOL_SEED.classA31, validDays: 90 }, 'join_codes'],
    ['importStaff', ADMIN_A, { schoolId: A }, 'staff'],
    ['setMemberRoles', ADMIN_A, { schoolId: A, userId: userIdFor(HEAD_A32), roles: ['owner'] }, 'members'],
  ])('%s as %s with %j', async (action, openid, input, coll) => {
    const before = await count(coll);
    const r = await call(openid, action, input);
    expect(code(r)).toBe('VALIDATION_FAILED');
    expect(await count(coll)).toBe(before);
  });

  it('an unknown action is refused', async () => {
    expect(code(await call(ADMIN_A, 'dropDatabase', {}))).toBe('UNKNOWN_ACTION');
  });
});

/** Every school-scoped action aimed at school A's records. */
function actionsOnSchoolA(ids: { childId: string; parentUserId: string }): [string, Record<string, unknown>][] {
  return [
    ['getSchool', { schoolId: A }],
    ['listGrades', { schoolId: A }],
    ['createGrade', { schoolId: A, name: '十年级', order: 10 }],
    ['updateGrade', { gradeId: SCHOOL_SEED.gradeA3, name: '三年级（改）' }],
    ['deleteGrade', { gradeId: SCHOOL_SEED.gradeA3 }],
    ['createClass', { gradeId: SCHOOL_SEED.gradeA3, name: '9班' }],
    ['updateClass', { classId: SCHOOL_SEED.classA31, name: '9班' }],
    ['deleteClass', { classId: SCHOOL_SEED.classA32 }],
    ['listStaff', { schoolId: A }],
    ['upsertStaff', { schoolId: A, name: '入侵者', phone: '13900008888', positions: [] }],
    ['upsertStaff', { schoolId: B, staffId: `${A}-st-003`, name: '入侵者', phone: '13900008888', positions: [] }],
    ['deleteStaff', { staffId: `${A}-st-003` }],
    ['createStaffInvite', { staffId: `${A}-st-003` }],
    ['listMembers', { schoolId: A }],
    ['setMemberRoles', { schoolId: A, userId: userIdFor(HEAD_A32), roles: ['admin'] }],
    ['importStaff', { schoolId: A, base64: 'UEsDBA==' }],
    ['createJoinCode', { classId: SCHOOL_SEED.classA31 }],
    ['listJoinCodes', { classId: SCHOOL_SEED.classA31 }],
    ['revokeJoinCode', { code: SCHOOL_SEED.joinCodeA31 }],
    ['classRoster', { classId: SCHOOL_SEED.classA31 }],
    ['listGuardians', { childId: ids.childId }],
    ['removeGuardian', { childId: ids.childId, userId: ids.parentUserId }],
    ['switchChild', { childId: ids.childId }],
  ];
}

describe('role and school checks on every action', () => {
  let ids: { childId: string; parentUserId: string };
  let snapshot: () => Promise<string>;
  beforeAll(async () => {
    const p = ok(await call<Profile>(PARENT_2, 'me', {}));
    ids = { childId: p.children[0].childId, parentUserId: p.userId };
    snapshot = async () => {
      const parts = await Promise.all(['grades', 'classes', 'staff', 'members', 'guardians', 'children'].map((c) => count(c, { schoolId: A })));
      const jc = await getDoc('join_codes', SCHOOL_SEED.joinCodeA31);
      const g = await getDoc('grades', SCHOOL_SEED.gradeA3);
      const cls = await getDoc('classes', SCHOOL_SEED.classA31);
      return JSON.stringify([parts, jc.revokedAt, g.name, cls.name, await count('join_codes', { classId: SCHOOL_SEED.classA31 })]);
    };
  });

  it('the admin of school B can do nothing to school A, whatever ids it sends', async () => {
    const before = await snapshot();
    for (const [action, input] of actionsOnSchoolA(ids)) {
      expect([action, code(await call(ADMIN_B, action, input))]).toEqual([action, 'FORBIDDEN']);
    }
    // and the head teacher of a class in school B cannot reach school A's classes either
    for (const [action, input] of actionsOnSchoolA(ids).filter(([a]) => ['classRoster', 'createJoinCode', 'listJoinCodes', 'revokeJoinCode', 'listGuardians', 'removeGuardian'].includes(a))) {
      expect([action, code(await call(HEAD_B71, action, input))]).toEqual([action, 'FORBIDDEN']);
    }
    expect(await snapshot()).toBe(before);
  });

  const ADMIN_ONLY = ['createGrade', 'updateGrade', 'deleteGrade', 'createClass', 'updateClass', 'deleteClass', 'upsertStaff', 'deleteStaff', 'createStaffInvite', 'listMembers', 'setMemberRoles', 'importStaff'];
  const HEAD_ONLY = ['createJoinCode', 'listJoinCodes', 'revokeJoinCode', 'removeGuardian'];

  it.each([
    ['a parent of the school', PARENT_1, [...ADMIN_ONLY, ...HEAD_ONLY, 'classRoster']],
    ['a subject teacher of the class', MATH_A3, [...ADMIN_ONLY, ...HEAD_ONLY]],
    ['the grade director', DIRECTOR_A3, [...ADMIN_ONLY, ...HEAD_ONLY]],
    ['the head teacher of another class', HEAD_A32, [...ADMIN_ONLY, ...HEAD_ONLY, 'classRoster']],
    ['the head teacher of the class', HEAD_A31, ADMIN_ONLY],
  ])('%s is refused what its role does not allow', async (_label, openid, forbidden) => {
    const before = await snapshot();
    for (const [action, input] of actionsOnSchoolA(ids).filter(([a]) => forbidden.includes(a))) {
      if (action === 'upsertStaff' && input.schoolId === B) continue; // cross-school case covered above
      expect([action, code(await call(openid, action, input))]).toEqual([action, 'FORBIDDEN']);
    }
    expect(await snapshot()).toBe(before);
  });

  it('staff who may view a class can read its roster; others see only what they need', async () => {
    for (const who of [HEAD_A31, MATH_A3, DIRECTOR_A3, ADMIN_A, 'demo-principal-001']) {
      const r = ok(await call<Roster>(who, 'classRoster', { classId: SCHOOL_SEED.classA31 }));
      expect(r.children.length).toBeGreaterThanOrEqual(9);
      expect(r.canManage).toBe(who === HEAD_A31 || who === ADMIN_A);
    }
    // a guardian may see the guardians of their own child
    expect(ok(await call<unknown[]>(PARENT_2, 'listGuardians', { childId: ids.childId })).length).toBeGreaterThanOrEqual(1);
  });
});

describe('staff contact list and phones', () => {
  it('parents see the phones on their 家长联络卡, masked elsewhere; staff see all', async () => {
    const forParent = ok(await call<StaffDto[]>(PARENT_2, 'listStaff', { schoolId: A }));
    const head31 = forParent.find((s) => s.positions.some((p) => p.title === '班主任' && p.classId === SCHOOL_SEED.classA31))!;
    const head32 = forParent.find((s) => s.positions.some((p) => p.title === '班主任' && p.classId === SCHOOL_SEED.classA32))!;
    const principal = forParent.find((s) => s.positions.some((p) => p.title === '校长'))!;
    const counsellor = forParent.find((s) => s.positions.some((p) => p.title === '心理健康教师'))!;
    expect(head31.phone).toMatch(/^1390000\d{4}$/);
    expect(principal.phoneMasked).toBe(false);
    expect(head32.phone).toMatch(/^139\*{4}\d{4}$/);
    expect(head32.phoneMasked).toBe(true);
    // the 心理健康教师 publishes to every family of the school (contact seed: her own choice) …
    expect(counsellor.phoneMasked).toBe(false);
    // … and the class's English teacher publishes to no family: masked even for her own class
    const english31 = forParent.find((s) => s.positions.some((p) => p.title === '任课教师' && p.subject === '英语' && p.classId === SCHOOL_SEED.classA31))!;
    expect(english31.phoneMasked).toBe(true);
    expect(forParent[0].positions[0].title).toBe('校长');
    const forTeacher = ok(await call<StaffDto[]>(MATH_A3, 'listStaff', { schoolId: A }));
    expect(forTeacher.every((s) => !s.phoneMasked)).toBe(true);
  });
});

describe('school structure, staff and roles (admin)', () => {
  it('adds a grade and a class, renames, refuses to delete a class with children', async () => {
    const g = ok(await call<{ _id: string }>(ADMIN_A, 'createGrade', { schoolId: A, name: '学前班', order: 0 }));
    expect(code(await call(ADMIN_A, 'createGrade', { schoolId: A, name: '学前班', order: 0 }))).toBe('CONFLICT');
    const c = ok(await call<{ _id: string }>(ADMIN_A, 'createClass', { gradeId: g._id, name: '1班' }));
    ok(await call(ADMIN_A, 'updateClass', { classId: c._id, name: '向日葵班' }));
    const grades = ok(await call<{ _id: string; name: string; classes: { name: string }[] }[]>(PARENT_1, 'listGrades', { schoolId: A }));
    expect(grades[0]).toMatchObject({ name: '学前班', classes: [{ name: '向日葵班' }] });
    expect(code(await call(ADMIN_A, 'deleteGrade', { gradeId: g._id }))).toBe('CONFLICT');
    expect(code(await call(ADMIN_A, 'deleteClass', { classId: SCHOOL_SEED.classA32 }))).toBe('CONFLICT');
    ok(await call(ADMIN_A, 'deleteClass', { classId: c._id }));
    ok(await call(ADMIN_A, 'deleteGrade', { gradeId: g._id }));
    expect(await getDoc('grades', g._id)).toBeNull();
  });

  it('a staff invite links a WeChat user, whose membership copy follows later edits; roles per school', async () => {
    const s = ok(await call<{ _id: string }>(ADMIN_A, 'upsertStaff', {
      schoolId: A,
      name: '钱老师',
      phone: '139 0000 7001',
      positions: [{ title: '任课教师', classId: SCHOOL_SEED.classA32, subject: '科学' }],
      officeHours: '每周三下午',
    }));
    expect(code(await call(ADMIN_A, 'upsertStaff', { schoolId: A, name: '别人', phone: '13900007001', positions: [] }))).toBe('CONFLICT');
    const invite = ok(await call<{ code: string }>(ADMIN_A, 'createStaffInvite', { staffId: s._id, validDays: 1 }));
    const teacher = await newParent();
    const p = ok(await call<Profile>(teacher, 'joinAsStaff', { code: invite.code }));
    expect(p.memberships).toEqual([expect.objectContaining({ schoolId: A, roles: ['teacher'], staffId: s._id })]);
    expect(p.memberships[0].positions[0]).toMatchObject({ classId: SCHOOL_SEED.classA32, gradeId: SCHOOL_SEED.gradeA3, subject: '科学' });
    expect(code(await call(await newParent(), 'joinAsStaff', { code: invite.code }))).toBe('JOIN_CODE_REVOKED');
    // now a subject teacher of 3(2): may read its roster
    ok(await call(teacher, 'classRoster', { classId: SCHOOL_SEED.classA32 }));

    // the admin makes them 班主任 of 3(2): member record and the copy on users change together
    ok(await call(ADMIN_A, 'upsertStaff', { schoolId: A, staffId: s._id, name: '钱老师', phone: '13900007001', positions: [{ title: '班主任', classId: SCHOOL_SEED.classA32 }], officeHours: '' }));
    const member = await getDoc('members', `${A}_${userIdFor(teacher)}`);
    const user = await getDoc('users', userIdFor(teacher));
    expect(member.positions).toEqual([{ title: '班主任', classId: SCHOOL_SEED.classA32, gradeId: SCHOOL_SEED.gradeA3 }]);
    expect(user.memberships[0].positions).toEqual(member.positions);
    ok(await call(teacher, 'createJoinCode', { classId: SCHOOL_SEED.classA32 }));

    // roles per school
    expect(code(await call(teacher, 'createGrade', { schoolId: A, name: '十一年级', order: 11 }))).toBe('FORBIDDEN');
    ok(await call(ADMIN_A, 'setMemberRoles', { schoolId: A, userId: userIdFor(teacher), roles: ['teacher', 'admin'] }));
    const members = ok(await call<{ userId: string; roles: string[] }[]>(ADMIN_A, 'listMembers', { schoolId: A }));
    expect(members.find((m) => m.userId === userIdFor(teacher))?.roles.sort()).toEqual(['admin', 'teacher']);
    const g = ok(await call<{ _id: string }>(teacher, 'createGrade', { schoolId: A, name: '十一年级', order: 11 }));
    ok(await call(teacher, 'deleteGrade', { gradeId: g._id }));
    expect(code(await call(ADMIN_A, 'setMemberRoles', { schoolId: A, userId: userIdFor(ADMIN_A), roles: ['teacher'] }))).toBe('CONFLICT');

    // deleting the staff record takes the staff role away
    ok(await call(ADMIN_A, 'deleteStaff', { staffId: s._id }));
    expect(ok(await call<Profile>(teacher, 'me', {})).memberships).toEqual([]);
    expect(code(await call(teacher, 'classRoster', { classId: SCHOOL_SEED.classA32 }))).toBe('FORBIDDEN');
  });
});

async function sheet(rows: (string | number)[][], headers = ['姓名', '手机号', '职务', '年级', '班级', '学科', '接待时间']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('教职工');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('xlsx import of staff and classes', () => {
  it('reports every row error and writes nothing; a corrected sheet imports, twice idempotently', async () => {
    const bad = await sheet([
      ['孙老师', '13900006001', '班主任、任课教师', '四年级', '3班', '语文', '每周二下午'],
      ['', '13900006002', '校长'],
      ['周老师', '1390000', '任课教师', '四年级', '3班', ''],
      ['吴老师', '13900006004', '教导主任'],
      ['郑老师', '13900006005', '年级主任'],
      ['王老师', '13900006001', '心理健康教师'],
    ]);
    const staffBefore = await count('staff', { schoolId: A });
    const classesBefore = await count('classes', { schoolId: A });
    const r = await call(ADMIN_A, 'importStaff', { schoolId: A, base64: bad.toString('base64') });
    expect(code(r)).toBe('IMPORT_FAILED');
    const errors = (r as { error: { details: { errors: { row: number; column: string }[] } } }).error.details.errors;
    expect(errors.map((e) => `${e.row}:${e.column}`)).toEqual(['3:姓名', '4:手机号', '4:学科', '5:职务', '6:年级', '7:手机号']);
    expect(await count('staff', { schoolId: A })).toBe(staffBefore);
    expect(await count('classes', { schoolId: A })).toBe(classesBefore);

    const missingColumn = await sheet([['孙老师', '13900006001']], ['姓名', '手机号']);
    const r2 = await call(ADMIN_A, 'importStaff', { schoolId: A, base64: missingColumn.toString('base64') });
    expect((r2 as { error: { details: { errors: { column: string }[] } } }).error.details.errors).toEqual([expect.objectContaining({ row: 1, column: '职务' })]);
    expect(code(await call(ADMIN_A, 'importStaff', { schoolId: A, base64: Buffer.from('not a spreadsheet').toString('base64') }))).toBe('IMPORT_FAILED');

    const good = await sheet([
      ['孙老师', '13900006001', '班主任、任课教师', '四年级', '3班', '语文', '每周二下午'],
      ['孙老师', '13900006001', '任课教师', '四年级', '4班', '语文'],
      ['周老师', '139-0000-6003', '任课教师', '十年级', '1班', '物理'],
      ['郑老师', '13900006005', '年级主任', '四年级'],
    ]);
    const dry = ok(await call<{ staffCreated: number; classesCreated: number; gradesCreated: number; dryRun: boolean }>(ADMIN_A, 'importStaff', { schoolId: A, base64: good.toString('base64'), dryRun: true }));
    expect(dry).toMatchObject({ dryRun: true, staffCreated: 3, gradesCreated: 1, classesCreated: 3 });
    expect(await count('staff', { schoolId: A })).toBe(staffBefore);

    // through cloud storage, as the mini-program uploads it
    const up = (await cloud.sdk.uploadFile({ cloudPath: `staff-imports/${A}/staff.xlsx`, fileContent: good })) as { fileID: string };
    // Another school's admin may not import (and so read back) school A's sheet by its fileID.
    expect(code(await call(ADMIN_B, 'importStaff', { schoolId: B, fileId: up.fileID, dryRun: true }))).toBe('VALIDATION_FAILED');
    const elsewhere = (await cloud.sdk.uploadFile({ cloudPath: 'imports/staff.xlsx', fileContent: good })) as { fileID: string };
    expect(code(await call(ADMIN_A, 'importStaff', { schoolId: A, fileId: elsewhere.fileID, dryRun: true }))).toBe('VALIDATION_FAILED');
    expect(await count('staff', { schoolId: B, phone: '13900006001' })).toBe(0);
    const res = ok(await call<{ staffCreated: number; staffUpdated: number; classesCreated: number; rows: number }>(ADMIN_A, 'importStaff', { schoolId: A, fileId: up.fileID }));
    expect(res).toMatchObject({ rows: 4, staffCreated: 3, staffUpdated: 0, classesCreated: 3 });
    expect(await count('staff', { schoolId: A })).toBe(staffBefore + 3);
    const staff = ok(await call<StaffDto[]>(ADMIN_A, 'listStaff', { schoolId: A }));
    const sun = staff.find((s) => s.phone === '13900006001')!;
    expect(sun.positions.map((p) => `${p.title}${p.subject ?? ''}`)).toEqual(['班主任', '任课教师语文', '任课教师语文']);
    expect(sun.officeHours).toBe('每周二下午');

    const again = ok(await call<{ staffCreated: number; staffUpdated: number; classesCreated: number }>(ADMIN_A, 'importStaff', { schoolId: A, base64: good.toString('base64') }));
    expect(again).toMatchObject({ staffCreated: 0, staffUpdated: 3, classesCreated: 0 });
    expect(await count('staff', { schoolId: A })).toBe(staffBefore + 3);
  });
});

describe('withdrawing consent and deleting the family’s data', () => {
  it('stops processing at once and deletes after the grace period (timer)', async () => {
    // parent-100 is the only guardian of their child; parent-002 shares the child with parent-164
    const solo = SCHOOL_SEED.parentOpenid(100);
    const soloProfile = ok(await call<Profile>(solo, 'me', {}));
    const soloChild = soloProfile.children[0].childId;
    const shared = ok(await call<Profile>(PARENT_2, 'me', {}));
    const sharedChild = shared.children[0].childId;
    // data another domain keeps per family (enrollments are keyed by familyId = childId)
    await cloud.db.collection('enrollments').add({ data: { _id: `course-x_${soloChild}`, courseId: 'course-x', familyId: soloChild, status: 'enrolled', createdAt: new Date() } });
    await cloud.db.collection('enrollments').add({ data: { _id: `course-x_${sharedChild}`, courseId: 'course-x', familyId: sharedChild, status: 'enrolled', createdAt: new Date() } });

    for (const who of [solo, PARENT_2]) {
      const w = ok(await call<{ deletionDueAt: string }>(who, 'withdrawConsent', {}));
      expect(new Date(w.deletionDueAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86400_000);
      expect(code(await call(who, 'me', {}))).toBe('CONSENT_REQUIRED');
      expect(code(await call(who, 'listStaff', { schoolId: A }))).toBe('CONSENT_REQUIRED');
      const p = ok(await call<Profile>(who, 'ensureUser', {}));
      expect(p.needsConsent).toBe(true);
      expect(p.deletionDueAt).toBe(w.deletionDueAt);
    }
    expect(await count('consents', { userId: userIdFor(solo), action: 'withdraw' })).toBe(1);

    // before the due date the timer deletes nothing
    const early = (await cloud.fireTimer('school-cron', 'purgeWithdrawnConsent')) as Result<{ processed: number }>;
    expect(ok(early).processed).toBe(0);
    expect(await getDoc('users', userIdFor(solo))).not.toBeNull();

    for (const who of [solo, PARENT_2]) await cloud.db.collection('deletion_jobs').doc(userIdFor(who)).update({ data: { dueAt: new Date(Date.now() - 1000) } });
    const done = ok((await cloud.fireTimer('school-cron', 'purgeWithdrawnConsent')) as Result<{ processed: number }>);
    expect(done.processed).toBe(2);

    expect(await getDoc('users', userIdFor(solo))).toBeNull();
    expect(await count('guardians', { userId: userIdFor(solo) })).toBe(0);
    expect(await count('members', { userId: userIdFor(solo) })).toBe(0);
    expect(await getDoc('children', soloChild)).toBeNull();
    expect(await getDoc('enrollments', `course-x_${soloChild}`)).toBeNull();
    // the shared child stays with the other guardian
    expect(await getDoc('users', userIdFor(PARENT_2))).toBeNull();
    expect(await getDoc('children', sharedChild)).not.toBeNull();
    expect(await getDoc('enrollments', `course-x_${sharedChild}`)).not.toBeNull();
    expect(await count('guardians', { childId: sharedChild })).toBe(1);
    expect((await getDoc('deletion_jobs', userIdFor(solo))).status).toBe('done');
    // the consent history stays as the legal record
    expect(await count('consents', { userId: userIdFor(solo) })).toBeGreaterThanOrEqual(1);
  });

  it('accepting again within the grace period cancels the deletion', async () => {
    const openid = SCHOOL_SEED.parentOpenid(101);
    ok(await call(openid, 'withdrawConsent', {}));
    ok(await call(openid, 'acceptConsent', { version: PRIVACY_VERSION, guardianConsent: true }));
    expect((await getDoc('deletion_jobs', userIdFor(openid))).status).toBe('cancelled');
    expect(ok(await call<Profile>(openid, 'me', {})).children).toHaveLength(1);
  });
});

describe('concurrency and the denormalised copies', () => {
  it('20 parents binding the same new child at once: one child, one guardian, 19 requests waiting', async () => {
    const parents = await Promise.all(Array.from({ length: 20 }, () => newParent()));
    const c = await freshCode();
    const results = await Promise.all(parents.map((p, i) => call<Profile>(p, 'bindChild', { code: c, childName: '并发同学', relation: i % 2 ? '父亲' : '母亲' })));
    expect(results.map(code)).toEqual(parents.map(() => 'OK'));
    expect(await count('children', { classId: SCHOOL_SEED.classA31, name: '并发同学' })).toBe(1);
    const bound = results.map(ok).filter((p) => p.children.length > 0);
    expect(bound).toHaveLength(1);
    const childId = bound[0].children[0].childId;
    expect(await count('guardians', { childId })).toBe(20);
    expect(await count('guardians', { childId, status: 'active' })).toBe(1);
    expect(await count('guardians', { childId, status: 'pending' })).toBe(19);
    expect(await getDoc('children', childId)).toMatchObject({ guardianCount: 1 });
    for (const p of results.map(ok).filter((x) => x.children.length === 0)) {
      expect(p.memberships).toEqual([]);
      expect(p.pendingChildren?.map((x) => x.childId)).toEqual([childId]);
    }
    // the one guardian sees the 19 requests
    const guardian = parents[results.findIndex((r) => ok(r).children.length > 0)];
    expect(ok(await call<Profile>(guardian, 'me', {})).guardianRequests).toHaveLength(19);
  });

  it('a guardian may leave a class on their own; nobody else but the head teacher or admin may remove them', async () => {
    const a = await newParent();
    const b = await newParent();
    const c = await freshCode();
    const pa = ok(await call<Profile>(a, 'bindChild', { code: c, childName: '离开测试', relation: '母亲' }));
    const pb = ok(await call<Profile>(b, 'bindChild', { code: c, childName: '离开测试', relation: '父亲' }));
    const childId = pa.children[0].childId;
    ok(await call(a, 'confirmGuardian', { childId, userId: pb.userId }));
    expect(code(await call(b, 'removeGuardian', { childId, userId: pa.userId }))).toBe('FORBIDDEN');
    ok(await call(a, 'removeGuardian', { childId, userId: pa.userId }));
    expect(ok(await call<Profile>(a, 'me', {})).children).toEqual([]);
    expect(await count('guardians', { childId })).toBe(1);
  });

  it('for every user, users.memberships / users.children equal the members / guardians records', async () => {
    const users = (await cloud.db.collection('users').limit(1000).get()).data as { _id: string; memberships: { schoolId: string; roles: string[]; staffId?: string; positions: unknown[] }[]; children: { childId: string; relation: string; classId: string }[] }[];
    const members = (await cloud.db.collection('members').limit(1000).get()).data as { userId: string; schoolId: string; roles: string[]; staffId?: string | null; positions: unknown[] }[];
    const guardians = (await cloud.db.collection('guardians').limit(1000).get()).data as { userId: string; childId: string; relation: string; classId: string; status?: string }[];
    expect(users.length).toBeGreaterThan(200);
    const drift: string[] = [];
    for (const u of users) {
      const mine = members.filter((m) => m.userId === u._id);
      const copy = [...u.memberships].sort((x, y) => x.schoolId.localeCompare(y.schoolId));
      const source = mine.map((m) => ({ schoolId: m.schoolId, roles: [...m.roles].sort(), staffId: m.staffId ?? undefined, positions: m.positions })).sort((x, y) => x.schoolId.localeCompare(y.schoolId));
      const norm = (l: { schoolId: string; roles: string[]; staffId?: string | null; positions: unknown[] }[]) => JSON.stringify(l.map((m) => ({ s: m.schoolId, r: [...m.roles].sort(), st: m.staffId ?? null, p: m.positions })));
      if (norm(copy) !== norm(source)) drift.push(`memberships of ${u._id}`);
      const kids = guardians.filter((g) => g.userId === u._id && g.status !== 'pending').map((g) => `${g.childId}|${g.relation}|${g.classId}`).sort();
      const copyKids = u.children.map((c) => `${c.childId}|${c.relation}|${c.classId}`).sort();
      if (JSON.stringify(kids) !== JSON.stringify(copyKids)) drift.push(`children of ${u._id}`);
    }
    expect(drift).toEqual([]);
  });
});
