/**
 * Every error code the backend returns, with the Chinese sentence the user sees.
 * Domain prefixes: SCHOOL_, JOIN_CODE_, COURSE_, ENROLLMENT_, ATTENDANCE_, CREDIT_, ...
 * Add new codes here (one map for the whole product).
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '填写的内容有误，请检查后重试',
  UNAUTHENTICATED: '请先登录后再操作',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '没有找到相关内容，可能已被删除',
  CONFLICT: '操作冲突，请刷新后重试',
  INTERNAL: '系统繁忙，请稍后再试',
  UNKNOWN_ACTION: '不支持的操作，请更新小程序后重试',
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  CONSENT_REQUIRED: '请先阅读并同意《隐私保护指引》及监护人授权',
  // school / account
  SCHOOL_NOT_FOUND: '没有找到该学校',
  CLASS_NOT_FOUND: '没有找到该班级',
  JOIN_CODE_INVALID: '班级邀请码不正确，请向班主任核对',
  JOIN_CODE_EXPIRED: '班级邀请码已过期，请向班主任索取新的邀请码',
  JOIN_CODE_REVOKED: '班级邀请码已被撤销，请向班主任索取新的邀请码',
  JOIN_CODE_TOO_MANY_ATTEMPTS: '邀请码输错次数过多，请1小时后再试，或向班主任核对邀请码',
  GUARDIAN_DUPLICATE: '您已是该孩子的监护人',
  IMPORT_FAILED: '导入失败，请按提示修改表格后重新上传',
  // course / enrollment
  COURSE_NOT_FOUND: '没有找到该课程',
  COURSE_NOT_OPEN: '该课程当前不在报名时间内',
  COURSE_FULL: '名额已满，可以加入候补',
  COURSE_NOT_FOR_YOU: '该课程不面向您孩子所在的年级或班级',
  COURSE_STATE_INVALID: '课程当前状态不允许此操作',
  ENROLLMENT_DUPLICATE: '您已报名或在候补中，无需重复报名',
  ENROLLMENT_NOT_FOUND: '没有找到您的报名记录',
  ENROLLMENT_CANCEL_CLOSED: '已过取消截止时间，如需请假请联系老师',
  ENROLLMENT_SEATS_EXCEEDED: '超出每个家庭可报名的人数',
  COURSE_CAPACITY_TOO_LOW: '名额不能少于已报名的人数',
  // attendance / credit
  ATTENDANCE_CODE_INVALID: '签到码无效，请扫描老师现场展示的二维码',
  ATTENDANCE_CODE_EXPIRED: '签到码已过期，请重新扫描现场的二维码',
  ATTENDANCE_NOT_OPEN: '该课次当前不在签到时间内',
  ATTENDANCE_NOT_ENROLLED: '您未报名该课程，无法签到',
  ATTENDANCE_DUPLICATE: '您已签到，无需重复签到',
  ATTENDANCE_TOO_MANY_ATTEMPTS: '签到码输错次数过多，请10分钟后再试，或直接扫描老师现场展示的二维码',
  LESSON_NOT_ENROLLED: '报名该课程后才能观看，完成后计入学时',
  LESSON_PROGRESS_IMPLAUSIBLE: '学习时长不足，请完整观看或阅读后再提交',
  CREDIT_DUPLICATE: '该学时已记录，不会重复计算',
  OPEN_DAY_NOT_FOUND: '没有找到该开放日活动',
  OPEN_DAY_INVALID: '开放日活动的日期或时间设置有误，请检查后重试',
  OPEN_DAY_NOT_FOR_YOU: '该活动不面向您孩子所在的年级或班级',
  OPEN_DAY_DUPLICATE: '您已报名该活动，无需重复报名',
  OPEN_DAY_CLOSED: '该活动已取消',
  OPEN_DAY_SIGNUP_CLOSED: '已过该活动的报名截止时间',
  OPEN_DAY_FULL: '该活动名额已满，请选择其他活动',
  OPEN_DAY_SIGNUP_NOT_FOUND: '没有找到您的报名记录',
  OPEN_DAY_CANCEL_CLOSED: '已过取消截止时间，如不能参加请联系学校',
  OPEN_DAY_STATE_INVALID: '当前状态不允许此操作，请刷新后查看',
  OPEN_DAY_TOO_EARLY: '活动结束后才能填写反馈',
  RECEPTION_DAY_NOT_FOUND: '没有找到该接待日',
  RECEPTION_DAY_CLOSED: '该接待日已取消，请选择其他接待日',
  RECEPTION_DAY_EXISTS: '该日期已发布过接待日，请勿重复发布',
  RECEPTION_RULE_INVALID: '接待日的日期或时间设置有误，请检查后重试',
  RECEPTION_RECEPTIONIST_INVALID: '接待人须为本校的校长、分管副校长、年级主任、班主任、心理健康教师或家庭教育指导教师',
  RECEPTION_SLOT_NOT_FOUND: '没有找到该接待时段，请刷新后重选',
  RECEPTION_SLOT_FULL: '该时段已约满，请选择其他时段',
  RECEPTION_SLOT_CLOSED: '该时段已关闭（节假日或接待人不在），请选择其他时段',
  RECEPTION_NO_FREE_SLOT: '所选接待日已没有空余时段，请选择其他接待日',
  RECEPTION_BOOKING_CLOSED: '已过该时段的预约截止时间，请选择更晚的时段',
  RECEPTION_BOOKING_DUPLICATE: '同一接待日每个家庭只能预约一次，您已有预约',
  RECEPTION_BOOKING_NOT_FOUND: '没有找到您的预约',
  RECEPTION_CANCEL_CLOSED: '已过取消截止时间，如不能到场请联系学校',
  RECEPTION_TOO_EARLY: '接待时段还没开始，开始前15分钟起可登记到场',
  RECEPTION_NOT_FOR_YOU: '该接待日不面向您孩子所在的年级',
  RECEPTION_CASE_NOT_FOUND: '没有找到该事项',
  RECEPTION_STATE_INVALID: '该事项当前状态不允许此操作，请刷新后查看',
  RECEPTION_ASSIGNEE_INVALID: '跟进人须为本校教职工',
  RECEPTION_DUE_INVALID: '需要跟进时请选择跟进人和不早于今天的完成日期',
  // auth: the desktop admin console's sign-in
  CONSOLE_SESSION_INVALID: '电脑端登录已失效或已在手机上退出，请重新扫码登录',
  LOGIN_TICKET_EXPIRED: '登录二维码已过期，请在电脑上刷新二维码后重新扫码',
  LOGIN_TICKET_USED: '该登录二维码已使用，请在电脑上刷新二维码',
  LOGIN_TICKET_NOT_FOUND: '登录二维码无效，请在电脑上刷新后重新扫码',
  LOGIN_CONSOLE_STAFF_ONLY: '电脑端管理后台仅供学校教职工使用',
  LOGIN_TOO_MANY_TICKETS: '请求过于频繁，请稍后再刷新二维码',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function messageFor(code: ErrorCode): string {
  return ERROR_MESSAGES[code];
}
