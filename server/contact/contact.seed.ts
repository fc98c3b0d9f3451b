/**
 * Demo data of the contact domain (after the school seed): the schools' office lines and
 * addresses, two publication choices (school A's 心理健康教师 publishes to the whole school, its
 * 三/四年级 English teacher keeps the number unpublished), 家委会 members of 三年级1班 and the school,
 * two 家访 of 三年级1班 and one 重点关注 family. Deterministic and idempotent.
 */
import type { Database } from '../core/cloud';
import { findAll } from '../core/persistence';
import { userIdFor } from '../access/actor';
import { insertMissing } from '../school/seed-util';
import { C, type ChildDoc, type GuardianDoc, type StaffDoc } from '../school/model';
import { SCHOOL_SEED, SEED_EPOCH } from '../school/school.seed';
import { CC } from './model';
import { committeeMemberId } from './committee.service';

export const CONTACT_SEED = {
  officeA: '0571-86690001',
  officeB: '0571-86690002',
  addressA: '杭州市滨江区江南大道 100 号',
  addressB: '杭州市滨江区长河路 200 号',
  term: '2026-2027学年',
} as const;

export async function seedContact(db: Database): Promise<Record<string, number>> {
  const at = SEED_EPOCH;
  const A = SCHOOL_SEED.schoolA;
  const out: Record<string, number> = {};
  out[CC.schoolInfo] = await insertMissing(db, CC.schoolInfo, [
    { _id: A, address: CONTACT_SEED.addressA, officePhone: CONTACT_SEED.officeA, officeHours: '工作日 8:00-17:00', updatedBy: 'seed', updatedAt: at },
    { _id: SCHOOL_SEED.schoolB, address: CONTACT_SEED.addressB, officePhone: CONTACT_SEED.officeB, officeHours: '工作日 7:45-17:30', updatedBy: 'seed', updatedAt: at },
  ]);

  const staff = await findAll<StaffDoc>(db, C.staff, { schoolId: A });
  const psych = staff.find((s) => s.positions.some((p) => p.title === '心理健康教师'));
  const english = staff.find((s) => s.positions.some((p) => p.title === '任课教师' && p.subject === '英语' && p.classId === SCHOOL_SEED.classA31));
  const pubs = [
    psych && { s: psych, publication: 'school', setBy: psych.userId ?? 'seed', setByRole: 'self' },
    english && { s: english, publication: 'hidden', setBy: userIdFor('demo-admin-001'), setByRole: 'admin' },
  ].filter(Boolean) as { s: StaffDoc; publication: string; setBy: string; setByRole: string }[];
  out[CC.publications] = await insertMissing(
    db,
    CC.publications,
    pubs.map(({ s, publication, setBy, setByRole }) => ({
      _id: s._id,
      schoolId: A,
      staffId: s._id,
      publication,
      setBy,
      setByRole,
      setAt: at,
      history: [{ publication, setBy, setByRole, setAt: at }],
    })),
  );

  const children = (await findAll<ChildDoc>(db, C.children, { classId: SCHOOL_SEED.classA31 })).sort((a, b) => a._id.localeCompare(b._id));
  const guardians = await findAll<GuardianDoc>(db, C.guardians, { classId: SCHOOL_SEED.classA31 });
  const parent1 = userIdFor(SCHOOL_SEED.parentOpenid(1));
  const mineA = guardians.find((g) => g.userId === parent1);
  const other = guardians.find((g) => g.userId !== parent1 && g.childId !== mineA?.childId);
  const members = [];
  if (other) {
    members.push({ level: 'class', g: other, role: '主任', displayName: '陈女士', phone: '13900009001', agreed: true });
    members.push({ level: 'school', g: other, role: '委员', displayName: '陈女士', phone: null, agreed: true });
  }
  if (mineA) members.push({ level: 'class', g: mineA, role: '委员', displayName: '', phone: null, agreed: false });
  out[CC.committee] = await insertMissing(
    db,
    CC.committee,
    members.map((m) => {
      const scopeId = m.level === 'class' ? m.g.classId : m.g.schoolId;
      return {
        _id: committeeMemberId(m.level as 'class', scopeId, m.g.userId, CONTACT_SEED.term),
        schoolId: m.g.schoolId,
        level: m.level,
        gradeId: m.level === 'school' ? null : m.g.gradeId,
        classId: m.level === 'class' ? m.g.classId : null,
        childId: m.g.childId,
        userId: m.g.userId,
        role: m.role,
        term: CONTACT_SEED.term,
        displayName: m.displayName,
        phone: m.phone,
        agreedAt: m.agreed ? at : null,
        appointedBy: userIdFor('demo-teacher-001'),
        createdAt: at,
        updatedAt: at,
      };
    }),
  );

  const head = staff.find((s) => s.positions.some((p) => p.title === '班主任' && p.classId === SCHOOL_SEED.classA31));
  const base = { schoolId: A, gradeId: SCHOOL_SEED.gradeA3, classId: SCHOOL_SEED.classA31, schoolYear: '2026-2027', recordedBy: userIdFor('demo-teacher-001'), recordedByStaffId: head?._id ?? null, createdAt: at };
  out[CC.visits] = await insertMissing(
    db,
    CC.visits,
    children.length >= 4
      ? [
          { _id: 'hv_seed_a31_1', ...base, childIds: [children[1]._id], date: '2026-09-18', form: '入户', participants: ['母亲'], topics: ['学习习惯', '作息安排'], notes: '家中学习环境较好，建议固定阅读时间。', followUps: [{ text: '两周后电话回访阅读情况', dueDate: '2026-10-09' }] },
          { _id: 'hv_seed_a31_2', ...base, childIds: [children[2]._id, children[3]._id], date: '2026-10-12', form: '到校', participants: ['父亲', '母亲'], topics: ['亲子沟通'], notes: '分组家访，交流亲子沟通方法。', followUps: [] },
        ]
      : [],
  );
  out[CC.focus] = await insertMissing(
    db,
    CC.focus,
    children.length >= 3
      ? [{ _id: children[2]._id, schoolId: A, gradeId: SCHOOL_SEED.gradeA3, classId: SCHOOL_SEED.classA31, childId: children[2]._id, active: true, reason: '近期情绪波动，需家校共同关注', markedBy: userIdFor('demo-teacher-001'), markedAt: at }]
      : [],
  );
  return out;
}
