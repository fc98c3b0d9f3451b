/**
 * Demo data for certificates: both schools issue certificates this school year (school A with its
 * principal's name, a drawn seal), and the guardians of 三年级1班 other than demo-parent-001 have
 * confirmed their certificate names — so the admin can issue to that class at once. demo-parent-001
 * (who always attended) qualifies and has NOT confirmed a name yet: the demo shows that step.
 * Certificates themselves are issued through the function (they are signed with its key).
 */
import type { Database } from '../core/cloud';
import { userIdFor } from '../access/actor';
import { insertMissing } from '../school/seed-util';
import { SCHOOL_SEED } from '../school/school.seed';
import { termOf } from '../../types/credit/credit.rules';
import { DEFAULT_CERTIFICATE_RULE, type CertificateNameDoc, type CertificateSettingsDoc } from '../../types/certificate/certificate.schema';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['建国', '丽华', '志强', '秀英', '海燕', '伟', '敏', '静', '军', '芳'];

export async function seedCertificates(db: Database, now = new Date()): Promise<Record<string, number>> {
  const year = termOf(now).schoolYear;
  const at = now;
  const settings: CertificateSettingsDoc[] = [
    {
      _id: `${SCHOOL_SEED.schoolA}_${year}`,
      schoolId: SCHOOL_SEED.schoolA,
      schoolYear: year,
      rule: { ...DEFAULT_CERTIFICATE_RULE, enabled: true, minHours: 4, minSessions: 2, minCollective: 0, minStarLevel: 0, excellentAtTopLevel: true, principalName: '陈建华' },
      updatedAt: at,
      updatedBy: userIdFor('demo-admin-001'),
    },
    {
      _id: `${SCHOOL_SEED.schoolB}_${year}`,
      schoolId: SCHOOL_SEED.schoolB,
      schoolYear: year,
      rule: { ...DEFAULT_CERTIFICATE_RULE, enabled: true, minHours: 6, minSessions: 3, minCollective: 1, principalName: '周明' },
      updatedAt: at,
      updatedBy: userIdFor('demo-admin-002'),
    },
  ];
  const users = (await db.collection<{ _id: string; openid: string; children: { classId: string }[] }>('users').where({ 'children.classId': SCHOOL_SEED.classA31 }).limit(1000).get()).data;
  const names: CertificateNameDoc[] = users
    .filter((u) => u.openid !== SCHOOL_SEED.parentOpenid(1))
    .sort((a, b) => a._id.localeCompare(b._id))
    .map((u, k) => ({ _id: u._id, realName: `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 3) % GIVEN.length]}`, purpose: 'cert-name-v1', confirmedAt: at }));
  return {
    certificate_settings: await insertMissing(db, 'certificate_settings', settings),
    certificate_names: await insertMissing(db, 'certificate_names', names),
  };
}
