import { idx, type CollectionDecl } from '../collection-decl';

/** 家长联络卡, number publication, 家访, 重点关注 and 家委会 (issue 12). */
export const contactCollections: CollectionDecl[] = [
  {
    name: 'contact_publications',
    description: '教职工电话公开范围（_id = staffId；谁、何时设定，含历史）',
    indexes: [idx('schoolId')],
  },
  {
    name: 'contact_school_info',
    description: '学校联络信息（_id = schoolId：地址、办公室电话、办公时间）',
    indexes: [],
  },
  {
    name: 'home_visits',
    description: '家访记录（仅记录教师、班主任、年级主任、校领导可见；从不返回给家长）',
    indexes: [idx(['classId', 'date']), idx(['schoolId', 'date']), idx(['childIds', 'schoolYear'])],
  },
  {
    name: 'focus_marks',
    description: '重点关注（一生一策）标记（_id = childId；仅班主任或校领导可标记）',
    indexes: [idx(['classId', 'active'])],
  },
  {
    name: 'focus_views',
    description: '重点关注查看日志（只增不改：谁、何时、查看了哪个班/哪些家庭）',
    indexes: [idx(['schoolId', 'at']), idx(['viewerId', 'at'])],
  },
  {
    name: 'committee_members',
    description: '家委会成员（班级/年级/学校三级；_id = 级别_范围_家长_任期；公开内容由本人同意）',
    indexes: [idx(['schoolId', 'level']), idx('userId')],
  },
];
