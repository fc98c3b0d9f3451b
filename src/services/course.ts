/**
 * Typed calls of the `course` function and small view helpers for the course pages.
 * Pages never call the gateway directly for courses; they come here.
 */
import { call, type InputOf } from './cloud';
import { requestSubscribe } from './subscribe';
import { formatDateTime, shanghai } from '@shared/common/time';
import {
  MODE_LABELS,
  type CourseDetailDto,
  type CourseSummaryDto,
  type EnrollmentStatus,
} from '@shared/course/course.schema';
import { coverCloudPath, schoolYearOfSemester, statusText, type RuleCourse } from '@shared/course/course.rules';
import { DEFAULT_CLASS_HOUR_RULE, type ClassHourRule } from '@shared/course/course.schema';
import { uploadFile } from './upload';

export type { CourseDetailDto, CourseSummaryDto };

/** Subscribe-message templates the course function sends (ids as configured in the console). */
export const COURSE_TEMPLATE_IDS = {
  enrollResult: 'tpl-course-enroll-result',
  courseChanged: 'tpl-course-changed',
  courseCancelled: 'tpl-course-cancelled',
} as const;

export const listCourses = (input: InputOf<'course', 'list'>) => call('course', 'list', input);
export const listManagedCourses = (input: InputOf<'course', 'listManaged'>) => call('course', 'listManaged', input);
export const courseDetail = (courseId: string, childId?: string) => call('course', 'detail', { courseId, ...(childId ? { childId } : {}) });
export const enroll = (courseId: string, childId: string, seats: 1 | 2 = 1) => call('course', 'enroll', { courseId, childId, seats });
export const cancelEnrollment = (courseId: string, childId: string) => call('course', 'cancelEnrollment', { courseId, childId });
export const myCourses = (childId?: string) => call('course', 'myCourses', childId ? { childId } : {});
export const courseEnrollments = (courseId: string) => call('course', 'enrollments', { courseId });
export const removeEnrollment = (courseId: string, childId: string, reason: string) => call('course', 'removeEnrollment', { courseId, childId, reason });
export const createCourse = (input: InputOf<'course', 'create'>) => call('course', 'create', input);
export const updateCourse = (input: InputOf<'course', 'update'>) => call('course', 'update', input);
export const publishCourse = (courseId: string) => call('course', 'publish', { courseId });
export const closeCourse = (courseId: string) => call('course', 'close', { courseId });
export const reopenCourse = (courseId: string) => call('course', 'reopen', { courseId });
export const finishCourse = (courseId: string) => call('course', 'finish', { courseId });
export const cancelCourse = (courseId: string, reason: string) => call('course', 'cancel', { courseId, reason });

/** Uploads a picked image as a cover of the school's courses; resolves with its cloud:// fileID. */
export function uploadCover(schoolId: string, localPath: string): Promise<string> {
  const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  return uploadFile(coverCloudPath(schoolId, localPath, nonce), localPath);
}

/** The school's class-hour rule for a semester's school year (set by the school admin). */
export async function schoolClassHourRule(schoolId: string, semester: string): Promise<ClassHourRule> {
  if (!/^\d{4}-\d{4}-[12]$/.test(semester)) return DEFAULT_CLASS_HOUR_RULE;
  return (await call('credit', 'getSettings', { schoolId, schoolYear: schoolYearOfSemester(semester) })).classHourRule;
}

/**
 * Ask for the enrolment-result subscription. Call it synchronously in the tap handler, before any
 * await (WeChat shows the dialog only in direct response to a tap); do not wait for it to enrol.
 */
export function askEnrollNotices(): Promise<unknown> {
  return requestSubscribe([COURSE_TEMPLATE_IDS.enrollResult, COURSE_TEMPLATE_IDS.courseChanged, COURSE_TEMPLATE_IDS.courseCancelled]);
}

/** The detail DTO as the shared rule wants it. */
export function ruleCourse(c: CourseDetailDto): RuleCourse {
  return c;
}

/** The status tag as a person reads it (报名中 only while the window is open). */
export const courseStatus = (c: Pick<CourseSummaryDto, 'status' | 'enrollOpensAt' | 'enrollClosesAt' | 'endAt'>) => statusText(c, new Date());
export const modeLabel = (c: { modeKind: CourseSummaryDto['modeKind'] }) => MODE_LABELS[c.modeKind];

export function enrollmentLabel(status: EnrollmentStatus, position?: number): string {
  switch (status) {
    case 'enrolled':
      return '已报名';
    case 'waitlisted':
      return position ? `候补第${position}位` : '候补中';
    case 'cancelled':
      return '已取消';
    case 'removed':
      return '已被移除';
  }
}

/** "9月12日 周五 19:00-20:30" */
export function sessionText(s: { startAt: string; endAt: string }): string {
  const a = shanghai(s.startAt);
  const b = shanghai(s.endAt);
  const week = ['日', '一', '二', '三', '四', '五', '六'][a.day()];
  const same = a.format('YYYY-MM-DD') === b.format('YYYY-MM-DD');
  if (same) return `${a.format('M月D日')} 周${week} ${a.format('HH:mm')}–${b.format('HH:mm')}`;
  // Several sessions (or one across midnight): when it starts and the day it ends, not a false time range.
  return `${a.format('M月D日')} 周${week} ${a.format('HH:mm')} 开始 · ${b.format('M月D日')}结束`;
}

export function seatsText(c: CourseSummaryDto): string {
  if (c.seatsLeft > 0 && c.waitlistFamilies === 0) return `剩余${c.seatsLeft}个名额`;
  return c.waitlistFamilies > 0 ? `名额已满 · ${c.waitlistFamilies}人候补` : '名额已满';
}

export { formatDateTime };
