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
  // notice
  NOTICE_NOT_FOUND: '没有找到该通知，可能已被撤回或删除',
  NOTICE_TITLE_REQUIRED: '请填写通知标题',
  NOTICE_TITLE_TOO_LONG: '通知标题不能超过40个字',
  NOTICE_BODY_REQUIRED: '请填写通知正文',
  NOTICE_BODY_TOO_LONG: '通知正文不能超过2000个字，请精简后再发送',
  NOTICE_TEXT_UNSAFE: '内容不能包含网页代码（如 <script>），请删除后再发送',
  NOTICE_TOO_MANY_IMAGES: '最多只能添加9张图片',
  NOTICE_FILE_INVALID: '图片或附件无效，请在本页重新上传',
  NOTICE_ATTACHMENT_TYPE: '附件只支持 PDF、Excel（xlsx）或 Word（docx）文件',
  NOTICE_ATTACHMENT_TOO_LARGE: '附件不能超过10MB',
  NOTICE_AUDIENCE_EMPTY: '请选择接收通知的班级或范围',
  NOTICE_AUDIENCE_FORBIDDEN: '您只能向自己负责的班级、年级或课程发送通知',
  NOTICE_NO_RECIPIENTS: '所选范围内还没有绑定孩子的家长，通知无人可收',
  NOTICE_RECEIPT_OPTIONS: '回执选项不能为空或重复',
  NOTICE_SCHEDULE_INVALID: '定时发送时间需在1分钟之后、60天以内',
  NOTICE_WITHDRAWN: '该通知已撤回',
  NOTICE_WITHDRAW_TOO_LATE: '通知发出超过15分钟，已不能撤回',
  NOTICE_NOT_SENT_YET: '通知尚未发出，发出后才能提醒',
  NOTICE_REMIND_TOO_SOON: '24小时内只能提醒一次，请稍后再试',
  NOTICE_REMIND_QUEUED: '提醒已安排，将在早上7点后发出（21:00至次日7:00不打扰家长）',
  NOTICE_RECEIPT_NOT_NEEDED: '该通知无需回执',
  NOTICE_RECEIPT_CHOICE: '请选择一个回执选项',
  NOTICE_RECEIPT_DUPLICATE: '您或家人已提交过回执，无需重复提交',
  NOTICE_COMMENT_TOO_LONG: '留言不能超过200个字',
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
