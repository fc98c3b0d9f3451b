/**
 * A lesson is published only when it can be completed (issue 15, item 2): a video needs playable
 * media, an article readable text; a cloud video reaches the player as a temporary https URL;
 * the seeded demo lessons can all be completed. Real wx-server-sdk on the local cloud.
 */
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { SCHOOL_A, TEACHER_A, parentOpenid, seedPeople, code, countWhere, ok } from './test-fixtures';
import { seedDemo } from '../../scripts/seed';
import { userIdFor } from '../access/actor';
import { lessonPlayback } from '../../types/attendance/attendance.rules';
import type { LessonView } from '../../types/attendance/attendance.schema';
import type { Result } from '../../types/common/result';

jest.setTimeout(90_000);
let cloud: TestCloud;
const save = (input: Record<string, unknown>) => cloud.call<LessonView & { lessonId: string }>('attendance', TEACHER_A, 'saveLesson', { schoolId: SCHOOL_A, title: '读懂孩子', durationSeconds: 600, creditHours: 0.5, ...input });
const message = (r: Result<unknown>) => (r.ok ? '' : r.error.message);

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedPeople(cloud.db, 4);
});
afterAll(async () => {
  await cloud?.close();
});

describe('publishing a lesson', () => {
  it('a video without playable media is refused with the reason, and nothing is saved', async () => {
    for (const mediaUrl of [undefined, 'https://video.example.cn/micro/phone']) {
      const r = await save({ kind: 'video', mediaUrl });
      expect(code(r)).toBe('VALIDATION_FAILED');
      expect(message(r)).toMatch(/^视频微课需要可播放的视频/);
    }
    // 20 at once: all refused.
    const rs = await Promise.all(Array.from({ length: 20 }, () => save({ kind: 'video' })));
    expect(rs.map(code)).toEqual(Array(20).fill('VALIDATION_FAILED'));
    expect(await countWhere(cloud.db, 'online_lessons', { schoolId: SCHOOL_A })).toBe(0);
  });

  it('an article needs readable text; a draft may wait for its video', async () => {
    expect(message(await save({ kind: 'article', body: '正文' }))).toBe('图文微课的正文至少 50 个字才能发布');
    ok(await save({ kind: 'video', published: false }));
    ok(await save({ kind: 'article', body: '亲子共读'.repeat(15) }));
  });

  it('a cloud video reaches the player as a temporary https URL', async () => {
    const { fileID } = (await cloud.sdk.uploadFile({ cloudPath: 'lesson-media/t/v.mp4', fileContent: Buffer.from('not really a video') })) as { fileID: string };
    const saved = ok(await save({ kind: 'video', mediaUrl: fileID, title: '云存储视频' }));
    const v = ok(await cloud.call<LessonView>('attendance', parentOpenid(1), 'startLesson', { lessonId: saved.lessonId }));
    expect(v.mediaUrl).toBe(fileID);
    expect(v.playUrl).toMatch(/^https?:\/\//);
  });
});

describe('the seeded demo lessons', () => {
  it('every published one can be completed: a video to play or a text to read', async () => {
    await seedDemo(cloud.db, { sdk: cloud.sdk as never });
    const lessons = (await cloud.db.collection('online_lessons').where({ published: true }).limit(100).get()).data as LessonView[];
    expect(lessons.length).toBeGreaterThan(0);
    for (const l of lessons) expect([l.title, lessonPlayback(l)]).not.toEqual([l.title, 'none']);
    expect(lessons.filter((l) => lessonPlayback(l) === 'video').length).toBeGreaterThanOrEqual(2);
    // The recorded course is a 15-minute video too.
    const rec = (await cloud.db.collection('courses').where({ 'mode.kind': 'recorded' }).limit(10).get()).data as { mode: { fileId?: string }; sessions: { startAt: Date; endAt: Date }[] }[];
    for (const c of rec) {
      expect(c.mode.fileId).toMatch(/^cloud:\/\//);
      expect((new Date(c.sessions[0].endAt).getTime() - new Date(c.sessions[0].startAt).getTime()) / 60_000).toBe(15);
    }
  });

  it('a parent completes a seeded video lesson once its time has passed', async () => {
    const parent = 'demo-parent-001';
    const list = ok(await cloud.call<LessonView[]>('attendance', parent, 'listLessons', {}));
    const video = list.find((l) => l.kind === 'video' && !l.lessonId.startsWith('rc_') && !l.progress?.completedAt);
    expect(video).toBeDefined();
    const started = ok(await cloud.call<LessonView>('attendance', parent, 'startLesson', { lessonId: video!.lessonId }));
    expect(started.playUrl).toMatch(/^https?:\/\//);
    const mine = ((await cloud.db.collection('lesson_progress').where({ lessonId: video!.lessonId, startedBy: userIdFor(parent) }).limit(10).get()).data as { _id: string; familyId: string }[])[0];
    await cloud.db.collection('lesson_progress').doc(mine!._id).update({ data: { startedAt: new Date(Date.now() - 901_000) } });
    const done = ok(await cloud.call<{ created: boolean }>('attendance', parent, 'completeLesson', { lessonId: video!.lessonId, positionSeconds: 900, familyId: mine!.familyId }));
    expect(done.created).toBe(true);
    expect(await countWhere(cloud.db, 'credit_ledger', { _id: `lesson_${video!.lessonId}_${mine!.familyId}` })).toBe(1);
  });
});

