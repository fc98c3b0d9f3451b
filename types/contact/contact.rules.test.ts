import {
  buildClassCard,
  canManageCommittee,
  canMarkFocus,
  canOverseeClass,
  canReadVisit,
  canRecordVisit,
  canSetPublication,
  committeeOnCard,
  coverageOf,
  phoneVisible,
  roleOnCard,
  schoolLabel,
  shownPhone,
  type CardClass,
  type Publication,
  type StaffLike,
} from './contact.rules';
import type { ChildLink, Membership, Position } from '../school/roles';

const S = 'school-1';
const C31: CardClass = { _id: 'c31', gradeId: 'g3', fullName: '三年级1班', gradeName: '三年级' };
const names = { classes: { c31: '三年级1班', c32: '三年级2班', c41: '四年级1班' }, grades: { g3: '三年级', g4: '四年级' } };
const P = (title: Position['title'], extra: Partial<Position> = {}): Position => ({ title, ...extra });

describe('roleOnCard: the group and a fixed label naming only this class’s positions', () => {
  test.each<[string, Position[], { group: string; label: string } | null]>([
    ['head teacher who teaches 语文 here', [P('班主任', { classId: 'c31', gradeId: 'g3' }), P('任课教师', { classId: 'c31', subject: '语文' })], { group: 'head', label: '班主任 · 语文' }],
    ['head teacher only', [P('班主任', { classId: 'c31' })], { group: 'head', label: '班主任' }],
    ['head of another class who teaches 数学 here', [P('班主任', { classId: 'c32' }), P('任课教师', { classId: 'c31', subject: '数学' })], { group: 'subject', label: '数学老师（本班）' }],
    ['英语 in this and another class: said once', [P('任课教师', { classId: 'c31', subject: '英语' }), P('任课教师', { classId: 'c32', subject: '英语' })], { group: 'subject', label: '英语老师（本班）' }],
    ['two subjects here', [P('任课教师', { classId: 'c31', subject: '科学' }), P('任课教师', { classId: 'c31', subject: '数学' })], { group: 'subject', label: '数学、科学老师（本班）' }],
    ['grade director of this grade', [P('年级主任', { gradeId: 'g3' })], { group: 'grade', label: '三年级年级主任' }],
    ['grade director of another grade', [P('年级主任', { gradeId: 'g4' })], null],
    ['a math teacher who also directs the grade', [P('任课教师', { classId: 'c31', subject: '数学' }), P('年级主任', { gradeId: 'g3' })], { group: 'subject', label: '数学老师（本班）、三年级年级主任' }],
    ['vice principal', [P('分管副校长')], { group: 'vice', label: '分管副校长' }],
    ['principal', [P('校长')], { group: 'principal', label: '校长' }],
    ['psychology teacher', [P('心理健康教师')], { group: 'service', label: '心理健康教师' }],
    ['family education teacher', [P('家庭教育指导教师')], { group: 'service', label: '家庭教育指导教师' }],
    ['a teacher of another class only', [P('任课教师', { classId: 'c32', subject: '语文' })], null],
    ['an admin with no position', [], null],
  ])('%s', (_name, positions, expected) => {
    const r = roleOnCard(positions, C31);
    expect(r ? { group: r.group, label: r.label } : null).toEqual(expected);
  });
});

describe('schoolLabel: the whole-school list, every position with its class, never blank', () => {
  test.each<[Position[], string]>([
    [[P('班主任', { classId: 'c31' }), P('任课教师', { classId: 'c31', subject: '语文' })], '三年级1班班主任、语文老师（三年级1班）'],
    [[P('任课教师', { classId: 'c31', subject: '英语' }), P('任课教师', { classId: 'c32', subject: '英语' }), P('任课教师', { classId: 'c41', subject: '英语' })], '英语老师（三年级1班、三年级2班、四年级1班）'],
    [[P('年级主任', { gradeId: 'g4' })], '四年级年级主任'],
    [[P('校长')], '校长'],
    [[], '教职工'],
    [[P('任课教师', { classId: 'c31' })], '任课老师（三年级1班）'],
  ])('%j → %s', (positions, label) => {
    expect(schoolLabel(positions, names)).toBe(label);
  });
});

const parentOf = (...classes: [string, string][]): { membership: Membership; children: ChildLink[] } => ({
  membership: { schoolId: S, roles: ['parent'], positions: [] },
  children: classes.map(([classId, gradeId], i) => ({ childId: `k${i}`, schoolId: S, gradeId, classId, childName: '孩子', relation: '母亲' })),
});
const teacherView = { membership: { schoolId: S, roles: ['teacher'], positions: [P('任课教师', { classId: 'c41', subject: '体育' })] } as Membership, children: [] };
const otherSchoolParent = { membership: { schoolId: 'school-2', roles: ['parent'], positions: [] } as Membership, children: [{ childId: 'x', schoolId: 'school-2', gradeId: 'g3', classId: 'c31', childName: '孩子', relation: '母亲' }] };
const staff = (positions: Position[]): StaffLike => ({ _id: 'st', schoolId: S, name: '王老师', phone: '13900001111', positions, officeHours: '' });
const HEAD31 = staff([P('班主任', { classId: 'c31', gradeId: 'g3' })]);
const DIRECTOR3 = staff([P('年级主任', { gradeId: 'g3' })]);
const PSYCH = staff([P('心理健康教师')]);
const PRINCIPAL = staff([P('校长')]);

describe('phoneVisible: who reads which number in full', () => {
  test.each<[string, ReturnType<typeof parentOf> | typeof teacherView, StaffLike, Publication, boolean]>([
    ['default: the class’s family reads its head teacher', parentOf(['c31', 'g3']), HEAD31, 'default', true],
    ['default: another class’s family does not', parentOf(['c32', 'g3']), HEAD31, 'default', false],
    ['default: every family reads the principal', parentOf(['c41', 'g4']), PRINCIPAL, 'default', true],
    ['default: the grade’s family reads its director', parentOf(['c32', 'g3']), DIRECTOR3, 'default', true],
    ['default: another grade’s family does not', parentOf(['c41', 'g4']), DIRECTOR3, 'default', false],
    ['default: the psychology teacher stays masked (today’s rule)', parentOf(['c31', 'g3']), PSYCH, 'default', false],
    ['school: every family of the school', parentOf(['c41', 'g4']), PSYCH, 'school', true],
    ['classes: the head teacher’s class', parentOf(['c31', 'g3']), HEAD31, 'classes', true],
    ['classes: not another class', parentOf(['c32', 'g3']), HEAD31, 'classes', false],
    ['classes: a director’s grade', parentOf(['c32', 'g3']), DIRECTOR3, 'classes', true],
    ['classes: a principal has no classes', parentOf(['c31', 'g3']), PRINCIPAL, 'classes', false],
    ['hidden: not even the class', parentOf(['c31', 'g3']), HEAD31, 'hidden', false],
    ['hidden: the principal’s too', parentOf(['c31', 'g3']), PRINCIPAL, 'hidden', false],
    ['two children: one in the class is enough', parentOf(['c41', 'g4'], ['c31', 'g3']), HEAD31, 'classes', true],
    ['a colleague reads every number', teacherView, HEAD31, 'hidden', true],
    ['another school’s family reads nothing', otherSchoolParent as never, PRINCIPAL, 'school', false],
  ])('%s', (_n, viewer, s, pub, visible) => {
    expect(phoneVisible(viewer, s, pub)).toBe(visible);
    const shown = shownPhone(viewer, s, pub);
    expect(shown.phone).toBe(visible ? s.phone : null);
    expect(shown.viaOffice).toBe(!visible);
    // an unpublished number is not even shown masked
    if (!visible) expect(shown.phoneMasked).toBe(pub === 'hidden' ? null : '139****1111');
  });
});

describe('buildClassCard: family order, the rest behind 全校教职工', () => {
  const all: StaffLike[] = [
    { ...PSYCH, _id: 'psy', name: '心理' },
    { ...PRINCIPAL, _id: 'pri', name: '校长甲' },
    { ...staff([P('任课教师', { classId: 'c31', subject: '英语' })]), _id: 'eng', name: '英语甲' },
    { ...staff([P('分管副校长')]), _id: 'vp', name: '副校长甲' },
    { ...DIRECTOR3, _id: 'dir', name: '主任甲' },
    { ...staff([P('任课教师', { classId: 'c31', subject: '数学' })]), _id: 'math', name: '数学甲' },
    { ...staff([P('家庭教育指导教师')]), _id: 'fam', name: '家教甲' },
    { ...HEAD31, _id: 'head', name: '班主任甲' },
    { ...staff([P('班主任', { classId: 'c32' })]), _id: 'h32', name: '班主任乙' },
    { ...staff([]), _id: 'adm', name: '管理员' },
  ];
  test('order and the rest', () => {
    const card = buildClassCard({ cls: C31, staff: all, publications: { eng: 'hidden' }, viewer: parentOf(['c31', 'g3']), names });
    expect(card.entries.map((e) => e.staffId)).toEqual(['head', 'math', 'eng', 'dir', 'vp', 'pri', 'psy', 'fam']);
    expect(card.others.map((e) => [e.staffId, e.label])).toEqual([
      ['h32', '三年级2班班主任'],
      ['adm', '教职工'],
    ]);
    expect(card.entries.find((e) => e.staffId === 'eng')).toMatchObject({ phone: null, phoneMasked: null, viaOffice: true });
    expect(card.others.find((e) => e.staffId === 'h32')).toMatchObject({ phone: null, phoneMasked: '139****1111' });
  });
});

const m = (positions: Position[], roles: Membership['roles'] = ['teacher'], staffId?: string): Membership => ({ schoolId: S, roles, positions, staffId });
const HEAD = m([P('班主任', { classId: 'c31', gradeId: 'g3' })]);
const SUBJ = m([P('任课教师', { classId: 'c31', subject: '数学' })]);
const DIR = m([P('年级主任', { gradeId: 'g3' })]);
const DIR4 = m([P('年级主任', { gradeId: 'g4' })]);
const PRI = m([P('校长')]);
const VP = m([P('分管副校长')]);
const OTHER = m([P('班主任', { classId: 'c32', gradeId: 'g3' })]);
const ADMIN = m([], ['teacher', 'admin']);
const PARENT = m([], ['parent']);
const cls = { _id: 'c31', gradeId: 'g3' };

describe('家访 and 重点关注: who may do what', () => {
  test.each<[string, Membership, boolean, boolean, boolean]>([
    // name, membership, record, oversee (coverage, all visits, 重点关注 read), mark 重点关注
    ['head teacher', HEAD, true, true, true],
    ['subject teacher', SUBJ, true, false, false],
    ['grade director', DIR, true, true, false],
    ['another grade’s director', DIR4, false, false, false],
    ['principal', PRI, true, true, true],
    ['vice principal', VP, true, true, true],
    ['another class’s head teacher', OTHER, false, false, false],
    ['admin without a position', ADMIN, false, false, false],
    ['a parent', PARENT, false, false, false],
  ])('%s', (_n, mm, record, oversee, mark) => {
    expect(canRecordVisit(mm, cls)).toBe(record);
    expect(canOverseeClass(mm, cls)).toBe(oversee);
    expect(canMarkFocus(mm, cls)).toBe(mark);
  });

  test('a visit is read by its recorder or whoever oversees the class, never by a parent', () => {
    const visit = { recordedBy: 'u-subj', classId: 'c31', gradeId: 'g3' };
    expect(canReadVisit(SUBJ, 'u-subj', visit)).toBe(true);
    expect(canReadVisit(SUBJ, 'u-other', visit)).toBe(false);
    expect(canReadVisit(HEAD, 'u-head', visit)).toBe(true);
    expect(canReadVisit(OTHER, 'u-other', visit)).toBe(false);
    expect(canReadVisit(PARENT, 'u-subj', visit)).toBe(false);
  });
});

test('coverageOf: visited at least once of all, who is missing, per-family counts', () => {
  const kids = [
    { _id: 'a', name: '乙' },
    { _id: 'b', name: '甲' },
    { _id: 'c', name: '丙' },
  ];
  expect(coverageOf(kids, [{ childIds: ['a'] }, { childIds: ['a', 'a'] }, { childIds: ['x'] }])).toEqual({
    total: 3,
    visited: 1,
    missing: [
      { childId: 'c', name: '丙' },
      { childId: 'b', name: '甲' },
    ].sort((p, q) => p.name.localeCompare(q.name, 'zh')),
    visits: { a: 2, b: 0, c: 0 },
  });
  expect(coverageOf([], [])).toEqual({ total: 0, visited: 0, missing: [], visits: {} });
});

describe('publication and committees: who may', () => {
  test.each<[string, Membership | null, boolean]>([
    ['the staff member themself', m([], ['teacher'], 'st-1'), true],
    ['an admin', ADMIN, true],
    ['a colleague', m([], ['teacher'], 'st-2'), false],
    ['a parent', PARENT, false],
    ['nobody', null, false],
  ])('setPublication: %s', (_n, mm, ok) => expect(canSetPublication(mm, 'st-1')).toBe(ok));

  test.each<[string, Membership, 'class' | 'grade' | 'school', boolean]>([
    ['head teacher, own class', HEAD, 'class', true],
    ['head teacher, grade', HEAD, 'grade', false],
    ['head teacher, school', HEAD, 'school', false],
    ['director, a class of the grade', DIR, 'class', true],
    ['director, the grade', DIR, 'grade', true],
    ['director, school', DIR, 'school', false],
    ['another class’s head', OTHER, 'class', false],
    ['admin, school', ADMIN, 'school', true],
    ['principal, grade', PRI, 'grade', true],
    ['subject teacher', SUBJ, 'class', false],
    ['parent', PARENT, 'class', false],
  ])('appoint: %s', (_n, mm, level, ok) => expect(canManageCommittee(mm, level, { classId: 'c31', gradeId: 'g3' })).toBe(ok));

  test.each<[{ level: 'class' | 'grade' | 'school'; classId?: string; gradeId?: string }, boolean]>([
    [{ level: 'school' }, true],
    [{ level: 'grade', gradeId: 'g3' }, true],
    [{ level: 'grade', gradeId: 'g4' }, false],
    [{ level: 'class', classId: 'c31', gradeId: 'g3' }, true],
    [{ level: 'class', classId: 'c32', gradeId: 'g3' }, false],
  ])('on the card of 三年级1班: %j', (member, shown) => expect(committeeOnCard(member, cls)).toBe(shown));
});
