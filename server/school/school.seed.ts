/**
 * Demo data of the school domain: a 教联体 of two schools (a primary school that leads it and a
 * middle school), grades, classes, staff in every position, ~160 children and 200 parents,
 * and the dev sign-in list (dev_demo_users). Deterministic ids, idempotent (insert-missing).
 *
 * Phone numbers are fake and all of the form 139-0000-xxxx; parents have no phone or name on
 * record at all (we store only the child's name and the relation).
 */
import type { Database } from '../core/cloud';
import { userIdFor } from '../access/actor';
import type { ChildLink, Membership, Position } from '../../types/school/roles';
import { PRIVACY_VERSION, type Relation } from '../../types/school/school.rules';
import { stableId } from './db-util';
import { insertMissing, pick, rng } from './seed-util';
import { C, guardianId, memberId, type StaffDoc } from './model';

/** The start of the demo school year: every seeded createdAt. */
export const SEED_EPOCH = new Date('2026-09-01T08:00:00+08:00');

/** Ids other domains' seeds can build on. */
export const SCHOOL_SEED = {
  allianceId: 'alliance-binjiang',
  schoolA: 'school-bjsx',
  schoolB: 'school-bjzx',
  /** 三年级1班 of school A: demo-teacher-001 is its 班主任, demo-parent-001's first child is in it. */
  classA31: 'school-bjsx-g3-c1',
  classA32: 'school-bjsx-g3-c2',
  gradeA3: 'school-bjsx-g3',
  /** 七年级1班 of school B (demo-teacher-101), demo-parent-001's second child. */
  classB71: 'school-bjzx-g7-c1',
  /** An active join code of 三年级1班 (valid for a year from SEED_EPOCH). */
  joinCodeA31: 'SXA234',
  parentOpenid: (n: number) => `demo-parent-${String(n).padStart(3, '0')}`,
  parentCount: 200,
} as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '梁', '郑', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '潘', '袁', '蔡', '蒋', '余', '于', '杜', '叶', '程', '魏', '苏', '吕', '丁', '任', '卢'];
const CHILD_GIVEN = ['子涵', '欣怡', '梓萱', '浩宇', '宇轩', '一诺', '雨桐', '俊熙', '诗涵', '子墨', '若汐', '铭泽', '梓睿', '可馨', '思远', '嘉怡', '晨阳', '语桐', '博文', '沐阳', '佳琪', '天佑', '心怡', '明轩', '安琪', '锦程', '雅琪', '皓然', '书瑶', '泽宇', '思彤', '昊天', '梦琪', '子轩', '依诺', '奕辰', '雨萱', '承泽', '静怡', '睿哲'];
const TEACHER_GIVEN = ['秀英', '丽华', '建国', '志强', '海燕', '玉兰', '文静', '晓东', '春梅', '国庆', '红梅', '永刚', '雪梅', '卫东', '淑芬', '立新', '桂芳', '振华', '美玲', '德明', '慧敏', '少华', '凤英', '俊杰', '晓燕', '家明', '亚楠', '宏伟', '婷婷', '志华'];
const CN_GRADE = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const OFFICE_HOURS = ['每周三 15:30-17:00（家长接待日）', '每周二 16:00-17:30', '每周四 15:40-17:00', '每周五 14:30-16:00', '每周一 16:00-17:00'];

interface SeedSchool {
  _id: string;
  name: string;
  district: string;
  grades: number[];
  classesPerGrade: number;
  staffPrefix: number;
}

const SCHOOLS: SeedSchool[] = [
  { _id: SCHOOL_SEED.schoolA, name: '滨江实验小学', district: '滨江区', grades: [1, 2, 3, 4, 5, 6], classesPerGrade: 2, staffPrefix: 1 },
  { _id: SCHOOL_SEED.schoolB, name: '滨江第二中学', district: '滨江区', grades: [7, 8, 9], classesPerGrade: 2, staffPrefix: 5 },
];

const gradeId = (s: string, g: number) => `${s}-g${g}`;
const classId = (s: string, g: number, c: number) => `${s}-g${g}-c${c}`;
const gradeName = (g: number) => `${CN_GRADE[g]}年级`;

interface DemoUserDoc {
  _id: string;
  label: string;
  role: string;
  schoolName: string;
  description: string;
}

type StaffSeed = Pick<StaffDoc, '_id' | 'schoolId' | 'name' | 'phone' | 'positions' | 'officeHours'> & {
  openid?: string;
  admin?: boolean;
  demo?: { label: string; role: string; description: string };
};

/** `devUsers: false` leaves dev_demo_users alone (UI tests that own that list). */
export async function seedSchool(db: Database, opts: { devUsers?: boolean } = {}): Promise<Record<string, number>> {
  const r = rng(20260901);
  const at = SEED_EPOCH;
  const docs: Record<string, Record<string, unknown>[]> = {};
  const put = (coll: string, d: Record<string, unknown>) => (docs[coll] ??= []).push(d);
  const demoUsers: DemoUserDoc[] = [];

  put(C.alliances, { _id: SCHOOL_SEED.allianceId, name: '滨江区家校社协同育人教联体', leadSchoolId: SCHOOL_SEED.schoolA, schoolIds: SCHOOLS.map((s) => s._id), createdAt: at });

  // ---- structure
  const classOrder: { schoolId: string; grade: number; cls: number }[] = [];
  for (const s of SCHOOLS) {
    put(C.schools, { _id: s._id, name: s.name, district: s.district, allianceId: SCHOOL_SEED.allianceId, createdAt: at });
    for (const g of s.grades) {
      put(C.grades, { _id: gradeId(s._id, g), schoolId: s._id, name: gradeName(g), order: g, createdAt: at });
      for (let c = 1; c <= s.classesPerGrade; c++) {
        put(C.classes, { _id: classId(s._id, g, c), schoolId: s._id, gradeId: gradeId(s._id, g), name: `${c}班`, order: c, createdAt: at });
        classOrder.push({ schoolId: s._id, grade: g, cls: c });
      }
    }
  }

  // ---- staff (phones 139-0000-xxxx: fake)
  const staff: StaffSeed[] = [];
  const usedNames = new Set<string>();
  const teacherName = () => {
    for (;;) {
      const n = `${pick(r, SURNAMES)}${pick(r, TEACHER_GIVEN)}`;
      if (!usedNames.has(n)) {
        usedNames.add(n);
        return n;
      }
    }
  };
  for (const s of SCHOOLS) {
    let n = 0;
    const add = (positions: Position[], extra: Partial<StaffSeed> = {}) => {
      n++;
      const seq = s.staffPrefix * 100 + n;
      staff.push({
        _id: `${s._id}-st-${String(n).padStart(3, '0')}`,
        schoolId: s._id,
        name: teacherName(),
        phone: `1390000${String(seq).padStart(4, '0')}`,
        positions,
        officeHours: pick(r, OFFICE_HOURS),
        ...extra,
      });
    };
    const isA = s._id === SCHOOL_SEED.schoolA;
    add([], { admin: true, openid: isA ? 'demo-admin-001' : 'demo-admin-002', officeHours: '工作日 8:30-17:00（信息中心）', demo: { label: `${s.name}管理员`, role: '学校管理员', description: '维护年级、班级、教职工与角色，可导入教职工表格' } });
    add([{ title: '校长' }], { openid: isA ? 'demo-principal-001' : 'demo-principal-002', demo: { label: `${s.name}校长`, role: '校长', description: '查看全校班级与家校工作情况' } });
    add([{ title: '分管副校长' }]);
    for (const g of s.grades) {
      const director = isA && g === 3;
      add([{ title: '年级主任', gradeId: gradeId(s._id, g) }], director ? { openid: 'demo-director-001', demo: { label: `${gradeName(g)}年级主任`, role: '年级主任', description: `${s.name}${gradeName(g)}，查看本年级各班` } } : {});
    }
    for (const g of s.grades) {
      for (let c = 1; c <= s.classesPerGrade; c++) {
        const cid = classId(s._id, g, c);
        const openid = isA && g === 3 && c === 1 ? 'demo-teacher-001' : isA && g === 3 && c === 2 ? 'demo-teacher-002' : !isA && g === 7 && c === 1 ? 'demo-teacher-101' : undefined;
        add(
          [
            { title: '班主任', gradeId: gradeId(s._id, g), classId: cid },
            { title: '任课教师', gradeId: gradeId(s._id, g), classId: cid, subject: '语文' },
          ],
          openid ? { openid, demo: { label: `${gradeName(g)}${c}班班主任`, role: '班主任', description: `${s.name}，生成班级邀请码、管理家长` } } : {},
        );
      }
    }
    for (const g of s.grades) {
      const classes = Array.from({ length: s.classesPerGrade }, (_, i) => classId(s._id, g, i + 1));
      const openid = isA && g === 3 ? 'demo-teacher-003' : undefined;
      add(
        classes.map((cid) => ({ title: '任课教师' as const, gradeId: gradeId(s._id, g), classId: cid, subject: '数学' })),
        openid ? { openid, demo: { label: `${gradeName(g)}数学老师`, role: '任课教师', description: `${s.name}，任教${gradeName(g)}1班、2班数学` } } : {},
      );
    }
    for (let i = 0; i < s.grades.length; i += 2) {
      const gs = s.grades.slice(i, i + 2).filter((g) => g >= 3);
      if (!gs.length) continue;
      add(gs.flatMap((g) => Array.from({ length: s.classesPerGrade }, (_, k) => ({ title: '任课教师' as const, gradeId: gradeId(s._id, g), classId: classId(s._id, g, k + 1), subject: '英语' }))));
    }
    add([{ title: '心理健康教师' }], isA ? { openid: 'demo-teacher-004', officeHours: '每周一、周四 14:00-17:00（心理辅导室）', demo: { label: '心理健康教师', role: '心理健康教师', description: `${s.name}，心理辅导与家长咨询` } } : {});
    add([{ title: '家庭教育指导教师' }], isA ? { openid: 'demo-teacher-005', demo: { label: '家庭教育指导教师', role: '家庭教育指导教师', description: `${s.name}，家长学校课程与家庭教育指导` } } : {});
  }

  // ---- users (staff accounts), members
  const users = new Map<string, { _id: string; openid: string; memberships: Membership[]; children: ChildLink[]; currentChildId: string | null }>();
  const userFor = (openid: string) => {
    let u = users.get(openid);
    if (!u) {
      u = { _id: userIdFor(openid), openid, memberships: [], children: [], currentChildId: null };
      users.set(openid, u);
    }
    return u;
  };
  const schoolName = (id: string) => SCHOOLS.find((s) => s._id === id)!.name;
  for (const st of staff) {
    const userId = st.openid ? userIdFor(st.openid) : null;
    put(C.staff, { _id: st._id, schoolId: st.schoolId, name: st.name, phone: st.phone, positions: st.positions, officeHours: st.officeHours, userId, createdAt: at, updatedAt: at });
    if (!st.openid) continue;
    const u = userFor(st.openid);
    const m: Membership = { schoolId: st.schoolId, roles: st.admin ? ['teacher', 'admin'] : ['teacher'], staffId: st._id, positions: st.positions };
    u.memberships.push(m);
    if (st.demo) demoUsers.push({ _id: st.openid, label: st.demo.label, role: st.demo.role, schoolName: schoolName(st.schoolId), description: st.demo.description });
  }

  // ---- children and parents
  const childrenPerClass = 9;
  const children: { _id: string; schoolId: string; gradeId: string; classId: string; name: string }[] = [];
  for (const co of [...classOrder].sort((a, b) => rankClass(a) - rankClass(b))) {
    const cid = classId(co.schoolId, co.grade, co.cls);
    const names = new Set<string>();
    while (names.size < childrenPerClass) names.add(`${pick(r, SURNAMES)}${pick(r, CHILD_GIVEN)}`);
    for (const name of names) children.push({ _id: stableId('ch', cid, name), schoolId: co.schoolId, gradeId: gradeId(co.schoolId, co.grade), classId: cid, name });
  }
  const link = (openid: string, child: (typeof children)[number], relation: Relation) => {
    const u = userFor(openid);
    u.children.push({ childId: child._id, schoolId: child.schoolId, gradeId: child.gradeId, classId: child.classId, childName: child.name, relation });
    u.currentChildId ??= child._id;
    const m = u.memberships.find((x) => x.schoolId === child.schoolId);
    if (!m) u.memberships.push({ schoolId: child.schoolId, roles: ['parent'], positions: [] });
    else if (!m.roles.includes('parent')) m.roles.push('parent');
    put(C.guardians, { _id: guardianId(child._id, u._id), childId: child._id, userId: u._id, schoolId: child.schoolId, gradeId: child.gradeId, classId: child.classId, relation, joinCode: 'SEED', createdAt: at });
  };
  const primary = children.length; // one parent per child first
  for (let k = 0; k < children.length && k < SCHOOL_SEED.parentCount; k++) link(SCHOOL_SEED.parentOpenid(k + 1), children[k], k % 3 === 0 ? '父亲' : '母亲');
  // the remaining parents are second guardians of the first children (the other parent or a grandparent)
  for (let p = primary + 1; p <= SCHOOL_SEED.parentCount; p++) {
    const k = p - primary - 1;
    const rel: Relation = k % 7 === 6 ? '外祖母' : k % 5 === 4 ? '祖父' : k % 3 === 0 ? '母亲' : '父亲';
    link(SCHOOL_SEED.parentOpenid(p), children[k], rel);
  }
  // demo-parent-001 also has a child in the middle school (switching children)
  const firstB = children.find((c, k) => c.classId === SCHOOL_SEED.classB71 && k % 3 !== 0)!; // its other guardian is the mother
  link(SCHOOL_SEED.parentOpenid(1), firstB, '父亲');
  for (const c of children) put(C.children, { ...c, createdAt: at });

  for (const u of users.values()) {
    for (const m of u.memberships) put(C.members, { _id: memberId(m.schoolId, u._id), schoolId: m.schoolId, userId: u._id, roles: m.roles, staffId: m.staffId ?? null, positions: m.positions, createdAt: at, updatedAt: at });
    put(C.users, { ...u, consent: { version: PRIVACY_VERSION, acceptedAt: at, guardianConsent: true }, createdAt: at, updatedAt: at });
  }

  put(C.joinCodes, {
    _id: SCHOOL_SEED.joinCodeA31,
    kind: 'class',
    schoolId: SCHOOL_SEED.schoolA,
    gradeId: SCHOOL_SEED.gradeA3,
    classId: SCHOOL_SEED.classA31,
    staffId: null,
    createdBy: userIdFor('demo-teacher-001'),
    expiresAt: new Date(at.getTime() + 365 * 86400_000),
    revokedAt: null,
    qrFileId: null,
    createdAt: at,
  });

  // ---- dev sign-in: a few parents first, then staff
  const childOf = (n: number) => users.get(SCHOOL_SEED.parentOpenid(n))!.children;
  const parentDemo = (n: number, description: string) => {
    const kids = childOf(n);
    const first = kids[0];
    demoUsers.unshift({ _id: SCHOOL_SEED.parentOpenid(n), label: `${first.childName}${first.relation === '母亲' ? '妈妈' : first.relation === '父亲' ? '爸爸' : '家长'}`, role: '家长', schoolName: schoolName(first.schoolId), description });
  };
  parentDemo(primary + 1, '三年级1班，与另一位家长共同监护');
  parentDemo(2, '三年级1班');
  parentDemo(1, '两个孩子：小学三年级1班、中学七年级1班（可切换孩子）');
  demoUsers.push({ _id: 'demo-parent-new', label: '新家长（未绑定孩子）', role: '家长', schoolName: '', description: '首次打开：阅读隐私保护指引，用班级邀请码绑定孩子' });
  demoUsers.sort((a, b) => (a.role === '家长' ? 0 : 1) - (b.role === '家长' ? 0 : 1));
  if (opts.devUsers !== false) for (const d of demoUsers) put('dev_demo_users', { ...d });

  const inserted: Record<string, number> = {};
  for (const [coll, list] of Object.entries(docs)) inserted[coll] = await insertMissing(db, coll, list as never);
  return inserted;
}

/** School A's 三年级 first (the demo class), then the rest in school order. */
function rankClass(c: { schoolId: string; grade: number; cls: number }): number {
  const base = c.schoolId === SCHOOL_SEED.schoolA ? 0 : 1000;
  const demoFirst = c.schoolId === SCHOOL_SEED.schoolA && c.grade === 3 ? -100 : 0;
  return base + demoFirst + c.grade * 10 + c.cls;
}
