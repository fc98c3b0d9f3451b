/**
 * notice-cron's one timer (every minute) dispatches by time:
 *  1. scheduled notices whose time has come start sending;
 *  2. notices still sending (a fan-out the send's budget did not finish) continue;
 *  3. queued 提醒未读 whose time has come (07:00 after quiet hours) go out;
 *  4. from 18:00 Asia/Shanghai, each session of tomorrow gets its 上课提醒 (deterministic notice
 *     id cr_<sessionId>: a second tick, or a second evening run, delivers nothing twice).
 * All within one budget; what is left is the next tick's.
 */
import type { Ctx } from '../core/handler';
import type { CourseDoc, CourseSession } from '../../types/course/course.schema';
import { courseReminderWindow, isQuietHour } from '../../types/notice/notice.rules';
import { formatTime } from '../../types/notice/subscribe-fields';
import { findByIds } from '../core/persistence';
import { deliverNotice } from './deliver';
import { NOTICES, runFanout, type StoredNotice } from './fanout';
import { runReminder } from './remind';
import { NOTICE_TEMPLATES } from './subscribe';

export const CRON_BUDGET_MS = 40_000;

const placeOf = (c: CourseDoc, s: CourseSession) => s.place ?? (c.mode?.kind === 'offline' ? (c.mode as { place: string }).place : c.mode?.kind === 'live' ? '线上直播' : '线上');

export async function courseReminders(ctx: Pick<Ctx, 'db' | 'cloud'>, now: Date, budgetMs: number): Promise<number> {
  const w = courseReminderWindow(now);
  if (!w.due) return 0;
  const _ = ctx.db.command;
  const started = Date.now();
  const courses = (
    await ctx.db
      .collection<CourseDoc>('courses')
      .where({ status: _.in(['published', 'closed']), startAt: _.lt(w.to), endAt: _.gte(w.from) })
      .limit(500)
      .get()
  ).data as CourseDoc[];
  const sessions: { c: CourseDoc; s: CourseSession }[] = [];
  for (const c of courses) {
    if (c.mode?.kind === 'recorded') continue;
    for (const s of c.sessions ?? []) {
      const t = new Date(s.startAt).getTime();
      if (t >= w.from.getTime() && t < w.to.getTime()) sessions.push({ c, s });
    }
  }
  const done = new Set((await findByIds<{ _id: string }>(ctx.db, NOTICES, sessions.map((x) => `cr_${x.s.sessionId}`))).map((d) => d._id));
  let delivered = 0;
  for (const { c, s } of sessions) {
    if (done.has(`cr_${s.sessionId}`)) continue;
    if (Date.now() - started > budgetMs) break;
    const place = placeOf(c, s);
    const r = await deliverNotice(
      { db: ctx.db, cloud: ctx.cloud, now },
      {
        id: `cr_${s.sessionId}`,
        schoolId: c.schoolId,
        kind: 'course.reminder',
        courseId: c._id,
        title: `上课提醒：${c.title}`,
        body: `您报名的课程“${c.title}”明天上课。\n时间：${formatTime(s.startAt)}\n地点：${place}\n请准时参加，到场后扫码签到。`,
        to: { courseId: c._id, statuses: ['enrolled'] },
        subscribe: { templateId: NOTICE_TEMPLATES.courseReminder, fields: { thing1: c.title, time2: s.startAt, thing3: place, thing4: '请准时参加，到场扫码签到' } },
      },
      Math.max(500, budgetMs - (Date.now() - started)),
    );
    if (r.created) delivered++;
  }
  return delivered;
}

export async function tick(ctx: Ctx): Promise<Record<string, number>> {
  const started = Date.now();
  const left = () => CRON_BUDGET_MS - (Date.now() - started);
  const _ = ctx.db.command;
  const now = new Date();
  const out = { started: 0, continued: 0, reminders: 0, courseReminders: 0 };
  // 1. scheduled → sending
  const due = (await ctx.db.collection<StoredNotice>(NOTICES).where({ status: 'scheduled', sendAt: _.lte(now) }).limit(50).field({ _id: true }).get()).data;
  for (const d of due) {
    const r = await ctx.db.collection(NOTICES).where({ _id: d._id, status: 'scheduled' }).update({ data: { status: 'sending', updatedAt: now } });
    out.started += r.stats.updated;
  }
  // 2. continue fan-outs
  const sending = (await ctx.db.collection<StoredNotice>(NOTICES).where({ status: 'sending' }).orderBy('sendAt', 'asc').limit(50).field({ _id: true }).get()).data;
  for (const d of sending) {
    if (left() <= 1000) break;
    const r = await runFanout(ctx, d._id, left() - 1000);
    if (!r.busy) out.continued++;
  }
  // 3. queued reminders (never in quiet hours)
  if (!isQuietHour(now)) {
    const queued = (
      await ctx.db.collection<StoredNotice>(NOTICES).where({ 'remind.status': _.in(['queued', 'sending']), 'remind.dueAt': _.lte(now) }).limit(50).field({ _id: true }).get()
    ).data;
    for (const d of queued) {
      if (left() <= 1000) break;
      const r = await runReminder(ctx, d._id, left() - 1000);
      if (r.done) out.reminders++;
    }
  }
  // 4. tomorrow's course reminders
  if (left() > 2000) out.courseReminders = await courseReminders(ctx, now, left() - 1000);
  return out;
}
