/**
 * Test data for the certificate tests: two schools, classes, an admin per school, a head teacher,
 * guardians with ledger entries (credit_ledger, as check-ins and lessons write them), written with
 * the admin SDK database. Not used in production code.
 */
import type { Database } from '../core/cloud';
import { userIdFor } from '../access/actor';
import { ledgerEntry, ledgerKeys } from '../credit/ledger';
import type { ChildLink, Membership } from '../../types/school/roles';
import type { Result } from '../../types/common/result';
import { DEFAULT_CERTIFICATE_RULE, type CertificateRule } from '../../types/certificate/certificate.schema';
import type { TestCloud } from '../../test/helpers/local-cloud';

export const SA = 'cx-school-a';
export const SB = 'cx-school-b';
export const GRADE_A = 'cx-grade-a3';
export const classOf = (i: number) => `cx-class-a3-${i}`;
export const CLASS_B = 'cx-class-b1';
export const ADMIN_A = 'cx-admin-a';
export const ADMIN_A2 = 'cx-admin-a2';
export const HEAD_A1 = 'cx-head-a1';
export const ADMIN_B = 'cx-admin-b';
export const parent = (c: number, g: number) => `cx-parent-${c}-${String(g).padStart(4, '0')}`;
export const child = (c: number, g: number) => `cx-child-${c}-${String(g).padStart(4, '0')}`;
export const PARENT_B = 'cx-parent-b';
export const CHILD_B = 'cx-child-b';

export function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code} ${JSON.stringify(r.error.details ?? '')}`);
  return r.data;
}
export const code = (r: Result<unknown>) => (r.ok ? 'OK' : r.error.code);

export const RULE: CertificateRule = { ...DEFAULT_CERTIFICATE_RULE, enabled: true, minHours: 4, minSessions: 2, minCollective: 1, principalName: '林校长' };

async function put(db: Database, coll: string, id: string, data: Record<string, unknown>) {
  await db.collection(coll).doc(id).set({ data });
}

async function putUser(db: Database, openid: string, memberships: Membership[], children: ChildLink[]) {
  await put(db, 'users', userIdFor(openid), { openid, memberships, children, consent: { version: 'v1', acceptedAt: new Date() }, createdAt: new Date() });
}

/** Ledger entries of a guardian: `sessions` check-ins of `hoursEach` (collective when ≥ 1 课时). */
export async function credit(db: Database, p: { schoolId: string; familyId: string; classId: string; openid: string; sessions: number; hoursEach: number; at: Date; tag?: string }) {
  const entries = Array.from({ length: p.sessions }, (_, k) =>
    ledgerEntry({
      key: ledgerKeys.attendance(`cx-session-${p.tag ?? ''}${k}`, p.familyId),
      schoolId: p.schoolId,
      familyId: p.familyId,
      classId: p.classId,
      source: 'attendance',
      sourceId: `cx-session-${k}`,
      title: '家庭教育讲座',
      credit: { hours: p.hoursEach, sessions: 1, collective: p.hoursEach >= 1 ? 1 : 0 },
      occurredAt: p.at,
      now: p.at,
      operatorUserId: userIdFor(p.openid),
    }),
  );
  for (let i = 0; i < entries.length; i += 50) {
    await Promise.all(entries.slice(i, i + 50).map((e) => {
      const { _id, ...rest } = e;
      return db.collection('credit_ledger').doc(_id).set({ data: rest });
    }));
  }
}

/**
 * School A: `classes` classes of `perClass` families each (guardian g of class c: parent(c,g),
 * 3 sessions of 2 课时 — eligible — unless g % 5 === 4: 1 session of 2 课时, "还差 2 课时");
 * a confirmed real name for every guardian unless `names: false` or listed in `unnamed`. School B: one family, eligible.
 */
export async function seedCertificates(cloud: TestCloud, p: { classes: number; perClass: number; names?: boolean; unnamed?: string[]; allEligible?: boolean; at: Date }) {
  const db = cloud.db;
  await put(db, 'schools', SA, { name: '滨江测试小学', district: '滨江区', allianceId: null, createdAt: p.at });
  await put(db, 'schools', SB, { name: '滨江测试中学', district: '滨江区', allianceId: null, createdAt: p.at });
  await put(db, 'grades', GRADE_A, { schoolId: SA, name: '三年级', order: 3, createdAt: p.at });
  await put(db, 'grades', 'cx-grade-b1', { schoolId: SB, name: '七年级', order: 7, createdAt: p.at });
  await put(db, 'classes', CLASS_B, { schoolId: SB, gradeId: 'cx-grade-b1', name: '1班', order: 1, createdAt: p.at });
  const admin = (schoolId: string): Membership => ({ schoolId, roles: ['teacher', 'admin'], positions: [{ title: '校长' }] });
  await putUser(db, ADMIN_A, [admin(SA)], []);
  await putUser(db, ADMIN_A2, [admin(SA)], []);
  await putUser(db, ADMIN_B, [admin(SB)], []);
  await putUser(db, HEAD_A1, [{ schoolId: SA, roles: ['teacher'], positions: [{ title: '班主任', classId: classOf(1), gradeId: GRADE_A }] }], []);
  const jobs: Promise<unknown>[] = [];
  for (let c = 1; c <= p.classes; c++) {
    await put(db, 'classes', classOf(c), { schoolId: SA, gradeId: GRADE_A, name: `${c}班`, order: c, createdAt: p.at });
    for (let g = 0; g < p.perClass; g++) {
      const link: ChildLink = { childId: child(c, g), schoolId: SA, gradeId: GRADE_A, classId: classOf(c), childName: `学生${c}-${g}`, relation: g % 2 ? '父亲' : '母亲' };
      jobs.push(
        (async () => {
          await putUser(db, parent(c, g), [{ schoolId: SA, roles: ['parent'], positions: [] }], [link]);
          const weak = !p.allEligible && g % 5 === 4;
          await credit(db, { schoolId: SA, familyId: link.childId, classId: link.classId, openid: parent(c, g), sessions: weak ? 1 : 3, hoursEach: 2, at: p.at });
          if (p.names !== false && !p.unnamed?.includes(parent(c, g))) await put(db, 'certificate_names', userIdFor(parent(c, g)), { realName: `张${['小明', '建国', '丽华', '志强'][g % 4]}`, purpose: 'cert-name-v1', confirmedAt: p.at });
        })(),
      );
      if (jobs.length >= 40) await Promise.all(jobs.splice(0));
    }
  }
  await Promise.all(jobs);
  const linkB: ChildLink = { childId: CHILD_B, schoolId: SB, gradeId: 'cx-grade-b1', classId: CLASS_B, childName: '李同学', relation: '母亲' };
  await putUser(db, PARENT_B, [{ schoolId: SB, roles: ['parent'], positions: [] }], [linkB]);
  await credit(db, { schoolId: SB, familyId: CHILD_B, classId: CLASS_B, openid: PARENT_B, sessions: 3, hoursEach: 2, at: p.at });
  await put(db, 'certificate_names', userIdFor(PARENT_B), { realName: '李梅', purpose: 'cert-name-v1', confirmedAt: p.at });
}

export async function enableRule(cloud: TestCloud, rule: CertificateRule = RULE) {
  ok(await cloud.call('certificate', ADMIN_A, 'saveRule', { schoolId: SA, rule }));
  ok(await cloud.call('certificate', ADMIN_B, 'saveRule', { schoolId: SB, rule }));
}
