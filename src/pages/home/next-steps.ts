/** The 首页's 下一步 list: what this user can do next, in the order a newcomer needs it. */
import type { Profile } from '@/hooks/useProfile';
import { TABS, firstPage, pagePath } from '@/navigation/pages';

export interface Step {
  key: string;
  title: string;
  description: string;
  url: string;
  tab?: boolean;
}

/** What this user can do next, in the order a newcomer needs it. Links to pages not built yet are left out. */
export function nextSteps(profile: Profile): Step[] {
  const steps: Step[] = [];
  const add = (key: string, title: string, description: string, url: string | null, tab = false) => {
    if (url) steps.push({ key, title, description, url, tab });
  };
  const isParent = profile.children.length > 0 || profile.memberships.some((m) => m.roles.includes('parent'));
  const isStaff = profile.memberships.some((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  const isHeadTeacher = profile.memberships.some((m) => m.positions.some((p) => p.title === '班主任'));
  const isAdmin = profile.memberships.some((m) => m.roles.includes('admin'));

  if (profile.needsConsent) add('consent', '阅读并同意隐私保护指引', '使用前请先确认监护人授权', pagePath('school.consent'));
  if (profile.children.length === 0 && !isStaff) {
    add('bind', '绑定孩子', '输入班主任提供的班级邀请码，加入孩子所在班级', pagePath('school.bindChild'));
    add('join-staff', '我是老师', '输入学校提供的教职工邀请码，加入学校', pagePath('school.joinStaff'));
  }
  if (isHeadTeacher) add('join-code', '班级邀请码', '生成邀请码，邀请家长加入班级', pagePath('school.joinCode'));
  if (isStaff) add('roster', '班级名单', '查看班级学生与监护人', pagePath('school.roster'));
  if (isAdmin) add('admin', '学校管理', '年级、班级、教职工与角色', pagePath('school.admin'));
  if (isParent || isStaff) add('courses', '家长课程', '浏览并报名本学期课程', TABS.courses, true);
  if (isParent) add('credits', '学习档案', '查看学时、星级与证书', TABS.credits, true);
  if (isParent) add('reception', '家长接待日', '预约与校长、老师面对面沟通，也可随时提意见建议', firstPage('reception', 'days'));
  if (isStaff) add('reception-staff', '家长接待', '接待日名单、处理结果与需要跟进的事项', firstPage('reception', 'staff'));
  if (isParent) add('contacts', '联系老师', '孩子班级的家长联络卡：班主任、任课教师与学校服务', pagePath('contact.card'));
  if (isStaff) add('visits', '家访与联络卡', '记录家访、查看覆盖情况、印制本班家长联络卡', pagePath('contact.visits'));
  if (isStaff) add('publish', '我的电话公开范围', '选择家长能否在联络卡上看到您的手机号', pagePath('contact.publish'));
  return steps;
}

/**
 * 长辈模式's 首页: the three things this user does most, as big buttons (a newcomer's first step
 * comes first). Parents: 扫码签到, 线上微课, 我的学时; staff: 课次签到, 班级名单, 家长课程.
 */
export function elderActions(profile: Profile): Step[] {
  const out: Step[] = [];
  const add = (key: string, title: string, description: string, url: string | null, tab = false) => {
    if (url && out.length < 3) out.push({ key, title, description, url, tab });
  };
  const isStaff = profile.memberships.some((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  if (profile.needsConsent) add('consent', '阅读并同意隐私指引', '使用前请先确认', pagePath('school.consent'));
  if (profile.children.length > 0) {
    add('checkin', '扫码签到', '到场后扫老师的二维码', pagePath('credit.checkin'));
    add('lessons', '线上微课', '看视频、读文章，计入学时', pagePath('credit.lessons'));
    add('summary', '我的学时', '学了多少、得了几颗星', pagePath('credit.summary'));
  } else if (isStaff) {
    add('sessions', '课次签到', '展示签到码、登记考勤', pagePath('credit.sessions'));
    add('roster', '班级名单', '学生与监护人', pagePath('school.roster'));
    add('courses', '家长课程', '本学期的课程', TABS.courses, true);
  } else {
    add('bind', '绑定孩子', '输入班主任给的邀请码', pagePath('school.bindChild'));
    add('join-staff', '我是老师', '输入学校给的邀请码', pagePath('school.joinStaff'));
    add('contacts', '联系老师', '班主任、任课教师与学校的电话', pagePath('contact.card'));
  }
  return out;
}
