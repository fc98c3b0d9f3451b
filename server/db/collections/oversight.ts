import { idx, type CollectionDecl } from '../collection-decl';

/**
 * Oversight aggregates (issue 13): one small rollup per family per school year, recomputed from
 * that family's own records by the write paths (server/oversight/port.ts) with a revision guard,
 * and summed at read time by the dashboard (no school-wide counter that every check-in writes).
 */
export const oversightCollections: CollectionDecl[] = [
  {
    name: 'oversight_family_years',
    description: '督导汇总：每个家庭每学年一条（_id = schoolYear_familyId；各学期与各月学时、参加次数、家访次数；由写入路径按该家庭记录重算，rev/cleanRev 防重复计数）',
    indexes: [idx(['schoolId', 'schoolYear', '_id']), idx(['classId', 'schoolYear']), idx(['gradeId', 'schoolYear']), idx(['dirty', 'schoolId'])],
  },
];
