import type { ChildLink, Membership } from './roles';
import {
  afterFailedAttempt,
  mayTryJoinCode,
  canManageClass,
  canManageSchool,
  canSeeStaffPhone,
  canViewClass,
  checkJoinCode,
  deletionDueAt,
  formatJoinCode,
  gradeOrderFromName,
  guardianLabel,
  isWellFormedJoinCode,
  joinCodeStatus,
  mergeImportRows,
  needsConsent,
  normaliseChildName,
  guardianRequestWarning,
  CLASS_ROSTER_VIEWERS,
  childNameVisibilityText,
  normaliseJoinCode,
  parseImportRow,
  positionProblems,
  PRIVACY_VERSION,
  RELATIONS,
  splitPositions,
} from './school.rules';
import { BindChildInputSchema, ImportStaffInputSchema, PhoneSchema, UpsertStaffInputSchema } from './school.schema';

const now = new Date('2026-03-02T09:00:00+08:00');
const later = (h: number) => new Date(now.getTime() + h * 3600_000);

describe('join codes', () => {
  it.each([
    ['ABC234', 'ABC234', true],
    [' abc-234 ', 'ABC234', true],
    ['abc 234', 'ABC234', true],
    ['ABC230', 'ABC230', false], // 0 is not in the alphabet
    ['ABCI23', 'ABCI23', false], // I is not in the alphabet
    ['ABC23', 'ABC23', false],
    ['ABC2345', 'ABC2345', false],
  ])('normalise %p → %p, well-formed %p', (raw, norm, ok) => {
    expect(normaliseJoinCode(raw)).toBe(norm);
    expect(isWellFormedJoinCode(normaliseJoinCode(raw))).toBe(ok);
  });

  it.each([
    [{ expiresAt: later(1), revokedAt: null }, 'active'],
    [{ expiresAt: later(-1), revokedAt: null }, 'expired'],
    [{ expiresAt: now, revokedAt: null }, 'expired'],
    [{ expiresAt: later(1), revokedAt: later(-2) }, 'revoked'],
    [{ expiresAt: later(-1), revokedAt: later(-2) }, 'revoked'],
  ] as const)('status of %p is %p', (code, status) => {
    expect(joinCodeStatus(code, now)).toBe(status);
  });

  it.each([
    ['ABC234', { kind: 'class', expiresAt: later(24) }, 'class', { ok: true }],
    ['ABC234', null, 'class', { ok: false, code: 'JOIN_CODE_INVALID' }],
    ['ABC234', { kind: 'staff', expiresAt: later(24) }, 'class', { ok: false, code: 'JOIN_CODE_INVALID' }],
    ['AB', { kind: 'class', expiresAt: later(24) }, 'class', { ok: false, code: 'JOIN_CODE_INVALID' }],
    ['ABC234', { kind: 'class', expiresAt: later(-1) }, 'class', { ok: false, code: 'JOIN_CODE_EXPIRED' }],
    ['ABC234', { kind: 'class', expiresAt: later(24), revokedAt: later(-1) }, 'class', { ok: false, code: 'JOIN_CODE_REVOKED' }],
    ['ABC234', { kind: 'staff', expiresAt: later(24) }, 'staff', { ok: true }],
  ] as const)('check %p against %p (%p) → %p', (typed, stored, kind, expected) => {
    expect(checkJoinCode(typed, stored, now, kind)).toEqual(expected);
  });

  it('formats for reading aloud', () => {
    expect(formatJoinCode('ABC234')).toBe('ABC 234');
  });
});

describe('consent', () => {
  it.each([
    [null, true],
    [undefined, true],
    [{ version: PRIVACY_VERSION, acceptedAt: now, guardianConsent: true }, false],
    [{ version: '2000.0', acceptedAt: now, guardianConsent: true }, true],
  ])('%p needs consent: %p', (consent, expected) => {
    expect(needsConsent(consent)).toBe(expected);
  });
  it('deletion is due after the grace period', () => {
    expect(deletionDueAt(now, 7).getTime() - now.getTime()).toBe(7 * 86400_000);
  });
});

describe('relations and names', () => {
  it('lists the relations a parent can choose', () => {
    expect(RELATIONS).toEqual(['父亲', '母亲', '祖父', '祖母', '外祖父', '外祖母', '其他监护人']);
  });
  it.each([
    ['王小明', '父亲', '王小明父亲'],
    ['王小明', '其他监护人', '王小明家长'],
  ])('label of %p/%p is %p', (c, r, label) => expect(guardianLabel(c, r)).toBe(label));
  it.each([
    ['王 小明', '王小明'],
    ['\u3000王小明 ', '王小明'],
    ['Tom Lee', 'Tom Lee'],
    ['  Tom   Lee ', 'Tom Lee'],
    ['李 Tom', '李Tom'],
    ['阿依古丽·买买提', '阿依古丽·买买提'],
  ])('normalises %p → %p', (raw, norm) => expect(normaliseChildName(raw)).toBe(norm));
});

const S = 'school-a';
const admin: Membership = { schoolId: S, roles: ['admin'], positions: [] };
const head: Membership = { schoolId: S, roles: ['teacher'], positions: [{ title: '班主任', classId: 'c1', gradeId: 'g1' }] };
const subject: Membership = { schoolId: S, roles: ['teacher'], positions: [{ title: '任课教师', classId: 'c1', subject: '语文' }] };
const director: Membership = { schoolId: S, roles: ['teacher'], positions: [{ title: '年级主任', gradeId: 'g1' }] };
const principal: Membership = { schoolId: S, roles: ['teacher'], positions: [{ title: '校长' }] };
const parent: Membership = { schoolId: S, roles: ['parent'], positions: [] };
// A parent whose membership claims a position (e.g. a stale copy) must not gain staff rights.
const parentWithPosition: Membership = { schoolId: S, roles: ['parent'], positions: [{ title: '班主任', classId: 'c1' }] };

describe('permissions', () => {
  const c1 = { _id: 'c1', gradeId: 'g1' };
  const c2 = { _id: 'c2', gradeId: 'g2' };
  it.each([
    ['admin', admin, true, true, true, true],
    ['head teacher of c1', head, true, false, true, false],
    ['subject teacher of c1', subject, false, false, true, false],
    ['grade director of g1', director, false, false, true, false],
    ['principal', principal, false, false, true, true],
    ['parent', parent, false, false, false, false],
    ['parent with a stale position', parentWithPosition, false, false, false, false],
    ['nobody', undefined, false, false, false, false],
  ])('%s: manage c1 %p, manage school %p, view c1 %p, view c2 %p', (_label, m, manageC1, manageSchool, viewC1, viewC2) => {
    expect(canManageClass(m, 'c1')).toBe(manageC1);
    expect(canManageSchool(m)).toBe(manageSchool);
    expect(canViewClass(m, c1)).toBe(viewC1);
    expect(canViewClass(m, c2)).toBe(viewC2 || (m === admin));
  });

  const child: ChildLink = { childId: 'k1', schoolId: S, gradeId: 'g1', classId: 'c1', childName: '王小明', relation: '父亲' };
  const staffOf = (positions: Membership['positions'], schoolId = S) => ({ schoolId, positions });
  it.each([
    ['teacher sees a colleague', head, [], staffOf([{ title: '心理健康教师' }]), true],
    ['teacher of another school', { ...head, schoolId: 'school-b' }, [], staffOf([{ title: '校长' }]), false],
    ['parent sees the head teacher of the child', parent, [child], staffOf([{ title: '班主任', classId: 'c1' }]), true],
    ['parent sees a subject teacher of the class', parent, [child], staffOf([{ title: '任课教师', classId: 'c1', subject: '数学' }]), true],
    ['parent sees the grade director', parent, [child], staffOf([{ title: '年级主任', gradeId: 'g1' }]), true],
    ['parent sees the principal', parent, [child], staffOf([{ title: '校长' }]), true],
    ['parent does not see another class head teacher', parent, [child], staffOf([{ title: '班主任', classId: 'c2' }]), false],
    ['parent does not see the counsellor', parent, [child], staffOf([{ title: '心理健康教师' }]), false],
    ['parent without children', parent, [], staffOf([{ title: '校长' }]), false],
    ['no membership', undefined, [child], staffOf([{ title: '校长' }]), false],
  ] as const)('%s → %p', (_l, m, children, staff, expected) => {
    expect(canSeeStaffPhone({ membership: m as Membership | undefined, children: [...children] }, { schoolId: staff.schoolId, positions: [...staff.positions] })).toBe(expected);
  });
});

describe('positions', () => {
  it.each([
    [[{ title: '校长' }], []],
    [[{ title: '年级主任' }], ['年级主任需要指定年级']],
    [[{ title: '班主任' }], ['班主任需要指定班级']],
    [[{ title: '任课教师', classId: 'c1' }], ['任课教师需要指定班级和学科']],
    [[{ title: '任课教师', classId: 'c1', subject: '语文' }], []],
    [[{ title: '校长' }, { title: '校长' }], ['职务重复']],
  ] as const)('%p → %p', (positions, messages) => {
    expect(positionProblems(positions.map((p) => ({ ...p }))).map((p) => p.message)).toEqual(messages);
  });
});

describe('grade order', () => {
  it.each([
    ['一年级', 1],
    ['三年级', 3],
    ['六年级', 6],
    ['十年级', 10],
    ['十二年级', 12],
    ['4年级', 4],
    ['初一', 7],
    ['高三', 12],
    ['学前班', 99],
  ])('%p → %p', (name, order) => expect(gradeOrderFromName(name)).toBe(order));
});

describe('import rows', () => {
  it.each([
    ['班主任、任课教师', ['班主任', '任课教师']],
    ['校长,分管副校长', ['校长', '分管副校长']],
    [' 年级主任 ', ['年级主任']],
    ['', []],
  ])('splits %p', (cell, titles) => expect(splitPositions(cell)).toEqual(titles));

  it.each([
    [{ 姓名: '李老师', 手机号: '139-0000-0001', 职务: '校长' }, [], [{ title: '校长' }]],
    [{ 姓名: '李老师', 手机号: '13900000001', 职务: '班主任', 年级: '三年级', 班级: '2班' }, [], [{ title: '班主任', gradeName: '三年级', className: '2班' }]],
    [{ 姓名: '李老师', 手机号: '13900000001', 职务: '任课教师', 年级: '三年级', 班级: '2班', 学科: '语文' }, [], [{ title: '任课教师', gradeName: '三年级', className: '2班', subject: '语文' }]],
    [{ 姓名: '', 手机号: '13900000001', 职务: '校长' }, ['姓名'], null],
    [{ 姓名: '李老师', 手机号: '1390000', 职务: '校长' }, ['手机号'], null],
    [{ 姓名: '李老师', 手机号: '13900000001', 职务: '教导主任' }, ['职务'], null],
    [{ 姓名: '李老师', 手机号: '13900000001', 职务: '' }, ['职务'], null],
    [{ 姓名: '李老师', 手机号: '13900000001', 职务: '年级主任' }, ['年级'], null],
    [{ 姓名: '李老师', 手机号: '13900000001', 职务: '班主任', 年级: '三年级' }, ['班级'], null],
    [{ 姓名: '李老师', 手机号: '13900000001', 职务: '任课教师', 年级: '三年级', 班级: '2班' }, ['学科'], null],
  ] as const)('row %p → errors in %p', (cells, columns, positions) => {
    const r = parseImportRow(5, cells);
    expect(r.errors.map((e) => e.column)).toEqual(columns);
    expect(r.errors.every((e) => e.row === 5)).toBe(true);
    if (positions) expect(r.value?.positions).toEqual(positions);
    else expect(r.value).toBeUndefined();
  });

  it('merges rows of one person and rejects a phone used by two names', () => {
    const a = parseImportRow(2, { 姓名: '李老师', 手机号: '13900000001', 职务: '班主任', 年级: '三年级', 班级: '2班' }).value!;
    const b = parseImportRow(3, { 姓名: '李老师', 手机号: '13900000001', 职务: '任课教师', 年级: '三年级', 班级: '2班', 学科: '语文', 接待时间: '周三下午' }).value!;
    const c = parseImportRow(4, { 姓名: '张老师', 手机号: '13900000001', 职务: '校长' }).value!;
    const merged = mergeImportRows([a, b, c]);
    expect(merged.staff).toHaveLength(1);
    expect(merged.staff[0].positions.map((p) => p.title)).toEqual(['班主任', '任课教师']);
    expect(merged.staff[0].officeHours).toBe('周三下午');
    expect(merged.errors).toEqual([{ row: 4, column: '手机号', message: '手机号与第2行重复，但姓名不同' }]);
  });
});

describe('schemas', () => {
  it.each([
    ['13900001234', true],
    ['139-0000-1234', true],
    ['1390000123', false],
    ['23900001234', false],
    ['abc', false],
  ])('phone %p valid %p', (phone, ok) => expect(PhoneSchema.safeParse(phone).success).toBe(ok));

  it.each([
    [{ code: 'ABC234', childName: '王小明', relation: '父亲' }, true],
    [{ code: 'ABC234', childName: '王', relation: '父亲' }, false],
    [{ code: 'ABC234', childName: '王小明', relation: '叔叔' }, false],
    [{ code: 'ABC234', childName: '<script>', relation: '母亲' }, false],
    [{ code: 'ABC234', childName: '王小明', relation: '母亲', openid: 'x' }, false],
  ])('bindChild %p valid %p', (input, ok) => expect(BindChildInputSchema.safeParse(input).success).toBe(ok));

  it.each([
    [{ schoolId: 's', fileId: 'cloud://x' }, true],
    [{ schoolId: 's', base64: 'UEsDBA==' }, true],
    [{ schoolId: 's' }, false],
    [{ schoolId: 's', fileId: 'cloud://x', base64: 'UEsDBA==' }, false],
  ])('importStaff %p valid %p', (input, ok) => expect(ImportStaffInputSchema.safeParse(input).success).toBe(ok));

  it('upsertStaff normalises the phone and defaults office hours', () => {
    const r = UpsertStaffInputSchema.parse({ schoolId: 's', name: '李老师', phone: '139 0000 1234', positions: [{ title: '校长' }] });
    expect(r.phone).toBe('13900001234');
    expect(r.officeHours).toBe('');
  });
});

describe('join code attempts', () => {
  const t0 = new Date('2026-03-02T09:00:00+08:00');
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);
  it.each([
    [null, 0, true],
    [{ count: 9, windowStart: t0 }, 10, true],
    [{ count: 10, windowStart: t0 }, 10, false],
    [{ count: 10, windowStart: t0 }, 59, false],
    [{ count: 10, windowStart: t0 }, 60, true],
  ])('state %p after %p min → may try %p', (state, min, ok) => {
    expect(mayTryJoinCode(state, at(min))).toBe(ok);
  });
  it.each([
    [null, 0, 1, 0],
    [{ count: 3, windowStart: t0 }, 5, 4, 0],
    [{ count: 10, windowStart: t0 }, 61, 1, 61],
  ])('after a failure from %p at %p min → count %p, window from %p min', (state, min, count, start) => {
    const next = afterFailedAttempt(state, at(min));
    expect(next.count).toBe(count);
    expect(next.windowStart.getTime()).toBe(at(start).getTime());
  });
});

describe('guardianRequestWarning', () => {
  it.each([
    ['父亲', [{ relation: '父亲' }], '该孩子已有监护人“父亲”，请先与家长核实是否为同一人或另一位家人，再确认'],
    ['母亲', [{ relation: '父亲' }], null],
    ['祖父', [{ relation: '祖父' }], null],
    ['父亲', [], null],
    ['祖母', [{ relation: '父亲' }, { relation: '母亲' }, { relation: '祖父' }, { relation: '外祖母' }], '该孩子已有 4 位监护人，请核实后再确认'],
  ])('a %p asking, guardians %j → %p', (relation, existing, warning) => {
    expect(guardianRequestWarning(relation, existing)).toBe(warning);
  });
});

describe('the privacy notice says who sees the class roster, and canViewClass agrees', () => {
  const cls = { _id: 'class-1', gradeId: 'grade-1' };
  const at = (m: import('./roles').Membership) => JSON.parse(JSON.stringify(m).replace(/\$class/g, cls._id).replace(/\$grade/g, cls.gradeId));
  it.each(CLASS_ROSTER_VIEWERS.map((v) => [v.who, v.membership] as const))('%s sees the roster and is named in the notice', (who, m) => {
    expect(canViewClass(at(m), cls)).toBe(true);
    expect(childNameVisibilityText()).toContain(who);
  });
  it.each([
    ['另一班的班主任', { schoolId: '', roles: ['teacher'], positions: [{ title: '班主任', classId: 'class-2' }] }],
    ['另一年级的年级主任', { schoolId: '', roles: ['teacher'], positions: [{ title: '年级主任', gradeId: 'grade-2' }] }],
    ['心理健康教师', { schoolId: '', roles: ['teacher'], positions: [{ title: '心理健康教师' }] }],
    ['家庭教育指导教师', { schoolId: '', roles: ['teacher'], positions: [{ title: '家庭教育指导教师' }] }],
    ['家长', { schoolId: '', roles: ['parent'], positions: [] }],
  ] as const)('%s does not see the roster', (_who, m) => {
    expect(canViewClass(m as never, cls)).toBe(false);
  });
  it('the principal is named (they see every class)', () => {
    expect(childNameVisibilityText()).toContain('校长');
    expect(childNameVisibilityText()).toContain('不向其他家长显示');
  });
});
