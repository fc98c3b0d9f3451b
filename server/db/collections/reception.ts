import { idx, type CollectionDecl } from '../collection-decl';

/**
 * 家长接待日 and the case loop (issue 11). Deterministic ids:
 *   reception_days/rd_{schoolId}_{gradeId|all}_{YYYYMMDD}, reception_slots/{dayId}_{staffId}_{HHmm},
 *   reception_bookings/{dayId}_{familyId} (one live booking per family per day),
 *   reception_cases/{bookingId} (a booking's case) or sg_{userId}_{requestKey} (a suggestion).
 */
export const receptionCollections: CollectionDecl[] = [
  { name: 'reception_days', description: '家长接待日（日期、时段、接待人、现场或电话/视频、预约与取消截止）', indexes: [idx(['schoolId', 'date']), idx(['schoolId', 'status', 'date'])] },
  {
    name: 'reception_slots',
    description: '接待时段（名额 places、剩余 placesLeft 与占位预约 holders 在一次条件更新中同改）',
    indexes: [idx(['dayId', 'start']), idx(['dayId', 'staffId', 'start'])],
  },
  {
    name: 'reception_bookings',
    description: '接待预约（_id = dayId_familyId：每个家庭每个接待日一条；话题与说明仅接待人和学校领导可见）',
    indexes: [idx(['dayId', 'staffId', 'slotStartAt']), idx(['dayId', 'status']), idx(['slotId', 'status']), idx(['familyId', 'slotStartAt'], { desc: ['slotStartAt'] }), idx(['status', 'slotStartAt'])],
  },
  {
    name: 'reception_cases',
    description: '接待事项与意见建议（处理结果、跟进、家长评价、重新打开与办结；仅接待人、跟进人和学校领导可见）',
    indexes: [
      idx(['schoolId', 'status', 'updatedAt'], { desc: ['updatedAt'] }),
      idx(['schoolId', 'dueAt']),
      idx(['assigneeStaffId', 'status']),
      idx(['schoolId', 'receptionist.staffId', 'status']),
      idx(['schoolId', 'kind', 'classId', 'status']),
      idx(['familyId', 'createdAt'], { desc: ['createdAt'] }),
      idx(['status', 'dueAt']),
    ],
  },
  { name: 'open_events', description: '开放日 / 开放周（一天或多天，含多项活动）', indexes: [idx(['schoolId', 'endDate'])] },
  { name: 'open_activities', description: '开放日活动（时间、地点、面向年级/班级、名额 placesLeft 与占位 holders 一次条件更新同改）', indexes: [idx(['eventId', 'startAt'])] },
  { name: 'open_signups', description: '开放日活动报名（_id = activityId_familyId：每个家庭每项活动一条；签到与反馈）', indexes: [idx(['activityId', 'status']), idx(['familyId', 'activityStartAt'])] },
  { name: 'open_checkin_windows', description: '开放日活动签到窗口（_id = activityId：轮换签到码的密钥与短码，仅服务端可读）', indexes: [idx(['shortCode', 'status'])] },
  { name: 'reception_settings', description: '接待与意见建议设置（_id = schoolId：答复期限、预约/取消截止、开放日学时规则）', indexes: [] },
];
