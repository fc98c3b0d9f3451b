/**
 * Subscribe-message acceptances, counted per user × template (`subscribe_acceptances`,
 * _id = userId_templateId): +1 for each "allow" the app reports, −1 for each send (a conditional
 * decrement: never below 0, never two sends on one acceptance), 0 when WeChat answers 43101
 * (the user has none left). Nobody is sent a template they did not allow.
 */
import type { Cloud, Database } from '../core/cloud';
import { findByIds } from '../core/persistence';
import type { SubscribeAcceptanceDoc } from '../../types/notice/notice.schema';
import type { TemplateData } from '../../types/notice/subscribe-fields';

export const ACCEPTANCES = 'subscribe_acceptances';
export const acceptanceId = (userId: string, templateId: string) => `${userId}_${templateId}`;

/** Subscribe-message templates of notices (ids configured in the mini-program console; env overrides). */
export const NOTICE_TEMPLATES = {
  /** 家校通知: 通知标题 thing1, 发布学校 thing2, 发布时间 time3, 备注 thing4 */
  notice: process.env.NOTICE_TPL_NOTICE || 'tpl-notice-school',
  /** 上课提醒: 课程名称 thing1, 上课时间 time2, 上课地点 thing3, 温馨提示 thing4 */
  courseReminder: process.env.NOTICE_TPL_COURSE_REMINDER || 'tpl-course-reminder',
  /** 报名结果通知: 课程名称 thing1, 上课时间 time2, 报名状态 phrase3, 备注 thing4 (same id as the course domain's) */
  enrollResult: process.env.COURSE_TPL_ENROLL_RESULT || 'tpl-course-enroll-result',
  /** 课程变更通知: 课程名称 thing1, 上课时间 time2, 上课地点 thing3, 备注 thing4 */
  courseChanged: process.env.COURSE_TPL_CHANGED || 'tpl-course-changed',
  /** 课程取消通知: 课程名称 thing1, 原定时间 time2, 取消原因 thing3 */
  courseCancelled: process.env.COURSE_TPL_CANCELLED || 'tpl-course-cancelled',
} as const;

/** The app reports the templates the user allowed in requestSubscribeMessage: one more send each. */
export async function reportAccepted(db: Database, userId: string, templateIds: string[], now: Date): Promise<Record<string, number>> {
  const _ = db.command;
  const unique = [...new Set(templateIds)];
  await Promise.all(
    unique.map(async (templateId) => {
      const id = acceptanceId(userId, templateId);
      const r = await db.collection(ACCEPTANCES).where({ _id: id }).update({ data: { count: _.inc(1), updatedAt: now } });
      if (r.stats.updated === 1) return;
      try {
        await db.collection(ACCEPTANCES).add({ data: { _id: id, userId, templateId, count: 1, updatedAt: now } });
      } catch {
        // Created meanwhile by a concurrent report: count this one on it.
        await db.collection(ACCEPTANCES).where({ _id: id }).update({ data: { count: _.inc(1), updatedAt: now } });
      }
    }),
  );
  const docs = await findByIds<SubscribeAcceptanceDoc>(db, ACCEPTANCES, unique.map((t) => acceptanceId(userId, t)));
  return Object.fromEntries(docs.map((d) => [d.templateId, d.count]));
}

/** Which of these users hold at least one acceptance of the template. */
export async function usersWithAcceptance(db: Database, userIds: string[], templateId: string): Promise<Set<string>> {
  const docs = await findByIds<SubscribeAcceptanceDoc>(db, ACCEPTANCES, userIds.map((u) => acceptanceId(u, templateId)));
  return new Set(docs.filter((d) => d.count > 0).map((d) => d.userId));
}

export interface SubscribeMessage {
  templateId: string;
  page: string;
  data: TemplateData;
}

export type SendOutcome = 'sent' | 'no_acceptance' | 'failed';

/**
 * Uses one acceptance (conditional decrement) and sends. 43101 from WeChat: the count is set to 0.
 * Any other failure gives the acceptance back.
 */
export async function sendWithAcceptance(deps: { db: Database; cloud: Cloud }, to: { userId: string; openid: string }, msg: SubscribeMessage, now: Date): Promise<SendOutcome> {
  if (!to.openid) return 'no_acceptance';
  const _ = deps.db.command;
  const id = acceptanceId(to.userId, msg.templateId);
  const took = await deps.db.collection(ACCEPTANCES).where({ _id: id, count: _.gt(0) }).update({ data: { count: _.inc(-1), updatedAt: now } });
  if (took.stats.updated !== 1) return 'no_acceptance';
  try {
    await deps.cloud.openapi.subscribeMessage.send({ touser: to.openid, templateId: msg.templateId, page: msg.page, data: msg.data, miniprogramState: 'formal' } as never);
    return 'sent';
  } catch (e) {
    const code = (e as { errCode?: number })?.errCode;
    if (code === 43101) {
      await deps.db.collection(ACCEPTANCES).where({ _id: id }).update({ data: { count: 0, updatedAt: now } });
      return 'no_acceptance';
    }
    await deps.db.collection(ACCEPTANCES).where({ _id: id }).update({ data: { count: _.inc(1), updatedAt: now } });
    console.error(`[notice] subscribe message failed (${String(code)}) template ${msg.templateId}`);
    return 'failed';
  }
}
