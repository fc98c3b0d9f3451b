/**
 * Telling families about their course: an in-app notice (collection `notices`) and, when the user
 * accepted one, a WeChat subscribe message. Runs AFTER the transaction commits; a failed send (e.g.
 * 43101: the user has no acceptance left) never fails the action.
 */
import type { Database } from '../core/cloud';
import type { Cloud } from '../core/cloud';
import type { CourseDoc } from '../../types/course/course.schema';
import { shanghai } from '../../types/common/time';

/** Subscribe-message templates (ids configured in the mini-program console; env overrides). */
export const COURSE_TEMPLATES = {
  /** 报名结果通知: 课程名称 thing1, 上课时间 time2, 报名状态 phrase3, 备注 thing4 */
  enrollResult: process.env.COURSE_TPL_ENROLL_RESULT || 'tpl-course-enroll-result',
  /** 课程变更通知: 课程名称 thing1, 上课时间 time2, 上课地点 thing3, 备注 thing4 */
  courseChanged: process.env.COURSE_TPL_CHANGED || 'tpl-course-changed',
  /** 课程取消通知: 课程名称 thing1, 原定时间 time2, 取消原因 thing3 */
  courseCancelled: process.env.COURSE_TPL_CANCELLED || 'tpl-course-cancelled',
} as const;

export type CourseNoticeKind = 'promoted' | 'changed' | 'cancelled' | 'removed';

export interface Recipient {
  userId: string;
  openid: string;
}

const cut = (s: string, n: number) => ([...s].length <= n ? s : `${[...s].slice(0, n - 1).join('')}…`);
const when = (d: Date) => shanghai(d).format('YYYY年M月D日 HH:mm');
const placeText = (c: CourseDoc) => (c.mode.kind === 'offline' ? c.mode.place : c.mode.kind === 'live' ? '线上直播' : '线上微课');

function content(kind: CourseNoticeKind, c: CourseDoc, reason?: string) {
  const t = c.title;
  switch (kind) {
    case 'promoted':
      return {
        title: '候补成功，已为您保留名额',
        body: `您候补的课程“${t}”有名额空出，已自动为您报名。上课时间：${when(c.startAt)}。如不能参加，请及时取消，把名额留给其他家长。`,
        templateId: COURSE_TEMPLATES.enrollResult,
        data: { thing1: { value: cut(t, 20) }, time2: { value: when(c.startAt) }, phrase3: { value: '候补成功' }, thing4: { value: '已自动为您报名，请准时参加' } },
      };
    case 'removed':
      return {
        title: '您的课程报名已被老师移除',
        body: `您报名的课程“${t}”已被老师移除。原因：${reason ?? ''}。如有疑问请联系老师。`,
        templateId: COURSE_TEMPLATES.enrollResult,
        data: { thing1: { value: cut(t, 20) }, time2: { value: when(c.startAt) }, phrase3: { value: '已移除' }, thing4: { value: cut(reason || '如有疑问请联系老师', 20) } },
      };
    case 'changed':
      return {
        title: '课程时间或地点有调整',
        body: `您报名的课程“${t}”有调整：第一次课 ${when(c.startAt)}，地点：${placeText(c)}。请留意最新安排。`,
        templateId: COURSE_TEMPLATES.courseChanged,
        data: { thing1: { value: cut(t, 20) }, time2: { value: when(c.startAt) }, thing3: { value: cut(placeText(c), 20) }, thing4: { value: '课程时间或地点有调整' } },
      };
    case 'cancelled':
      return {
        title: '课程已取消',
        body: `很抱歉，您报名的课程“${t}”已取消。原因：${reason ?? ''}。`,
        templateId: COURSE_TEMPLATES.courseCancelled,
        data: { thing1: { value: cut(t, 20) }, time2: { value: when(c.startAt) }, thing3: { value: cut(reason || '学校安排调整', 20) } },
      };
  }
}

async function inBatches<T>(items: T[], size: number, fn: (x: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Notice + subscribe message to each recipient. Returns how many notices were written. */
export async function notifyFamilies(
  deps: { db: Database; cloud: Cloud },
  course: CourseDoc,
  recipients: Recipient[],
  kind: CourseNoticeKind,
  opts: { reason?: string; now?: Date } = {},
): Promise<{ notices: number; messages: number }> {
  const seen = new Set<string>();
  const list = recipients.filter((r) => r.userId && !seen.has(r.userId) && seen.add(r.userId));
  const msg = content(kind, course, opts.reason);
  const now = opts.now ?? new Date();
  let notices = 0;
  let messages = 0;
  await inBatches(list, 20, async (r) => {
    try {
      await deps.db.collection('notices').add({
        data: {
          userId: r.userId,
          schoolId: course.schoolId,
          kind: `course.${kind}`,
          title: msg.title,
          body: msg.body,
          link: `/packages/course/pages/detail/index?id=${course._id}`,
          courseId: course._id,
          read: false,
          createdAt: now,
        },
      });
      notices++;
    } catch (e) {
      console.error(`[course] notice failed for course ${course._id}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300));
    }
    if (!r.openid) return;
    try {
      await deps.cloud.openapi.subscribeMessage.send({
        touser: r.openid,
        templateId: msg.templateId,
        page: `packages/course/pages/detail/index?id=${course._id}`,
        data: msg.data,
        miniprogramState: 'formal',
      } as never);
      messages++;
    } catch (e) {
      // 43101: no acceptance left for this template — expected, the in-app notice is enough.
      const code = (e as { errCode?: number })?.errCode;
      if (code !== 43101) console.error(`[course] subscribe message failed (${String(code)}) for course ${course._id}`);
    }
  });
  return { notices, messages };
}
