/**
 * The course domain's automatic notices (waitlist promotion, removal, change, cancellation) in the
 * one notice model (replacing the course domain's own notify.service, removed), with the same
 * arguments, delivered by deliverNotice (inbox + unread badge; subscribe message only on an
 * acceptance, fields through the one formatter). 'changed' / 'cancelled' go to every live family
 * of the course, paged (pass `to: 'live'`), however many there are.
 */
import type { Cloud, Database } from '../core/cloud';
import type { CourseDoc } from '../../types/course/course.schema';
import { formatTime } from '../../types/notice/subscribe-fields';
import { deliverNotice, type DeliverInput } from './deliver';
import { NOTICE_TEMPLATES } from './subscribe';

export type CourseNoticeKind = 'promoted' | 'changed' | 'cancelled' | 'removed';

const placeText = (c: CourseDoc) => (c.mode.kind === 'offline' ? c.mode.place : c.mode.kind === 'live' ? '线上直播' : '线上微课');

export function courseNoticeContent(kind: CourseNoticeKind, c: CourseDoc, reason?: string): Pick<DeliverInput, 'title' | 'body' | 'subscribe'> {
  const t = c.title;
  const when = formatTime(c.startAt);
  switch (kind) {
    case 'promoted':
      return {
        title: '候补成功，已为您保留名额',
        body: `您候补的课程“${t}”有名额空出，已自动为您报名。上课时间：${when}。如不能参加，请及时取消，把名额留给其他家长。`,
        subscribe: { templateId: NOTICE_TEMPLATES.enrollResult, fields: { thing1: t, time2: c.startAt, phrase3: '候补成功', thing4: '已自动为您报名，请准时参加' } },
      };
    case 'removed':
      return {
        title: '您的课程报名已被老师移除',
        body: `您报名的课程“${t}”已被老师移除。原因：${reason ?? ''}。如有疑问请联系老师。`,
        subscribe: { templateId: NOTICE_TEMPLATES.enrollResult, fields: { thing1: t, time2: c.startAt, phrase3: '已移除', thing4: reason || '如有疑问请联系老师' } },
      };
    case 'changed':
      return {
        title: '课程时间或地点有调整',
        body: `您报名的课程“${t}”有调整：第一次课 ${when}，地点：${placeText(c)}。请留意最新安排。`,
        subscribe: { templateId: NOTICE_TEMPLATES.courseChanged, fields: { thing1: t, time2: c.startAt, thing3: placeText(c), thing4: '课程时间或地点有调整' } },
      };
    case 'cancelled':
      return {
        title: '课程已取消',
        body: `很抱歉，您报名的课程“${t}”已取消。原因：${reason ?? ''}。`,
        subscribe: { templateId: NOTICE_TEMPLATES.courseCancelled, fields: { thing1: t, time2: c.startAt, thing3: reason || '学校安排调整' } },
      };
  }
}

/** Same shape as notifyFamilies: returns how many inbox records and subscribe messages went out. */
export async function notifyCourseFamilies(
  deps: { db: Database; cloud: Cloud },
  course: CourseDoc,
  to: { userId: string; openid: string }[] | 'live',
  kind: CourseNoticeKind,
  opts: { reason?: string; now?: Date } = {},
): Promise<{ notices: number; messages: number; noticeId: string; done: boolean }> {
  const r = await deliverNotice(
    { db: deps.db, cloud: deps.cloud, now: opts.now },
    {
      schoolId: course.schoolId,
      kind: `course.${kind}`,
      courseId: course._id,
      ...courseNoticeContent(kind, course, opts.reason),
      to: to === 'live' ? { courseId: course._id, statuses: ['enrolled', 'waitlisted'] } : { recipients: to },
    },
  );
  return { notices: r.recipients, messages: r.messages, noticeId: r.noticeId, done: r.done };
}
