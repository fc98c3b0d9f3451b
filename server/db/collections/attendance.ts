import { idx, type CollectionDecl } from '../collection-decl';

/** Attendance, online micro-lessons and the credit-hour ledger (issue 5). */
export const attendanceCollections: CollectionDecl[] = [
  {
    name: 'checkin_windows',
    description: '签到窗口（按课次 _id = sessionId；签名密钥只在服务端）',
    indexes: [idx(['shortCode', 'status']), idx(['schoolId', 'openedAt'], { desc: ['openedAt'] })],
  },
  {
    name: 'attendance_records',
    description: '考勤登记（_id = sessionId_familyId，一个家庭一个课次一条）',
    indexes: [idx(['sessionId', '_id']), idx(['schoolId', 'classId']), idx(['familyId', 'createdAt'])],
  },
  {
    name: 'attendance_corrections',
    description: '考勤更正记录（只增不改：谁、何时、从何状态改为何状态）',
    indexes: [idx(['sessionId', 'at']), idx(['attendanceId', 'rev'])],
  },
  {
    name: 'checkin_attempts',
    description: '手输签到码失败计数（_id = userId，每人一条，条件更新；防猜码）',
    indexes: [],
  },
  {
    name: 'online_lessons',
    description: '线上微课（视频或图文，含时长与可获学时）',
    indexes: [idx(['schoolId', 'createdAt'], { desc: ['createdAt'] })],
  },
  {
    name: 'lesson_progress',
    description: '微课学习进度（_id = lessonId_familyId；开始时间以服务端为准）',
    indexes: [idx(['familyId', 'lastReportAt'], { desc: ['lastReportAt'] }), idx('lessonId')],
  },
  {
    name: 'credit_ledger',
    description: '学时积分流水（只增不改；_id 为来源键，同一来源只记一次）',
    indexes: [
      idx(['familyId', 'schoolYear', 'occurredAt'], { desc: ['occurredAt'] }),
      idx(['schoolId', 'schoolYear', '_id']),
      idx(['schoolId', 'classId', 'schoolYear', '_id']),
    ],
  },
  {
    name: 'credit_settings',
    description: '学校星级门槛与政策方案（_id = schoolId_schoolYear）',
    indexes: [idx('schoolId')],
  },
];
