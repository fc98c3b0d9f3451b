import { idx, type CollectionDecl } from '../collection-decl';

/** Completion certificates (issue 10). */
export const certificateCollections: CollectionDecl[] = [
  {
    name: 'certificates',
    description: '结业证书（_id = 学年_familyId_userId_版本；一人一学年一张，补发为新版本，撤销保留原因）',
    indexes: [
      idx(['schoolId', 'classId', 'schoolYear']),
      idx(['number']),
      idx(['holderKey', 'rev'], { desc: ['rev'] }),
      idx(['userId', 'schoolYear']),
      idx(['status', 'claimedAt']),
    ],
  },
  {
    name: 'certificate_settings',
    description: '学校结业证书规则与证书样式（_id = schoolId_schoolYear）',
    indexes: [idx(['schoolId', 'schoolYear'], { desc: ['schoolYear'] })],
  },
  {
    name: 'certificate_counters',
    description: '证书编号计数（_id = schoolId_schoolYear；每次发放按批条件更新领取一段编号，编号不复用）',
    indexes: [],
  },
  {
    name: 'certificate_names',
    description: '家长确认的证书姓名（_id = userId；仅用于本人证书）',
    indexes: [],
  },
  {
    name: 'certificate_verify_attempts',
    description: '证书查验次数（_id = 调用者哈希；条件更新限流，防枚举）',
    indexes: [],
  },
];
