/**
 * Quiet hours, the 24 h limit and the 18:00 course reminders through the real timer: the local
 * cloud fires notice-cron's declared trigger (config.json) while the clock (Date only: the
 * functions run in this process) is set to the moments that matter in Asia/Shanghai.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import type { Result } from '../../types/common/result';
import type { SentNoticeDto } from '../../types/notice/notice.schema';
import { dayjs, TZ } from '../../types/common/time';

jest.setTimeout(180_000);

const HEAD = 'demo-teacher-001';
const TPL = 'tpl-notice-school';
const at = (s: string) => dayjs.tz(s, TZ).toDate();
const setNow = (s: string) => jest.setSystemTime(at(s));

let cloud: TestCloud;
const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
};
const code = (r: Result<unknown>) => (r.ok ? 'OK' : r.error.code);
const count = async (coll: string, where: Record<string, unknown>) => (await cloud.db.collection(coll).where(where).count()).total;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  // Only Date is faked: timers, I/O and the local cloud run for real.
  jest.useFakeTimers({
    doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
    now: at('2026-12-01 22:30'),
  });
});
afterAll(async () => {
  jest.useRealTimers();
  await cloud?.close();
});

test('提醒未读 at 22:30 waits for 07:00, then goes out once; again only 24 h later', async () => {
  setNow('2026-12-01 22:30');
  const parents = ((await cloud.db.collection('users').where({ 'children.classId': SCHOOL_SEED.classA31 }).limit(1000).get()).data as { openid: string }[]).map((u) => u.openid);
  const n = ok(
    await cloud.call<{ notice: SentNoticeDto }>('notice', HEAD, 'send', {
      schoolId: SCHOOL_SEED.schoolA,
      category: '家长会',
      title: '夜间发出的通知',
      body: '请查看',
      audience: { kind: 'classes', classIds: [SCHOOL_SEED.classA31] },
      receipt: { kind: 'ack' },
    }),
  ).notice;
  expect(n.counts.recipients).toBe(parents.length);
  ok(await cloud.call('notice', parents[0], 'detail', { noticeId: n.noticeId }));
  // One unread parent holds an acceptance of the notice template (reported by the app, known to WeChat).
  const accepted = parents[1];
  cloud.acceptSubscriptions(accepted, [TPL]);
  ok(await cloud.call('notice', accepted, 'reportSubscribe', { templateIds: [TPL] }));

  const r = ok(await cloud.call<{ queued: boolean; dueAt: string }>('notice', HEAD, 'remind', { noticeId: n.noticeId }));
  expect(r.queued).toBe(true);
  expect(new Date(r.dueAt).getTime()).toBe(at('2026-12-02 07:00').getTime());
  expect(code(await cloud.call('notice', HEAD, 'remind', { noticeId: n.noticeId }))).toBe('NOTICE_REMIND_QUEUED');

  const reminded = () => count('notice_inbox', { noticeId: n.noticeId, remindedAt: cloud.db.command.neq(null) });
  const sends = () => cloud.outbox().filter((e) => e.api === 'subscribeMessage.send' && e.touser === accepted && e.errcode === 0).length;
  const sentBefore = sends();
  for (const t of ['2026-12-01 23:59', '2026-12-02 03:00', '2026-12-02 06:59']) {
    setNow(t);
    await cloud.fireTimer('notice-cron', 'noticeTick');
    expect(await reminded()).toBe(0);
  }
  expect(sends()).toBe(sentBefore);

  setNow('2026-12-02 07:00:30');
  await cloud.fireTimer('notice-cron', 'noticeTick');
  expect(await reminded()).toBe(parents.length - 1);
  expect(sends()).toBe(sentBefore + 1);
  // A second tick sends nothing more.
  await cloud.fireTimer('notice-cron', 'noticeTick');
  expect(sends()).toBe(sentBefore + 1);

  setNow('2026-12-02 20:00');
  expect(code(await cloud.call('notice', HEAD, 'remind', { noticeId: n.noticeId }))).toBe('NOTICE_REMIND_TOO_SOON');
  setNow('2026-12-03 06:59');
  expect(code(await cloud.call('notice', HEAD, 'remind', { noticeId: n.noticeId }))).toBe('NOTICE_REMIND_TOO_SOON');
  setNow('2026-12-03 07:01');
  const again = ok(await cloud.call<{ queued: boolean; sent: number }>('notice', HEAD, 'remind', { noticeId: n.noticeId }));
  expect(again).toMatchObject({ queued: false, sent: parents.length - 1 });
});

test('上课提醒: from 18:00 the evening before, each enrolled family once, with time and place', async () => {
  const _ = cloud.db.command;
  const course = (await cloud.db.collection('courses').where({ schoolId: SCHOOL_SEED.schoolA, status: 'published', 'mode.kind': 'offline', enrolledFamilies: _.gt(0) }).limit(1).get()).data[0] as {
    _id: string;
    title: string;
    sessions: { sessionId: string; startAt: Date; place?: string }[];
    mode: { place: string };
  };
  const s = course.sessions[0];
  const users = new Set(((await cloud.db.collection('enrollments').where({ courseId: course._id, status: 'enrolled' }).limit(1000).get()).data as { userId: string }[]).map((e) => e.userId));
  const eve = dayjs(s.startAt).tz(TZ).subtract(1, 'day').format('YYYY-MM-DD');
  setNow(`${eve} 17:59`);
  await cloud.fireTimer('notice-cron', 'noticeTick');
  expect(await count('notices', { _id: `cr_${s.sessionId}` })).toBe(0);
  setNow(`${eve} 18:00:20`);
  await cloud.fireTimer('notice-cron', 'noticeTick');
  await cloud.fireTimer('notice-cron', 'noticeTick');
  const n = (await cloud.db.collection('notices').doc(`cr_${s.sessionId}`).get()).data as { body: string; kind: string; status: string };
  expect(n.kind).toBe('course.reminder');
  expect(n.body).toContain(s.place ?? course.mode.place);
  expect(n.body).toContain(dayjs(s.startAt).tz(TZ).format('HH:mm'));
  expect(await count('notice_inbox', { noticeId: `cr_${s.sessionId}` })).toBe(users.size);
  const one = [...users][0];
  const inbox = ok(await cloud.call<{ items: { noticeId: string; kind: string }[] }>('notice', (await cloud.db.collection('users').doc(one).get()).data.openid as string, 'inbox', {}));
  expect(inbox.items.some((i) => i.noticeId === `cr_${s.sessionId}` && i.kind === 'course.reminder')).toBe(true);
});
