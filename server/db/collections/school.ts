import { idx, type CollectionDecl } from '../collection-decl';

/**
 * Identity and school structure. Deterministic ids where a duplicate must be a conflict:
 *   members/{schoolId}_{userId}, guardians/{childId}_{userId}, join_codes/{CODE},
 *   deletion_jobs/{userId}, children/ch_{hash(classId, name)}.
 */
export const schoolCollections: CollectionDecl[] = [
  { name: 'alliances', description: '教联体（牵头学校 + 成员学校）', indexes: [idx('leadSchoolId')] },
  { name: 'schools', description: '学校', indexes: [idx('allianceId')] },
  { name: 'grades', description: '年级', indexes: [idx(['schoolId', 'order'])] },
  { name: 'classes', description: '班级', indexes: [idx(['schoolId', 'gradeId', 'order']), idx('gradeId')] },
  {
    name: 'staff',
    description: '教职工（姓名、手机号、职务、接待时间）',
    indexes: [idx(['schoolId', 'name']), idx(['schoolId', 'phone'], { unique: true }), idx('userId'), idx('positions.classId'), idx('positions.gradeId')],
  },
  { name: 'members', description: '学校成员身份（_id = schoolId_userId，角色：家长/教师/管理员）', indexes: [idx(['schoolId', 'userId'], { unique: true }), idx('userId')] },
  { name: 'children', description: '学生（孩子）', indexes: [idx(['classId', 'name']), idx(['schoolId', 'classId'])] },
  { name: 'guardians', description: '监护关系（_id = childId_userId，含与孩子关系）', indexes: [idx(['childId', 'userId'], { unique: true }), idx('userId'), idx(['classId', 'childId'])] },
  { name: 'join_codes', description: '班级邀请码 / 教职工邀请码（_id = 码，有效期，可撤销）', indexes: [idx(['classId', 'createdAt'], { desc: ['createdAt'] }), idx('staffId')] },
  { name: 'consents', description: '隐私保护指引与监护人授权的同意 / 撤回记录（历史）', indexes: [idx(['userId', 'at'], { desc: ['at'] })] },
  { name: 'join_attempts', description: '邀请码输错计数（_id = userId，防猜测）', indexes: [] },
  { name: 'guardian_rejections', description: '被拒绝的监护人申请（_id = childId_userId，告知申请的家长；随撤回授权删除）', indexes: [idx(['userId', 'rejectedAt'], { desc: ['rejectedAt'] })] },
  { name: 'deletion_jobs', description: '撤回同意后的数据删除任务（_id = userId，宽限期后执行）', indexes: [idx(['status', 'dueAt'])] },
];
