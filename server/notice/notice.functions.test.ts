/**
 * The `notice` function against the local cloud with the demo data: who may send to whom, one
 * notice per parent user, bad input refused with nothing written, read once, receipts once,
 * statistics per class (a head teacher only their own classes), withdraw within 15 minutes,
 * subscribe messages only on an acceptance (+1 reported, −1 sent, 0 on 43101), scheduled sends
 * through the real timer, and deliverNotice for the course domain.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import { userIdFor } from '../access/actor';
import type { InboxDoc, InboxOutput, NoticeDetailOutput, NoticeStatsOutput, SentNoticeDto } from '../../types/notice/notice.schema';
import type { Result } from '../../types/common/result';
import { ERROR_MESSAGES } from '../../types/common/errors';
import { acceptanceId } from './subscribe';
import { deliverNotice } from './deliver';

jest.setTimeout(180_000);

const A = SCHOOL_SEED.schoolA;
const HEAD = 'demo-teacher-001'; // 班主任 三年级1班
const HEAD2 = 'demo-teacher-002'; // 班主任 三年级2班
const MATH = 'demo-teacher-003'; // 任课教师 三年级1班、2班
const PRINCIPAL = 'demo-principal-001';
const TPL = 'tpl-notice-school';

let cloud: TestCloud;
const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
};
const code = (r: Result<unknown>) => (r.ok ? 'OK' : r.error.code);
const count = async (coll: string, where: Record<string, unknown> = {}) => (await cloud.db.collection(coll).where(where).count()).total;
const openidsOf = async (classId: string) =>
  ((await cloud.db.collection('users').where({ 'children.classId': classId }).limit(1000).get()).data as { openid: string; consent?: unknown }[]).filter((u) => u.consent).map((u) => u.openid);

const draft = (over: Record<string, unknown> = {}) => ({
  schoolId: A,
  category: '家长会',
  title: '期中家长会',
  body: '本周五 18:30 在教室召开家长会，请回执。',
  audience: { kind: 'classes', classIds: [SCHOOL_SEED.classA31] },
  receipt: { kind: 'choice', options: ['参加', '不参加'] },
  ...over,
});

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
});
afterAll(async () => {
  await cloud?.close();
});

describe('who may send to whom (server)', () => {
  test.each([
    [HEAD, { kind: 'classes', classIds: [SCHOOL_SEED.classA31] }, 'OK'],
    [HEAD, { kind: 'classes', classIds: [SCHOOL_SEED.classA32] }, 'NOTICE_AUDIENCE_FORBIDDEN'],
    [HEAD, { kind: 'school' }, 'NOTICE_AUDIENCE_FORBIDDEN'],
    [MATH, { kind: 'classes', classIds: [SCHOOL_SEED.classA31, SCHOOL_SEED.classA32] }, 'OK'],
    [MATH, { kind: 'grade', gradeId: SCHOOL_SEED.gradeA3 }, 'NOTICE_AUDIENCE_FORBIDDEN'],
    [PRINCIPAL, { kind: 'school' }, 'OK'],
    [PRINCIPAL, { kind: 'classes', classIds: [SCHOOL_SEED.classB71] }, 'CLASS_NOT_FOUND'],
    ['demo-parent-001', { kind: 'classes', classIds: [SCHOOL_SEED.classA31] }, 'FORBIDDEN'],
  ])('%s → %j: %s', async (sender, audience, expected) => {
    const before = await count('notices');
    const r = await cloud.call('notice', sender, 'send', draft({ audience, receipt: { kind: 'none' } }));
    expect(code(r)).toBe(expected);
    if (expected !== 'OK') expect(await count('notices')).toBe(before);
  });
});

describe('bad input gets a clear Chinese error and writes nothing', () => {
  const env = () => cloud.cloud.envId;
  test.each([
    ['oversized body', () => draft({ body: '字'.repeat(2001) }), 'NOTICE_BODY_TOO_LONG'],
    ['script in text', () => draft({ body: '请看<script>alert(1)</script>' }), 'NOTICE_TEXT_UNSAFE'],
    ['foreign image fileID (other school)', () => draft({ images: [`cloud://${env()}.bucket/notice-files/${SCHOOL_SEED.schoolB}/abc.png`] }), 'NOTICE_FILE_INVALID'],
    ['foreign image fileID (other env)', () => draft({ images: [`cloud://other-env.bucket/notice-files/${A}/abc.png`] }), 'NOTICE_FILE_INVALID'],
    ['ten images', () => draft({ images: Array.from({ length: 10 }, (_, i) => `cloud://${env()}.bucket/notice-files/${A}/i${i}.png`) }), 'NOTICE_TOO_MANY_IMAGES'],
    ['an exe attachment', () => draft({ attachment: { fileId: `cloud://${env()}.bucket/notice-files/${A}/a.exe`, name: '说明.exe', size: 10 } }), 'NOTICE_ATTACHMENT_TYPE'],
    ['an 11 MB pdf', () => draft({ attachment: { fileId: `cloud://${env()}.bucket/notice-files/${A}/a.pdf`, name: '说明.pdf', size: 11 * 1024 * 1024 } }), 'NOTICE_ATTACHMENT_TOO_LARGE'],
    ['empty audience', () => draft({ audience: { kind: 'classes', classIds: [] } }), 'NOTICE_AUDIENCE_EMPTY'],
    ['a class with no parents', () => draft({ audience: { kind: 'classes', classIds: ['nt-empty-class'] } }), 'NOTICE_NO_RECIPIENTS'],
    ['empty title', () => draft({ title: '  ' }), 'NOTICE_TITLE_REQUIRED'],
    ['schedule in the past', () => draft({ scheduledAt: new Date(Date.now() - 3600_000).toISOString() }), 'NOTICE_SCHEDULE_INVALID'],
  ])('%s', async (_name, input, expected) => {
    const [n, i] = [await count('notices'), await count('notice_inbox')];
    const r = await cloud.call('notice', PRINCIPAL, 'send', input());
    expect(code(r)).toBe(expected);
    if (!r.ok) expect(r.error.message).toBe(ERROR_MESSAGES[expected as keyof typeof ERROR_MESSAGES]);
    expect([await count('notices'), await count('notice_inbox')]).toEqual([n, i]);
  });

  beforeAll(async () => {
    await cloud.db.collection('classes').doc('nt-empty-class').set({ data: { schoolId: A, gradeId: SCHOOL_SEED.gradeA3, name: '9班', order: 9, createdAt: new Date() } });
  });
});

describe('a head teacher’s notice with 需回执', () => {
  let notice: SentNoticeDto;
  let parents: string[];
  beforeAll(async () => {
    parents = await openidsOf(SCHOOL_SEED.classA31);
    expect(parents.length).toBeGreaterThan(3);
    notice = ok(await cloud.call<{ notice: SentNoticeDto }>('notice', HEAD, 'send', draft())).notice;
  });

  test('is delivered once to each parent user of the class', async () => {
    expect(notice.status).toBe('sent');
    expect(notice.counts.recipients).toBe(parents.length);
    expect(await count('notice_inbox', { noticeId: notice.noticeId })).toBe(parents.length);
  });

  test('a parent sees it unread in the inbox, filtered by child', async () => {
    const p = parents[0];
    const box = ok(await cloud.call<InboxOutput>('notice', p, 'inbox', {}));
    const item = box.items.find((x) => x.noticeId === notice.noticeId)!;
    expect(item).toMatchObject({ read: false, needsReceipt: true, replied: false, title: '期中家长会' });
    expect(box.unread).toBeGreaterThan(0);
    const user = (await cloud.db.collection('users').doc(userIdFor(p)).get()).data as { children: { childId: string; classId: string }[] };
    const mine = user.children.find((c) => c.classId === SCHOOL_SEED.classA31)!;
    const other = user.children.find((c) => c.classId !== SCHOOL_SEED.classA31);
    expect(ok(await cloud.call<InboxOutput>('notice', p, 'inbox', { childId: mine.childId })).items.some((x) => x.noticeId === notice.noticeId)).toBe(true);
    if (other) expect(ok(await cloud.call<InboxOutput>('notice', p, 'inbox', { childId: other.childId })).items.some((x) => x.noticeId === notice.noticeId)).toBe(false);
  });

  test('opening marks read once; a receipt counts once', async () => {
    const p = parents[0];
    const before = ok(await cloud.call<{ unread: number }>('notice', p, 'unreadCount', {})).unread;
    const d1 = ok(await cloud.call<NoticeDetailOutput>('notice', p, 'detail', { noticeId: notice.noticeId }));
    await cloud.call('notice', p, 'detail', { noticeId: notice.noticeId });
    expect(d1.body).toContain('家长会');
    expect(d1.asStaff).toBe(false);
    expect(ok(await cloud.call<{ unread: number }>('notice', p, 'unreadCount', {})).unread).toBe(before - 1);
    expect(code(await cloud.call('notice', p, 'reply', { noticeId: notice.noticeId, choice: '可能' }))).toBe('NOTICE_RECEIPT_CHOICE');
    ok(await cloud.call('notice', p, 'reply', { noticeId: notice.noticeId, choice: '参加', comment: '妈妈参加' }));
    expect(code(await cloud.call('notice', p, 'reply', { noticeId: notice.noticeId, choice: '不参加' }))).toBe('NOTICE_RECEIPT_DUPLICATE');
    const doc = (await cloud.db.collection('notices').doc(notice.noticeId).get()).data as { counts: { read: number; replied: number; choices: Record<string, number> } };
    expect(doc.counts).toMatchObject({ read: 1, replied: 1, choices: { 参加: 1 } });
  });

  test('the sender sees 1 of N read per class with names; another head teacher sees nothing of it', async () => {
    const s = ok(await cloud.call<NoticeStatsOutput>('notice', HEAD, 'stats', { noticeId: notice.noticeId }));
    expect(s.totals).toMatchObject({ recipients: parents.length, read: 1, replied: 1, choices: { 参加: 1 } });
    expect(s.classes).toHaveLength(1);
    expect(s.classes[0]).toMatchObject({ label: '三年级1班', total: parents.length, read: 1 });
    // The family's receipt shows on each guardian's row (the other guardian's as 家人已回执).
    const replied = s.classes[0].people!.filter((x) => x.receipt === '参加');
    expect(replied.length).toBeGreaterThanOrEqual(1);
    expect(replied.filter((x) => x.comment !== '家人已回执')).toHaveLength(1);
    expect(code(await cloud.call('notice', HEAD2, 'stats', { noticeId: notice.noticeId }))).toBe('NOTICE_NOT_FOUND');
    expect(code(await cloud.call('notice', HEAD2, 'withdraw', { noticeId: notice.noticeId }))).toBe('NOTICE_NOT_FOUND');
  });

  test('提醒未读 reaches the unread only, then not again within 24 h', async () => {
    const d = ok(await cloud.call<{ queued: boolean; sent: number; dueAt: string }>('notice', HEAD, 'remind', { noticeId: notice.noticeId }));
    if (d.queued) {
      // Run during quiet hours (21:00–07:00 Asia/Shanghai): queued to 07:00 (the timer side: notice.timer.test.ts).
      expect(new Date(d.dueAt).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })).toBe('07:00:00');
      expect(code(await cloud.call('notice', HEAD, 'remind', { noticeId: notice.noticeId }))).toBe('NOTICE_REMIND_QUEUED');
      return;
    }
    expect(d.sent).toBe(parents.length - 1);
    expect(await count('notice_inbox', { noticeId: notice.noticeId, remindedAt: cloud.db.command.neq(null) })).toBe(parents.length - 1);
    expect(code(await cloud.call('notice', HEAD, 'remind', { noticeId: notice.noticeId }))).toBe('NOTICE_REMIND_TOO_SOON');
  });

  test('mark all read', async () => {
    const p = parents[1];
    const m = ok(await cloud.call<{ marked: number }>('notice', p, 'markAllRead', {}));
    expect(m.marked).toBeGreaterThan(0);
    expect(ok(await cloud.call<{ unread: number }>('notice', p, 'unreadCount', {})).unread).toBe(0);
    const doc = (await cloud.db.collection('notices').doc(notice.noticeId).get()).data as { counts: { read: number } };
    expect(doc.counts.read).toBe(2);
  });
});

test('one notice per parent user even with children in two classes of the audience', async () => {
  const openid = 'nt-two-children';
  await cloud.db.collection('users').doc(userIdFor(openid)).set({
    data: {
      openid,
      memberships: [{ schoolId: A, roles: ['parent'], positions: [] }],
      children: [
        { childId: 'nt-c1', schoolId: A, gradeId: SCHOOL_SEED.gradeA3, classId: SCHOOL_SEED.classA31, childName: '甲一', relation: '妈妈' },
        { childId: 'nt-c2', schoolId: A, gradeId: SCHOOL_SEED.gradeA3, classId: SCHOOL_SEED.classA32, childName: '甲二', relation: '妈妈' },
      ],
      consent: { version: 'v1', acceptedAt: new Date() },
      createdAt: new Date(),
    },
  });
  const n = ok(await cloud.call<{ notice: SentNoticeDto }>('notice', MATH, 'send', draft({ audience: { kind: 'classes', classIds: [SCHOOL_SEED.classA31, SCHOOL_SEED.classA32] } }))).notice;
  const mine = (await cloud.db.collection('notice_inbox').where({ noticeId: n.noticeId, userId: userIdFor(openid) }).get()).data as InboxDoc[];
  expect(mine).toHaveLength(1);
  expect(mine[0].childIds.sort()).toEqual(['nt-c1', 'nt-c2']);
  const users = new Set([...(await openidsOf(SCHOOL_SEED.classA31)), ...(await openidsOf(SCHOOL_SEED.classA32))]);
  expect(n.counts.recipients).toBe(users.size);
  // The statistics list the family under both classes.
  const s = ok(await cloud.call<NoticeStatsOutput>('notice', MATH, 'stats', { noticeId: n.noticeId }));
  expect(s.classes.map((c) => c.people!.some((p) => p.name.startsWith('甲'))).every(Boolean)).toBe(true);
  expect(s.totals.recipients).toBe(users.size);
});

test('withdraw within 15 minutes hides it from every inbox; later it is refused', async () => {
  const n = ok(await cloud.call<{ notice: SentNoticeDto }>('notice', HEAD, 'send', draft({ title: '撤回测试', receipt: { kind: 'none' } }))).notice;
  const p = (await openidsOf(SCHOOL_SEED.classA31))[2];
  ok(await cloud.call('notice', HEAD, 'withdraw', { noticeId: n.noticeId }));
  expect(ok(await cloud.call<InboxOutput>('notice', p, 'inbox', {})).items.some((x) => x.noticeId === n.noticeId)).toBe(false);
  expect(code(await cloud.call('notice', p, 'detail', { noticeId: n.noticeId }))).toBe('NOTICE_WITHDRAWN');
  const late = ok(await cloud.call<{ notice: SentNoticeDto }>('notice', HEAD, 'send', draft({ title: '太晚撤回', receipt: { kind: 'none' } }))).notice;
  await cloud.db.collection('notices').doc(late.noticeId).update({ data: { sendAt: new Date(Date.now() - 16 * 60_000) } });
  expect(code(await cloud.call('notice', HEAD, 'withdraw', { noticeId: late.noticeId }))).toBe('NOTICE_WITHDRAW_TOO_LATE');
});

test('subscribe messages only on a reported acceptance: +1 reported, −1 sent, 0 on 43101', async () => {
  const [p1, p2] = (await openidsOf(SCHOOL_SEED.classA31)).slice(3, 5);
  const acc = async (p: string) => ((await cloud.db.collection('subscribe_acceptances').where({ _id: acceptanceId(userIdFor(p), TPL) }).get()).data[0] as { count: number } | undefined)?.count ?? 0;
  // p1 allowed (WeChat knows it, the app reported it); p2 reported without WeChat knowing (→ 43101).
  cloud.acceptSubscriptions(p1, [TPL]);
  ok(await cloud.call('notice', p1, 'reportSubscribe', { templateIds: [TPL] }));
  ok(await cloud.call('notice', p2, 'reportSubscribe', { templateIds: [TPL] }));
  expect([await acc(p1), await acc(p2)]).toEqual([1, 1]);
  const before = cloud.outbox().length;
  ok(await cloud.call('notice', HEAD, 'send', draft({ title: '订阅消息测试：这是一个很长很长很长很长的通知标题啊', receipt: { kind: 'ack' } })));
  const sent = cloud.outbox().slice(before).filter((e) => e.api === 'subscribeMessage.send');
  // Only the two who reported an acceptance were tried; nobody else.
  expect(sent.map((e) => e.touser).sort()).toEqual([p1, p2].sort());
  expect(sent.find((e) => e.touser === p1)!.errcode).toBe(0);
  expect(sent.find((e) => e.touser === p2)!.errcode).toBe(43101);
  expect(sent.every((e) => e.errcode !== 47003)).toBe(true);
  expect([await acc(p1), await acc(p2)]).toEqual([0, 0]);
});

test('a scheduled notice goes out from the real timer once its time has come', async () => {
  const at = new Date(Date.now() + 3600_000);
  const n = ok(await cloud.call<{ notice: SentNoticeDto }>('notice', HEAD, 'send', draft({ title: '定时通知', receipt: { kind: 'none' }, scheduledAt: at.toISOString() }))).notice;
  expect(n.status).toBe('scheduled');
  expect(await count('notice_inbox', { noticeId: n.noticeId })).toBe(0);
  await cloud.fireTimer('notice-cron', 'noticeTick');
  expect(await count('notice_inbox', { noticeId: n.noticeId })).toBe(0);
  await cloud.db.collection('notices').doc(n.noticeId).update({ data: { sendAt: new Date(Date.now() - 1000) } });
  await cloud.fireTimer('notice-cron', 'noticeTick');
  const doc = (await cloud.db.collection('notices').doc(n.noticeId).get()).data as { status: string; counts: { recipients: number } };
  expect(doc.status).toBe('sent');
  expect(doc.counts.recipients).toBe((await openidsOf(SCHOOL_SEED.classA31)).length);
});

test('deliverNotice (for the course domain): a course’s families get one notice each in their inbox', async () => {
  const course = (await cloud.db.collection('courses').where({ schoolId: A, status: 'published' }).limit(1).get()).data[0] as { _id: string; title: string; startAt: Date; schoolId: string };
  const live = (await cloud.db.collection('enrollments').where({ courseId: course._id, status: cloud.db.command.in(['enrolled', 'waitlisted']) }).limit(1000).get()).data as { userId: string }[];
  const users = new Set(live.map((e) => e.userId));
  const r = await deliverNotice(
    { db: cloud.db, cloud: cloud.sdk as never },
    {
      schoolId: course.schoolId,
      kind: 'course.changed',
      courseId: course._id,
      title: '课程时间或地点有调整',
      body: `您报名的课程“${course.title}”有调整。`,
      to: { courseId: course._id, statuses: ['enrolled', 'waitlisted'] },
      subscribe: { templateId: 'tpl-course-changed', fields: { thing1: course.title, time2: course.startAt, thing3: '三楼多功能厅', thing4: '课程时间或地点有调整' } },
    },
  );
  expect(r.done).toBe(true);
  expect(await count('notice_inbox', { noticeId: r.noticeId })).toBe(users.size);
  const one = [...users][0];
  const item = (await cloud.db.collection('notice_inbox').doc(`${r.noticeId}_${one}`).get()).data as InboxDoc;
  expect(item).toMatchObject({ kind: 'course.changed', courseId: course._id, readAt: null });
});

test('notifyCourseFamilies (drop-in for the course domain’s notifyFamilies): promotion to one family, change to every live family', async () => {
  const { notifyCourseFamilies } = await import('./course-notices');
  const course = (await cloud.db.collection('courses').where({ schoolId: A, status: 'published', 'mode.kind': 'offline' }).limit(1).get()).data[0] as never as { _id: string };
  const full = (await cloud.db.collection('courses').doc(course._id).get()).data as never;
  const e = (await cloud.db.collection('enrollments').where({ courseId: course._id, status: 'enrolled' }).limit(1).get()).data[0] as { userId: string; openid: string };
  cloud.acceptSubscriptions(e.openid, ['tpl-course-enroll-result']);
  ok(await cloud.call('notice', e.openid, 'reportSubscribe', { templateIds: ['tpl-course-enroll-result'] }));
  const before = cloud.outbox().length;
  const p = await notifyCourseFamilies({ db: cloud.db, cloud: cloud.sdk as never }, full, [{ userId: e.userId, openid: e.openid }], 'promoted');
  expect(p).toMatchObject({ notices: 1, messages: 1, done: true });
  const msg = cloud.outbox().slice(before).find((x) => x.api === 'subscribeMessage.send')!;
  expect(msg.errcode).toBe(0);
  const box = ok(await cloud.call<InboxOutput>('notice', e.openid, 'inbox', {}));
  expect(box.items.find((i) => i.noticeId === p.noticeId)).toMatchObject({ kind: 'course.promoted', title: '候补成功，已为您保留名额', read: false });
  const d = ok(await cloud.call<NoticeDetailOutput>('notice', e.openid, 'detail', { noticeId: p.noticeId }));
  expect(d.courseLink).toBe(`/packages/course/pages/detail/index?id=${course._id}`);
  const live = new Set(((await cloud.db.collection('enrollments').where({ courseId: course._id, status: cloud.db.command.in(['enrolled', 'waitlisted']) }).limit(1000).get()).data as { userId: string }[]).map((x) => x.userId));
  const c = await notifyCourseFamilies({ db: cloud.db, cloud: cloud.sdk as never }, full, 'live', 'changed');
  expect(c.notices).toBe(live.size);
});

test('one receipt per family: two guardians of one child reply at once → one receipt, the other sees the family’s', async () => {
  const put = (openid: string, relation: string) =>
    cloud.db.collection('users').doc(userIdFor(openid)).set({
      data: {
        openid,
        memberships: [{ schoolId: A, roles: ['parent'], positions: [] }],
        children: [{ childId: 'nt-shared-child', schoolId: A, gradeId: SCHOOL_SEED.gradeA3, classId: SCHOOL_SEED.classA31, childName: '共一', relation }],
        consent: { version: 'v1', acceptedAt: new Date() },
        createdAt: new Date(),
      },
    });
  await Promise.all([put('nt-guardian-mum', '妈妈'), put('nt-guardian-dad', '爸爸')]);
  const n = ok(await cloud.call<{ notice: SentNoticeDto }>('notice', HEAD, 'send', draft({ title: '家庭回执测试' }))).notice;
  const [a, b] = await Promise.all(['nt-guardian-mum', 'nt-guardian-dad'].map((p, i) => cloud.call('notice', p, 'reply', { noticeId: n.noticeId, choice: i ? '不参加' : '参加' })));
  expect([code(a), code(b)].sort()).toEqual(['NOTICE_RECEIPT_DUPLICATE', 'OK']);
  const loser = code(a) === 'OK' ? 'nt-guardian-dad' : 'nt-guardian-mum';
  const d = ok(await cloud.call<NoticeDetailOutput>('notice', loser, 'detail', { noticeId: n.noticeId }));
  expect(d.myReceipt).toMatchObject({ byFamily: true });
  const box = ok(await cloud.call<InboxOutput>('notice', loser, 'inbox', {}));
  expect(box.items.find((i) => i.noticeId === n.noticeId)!.replied).toBe(true);
  expect(await count('notice_receipts', { noticeId: n.noticeId })).toBe(1);
  const s = ok(await cloud.call<NoticeStatsOutput>('notice', HEAD, 'stats', { noticeId: n.noticeId }));
  expect(s.totals.replied).toBe(1);
  const rows = s.classes[0].people!.filter((p) => p.name.startsWith('共一'));
  expect(rows.map((r) => r.receipt)).toEqual([rows[0].receipt, rows[0].receipt]);
  expect(rows.filter((r) => r.comment === '家人已回执')).toHaveLength(1);
});
