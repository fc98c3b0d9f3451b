/**
 * 1,000 parents open the same notice at once (and 200 of them twice), then reply at once (some
 * twice): every record read once, every family's receipt once, the notice's counters exact, and
 * no user-facing error except the duplicate receipt the second tap gets.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedDemo, SCHOOL_SEED } from '../../scripts/seed';
import type { Result } from '../../types/common/result';
import type { NoticeStatsOutput, SentNoticeDto } from '../../types/notice/notice.schema';
import { frontDoor, putCrowdClass } from './notice-fixtures';

jest.setTimeout(300_000);

let cloud: TestCloud;

/** Through the app's front door (dev sign-in tokens), as the app calls it. */
let front: <T>(openid: string, action: string, input: unknown) => Promise<Result<T>>;
const FAMILIES = 1000;
const CLASS = 'nt-crowd-1000';

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
  const door = frontDoor(cloud.url, (o) => cloud.cloud.devToken(o), 32);
  front = (openid, action, input) => door('notice', openid, action, input) as never;
});
afterAll(async () => {
  await cloud?.close();
});

test('reads and receipts stay exact under 1,000 concurrent opens and replies', async () => {
  const parents = await putCrowdClass(cloud.db, { schoolId: SCHOOL_SEED.schoolA, gradeId: SCHOOL_SEED.gradeA3, classId: CLASS, families: FAMILIES });
  const sent = await cloud.call<{ notice: SentNoticeDto }>('notice', 'demo-principal-001', 'send', {
    schoolId: SCHOOL_SEED.schoolA,
    category: '家长会',
    title: '并发测试家长会',
    body: '请回执',
    audience: { kind: 'classes', classIds: [CLASS] },
    receipt: { kind: 'choice', options: ['参加', '不参加'] },
  });
  if (!sent.ok) throw new Error(sent.error.code);
  const id = sent.data.notice.noticeId;
  for (let i = 0; i < 20 && (await cloud.db.collection('notices').doc(id).get()).data.status !== 'sent'; i++) await cloud.fireTimer('notice-cron', 'noticeTick');
  expect(await cloud.db.collection('notice_inbox').where({ noticeId: id }).count()).toMatchObject({ total: FAMILIES });

  const opens = [...parents, ...parents.slice(0, 200)];
  const opened = await Promise.all(opens.map((p) => front(p, 'detail', { noticeId: id })));
  expect(opened.filter((r) => !r.ok).map((r) => (r as { error: { code: string } }).error.code)).toEqual([]);

  const replies = await Promise.all(
    [...parents, ...parents.slice(0, 100)].map((p, i) => front(p, 'reply', { noticeId: id, choice: i % 3 === 0 ? '不参加' : '参加' })),
  );
  const codes = replies.map((r: Result<unknown>) => (r.ok ? 'OK' : r.error.code));
  expect(codes.filter((c) => c === 'OK')).toHaveLength(FAMILIES);
  expect(codes.filter((c) => c !== 'OK').every((c) => c === 'NOTICE_RECEIPT_DUPLICATE')).toBe(true);

  const doc = (await cloud.db.collection('notices').doc(id).get()).data as { counts: { recipients: number; read: number; replied: number; choices: Record<string, number> } };
  expect(doc.counts.recipients).toBe(FAMILIES);
  expect(doc.counts.read).toBe(FAMILIES);
  expect(doc.counts.replied).toBe(FAMILIES);
  expect((doc.counts.choices['参加'] ?? 0) + (doc.counts.choices['不参加'] ?? 0)).toBe(FAMILIES);
  const stats = await cloud.call<NoticeStatsOutput>('notice', 'demo-principal-001', 'stats', { noticeId: id });
  if (!stats.ok) throw new Error(stats.error.code);
  expect(stats.data.totals).toMatchObject({ recipients: FAMILIES, read: FAMILIES, unread: 0, replied: FAMILIES });
  expect(stats.data.totals.choices).toEqual(doc.counts.choices);
});
