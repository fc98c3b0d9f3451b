/**
 * The lesson page (H5 flavour) in jsdom for a recorded course, as the course detail page opens it
 * (lessonId rc_<courseId> and the family), against the real local cloud of the ui project.
 */
import { act, render } from '@tarojs/test-utils-react/dist/pure';
import { Current } from '@tarojs/runtime';
import { waitFor } from '../../../test/ui/wait-for';
import { uiCloudDb } from '../../../test/ui/page-test';
import { signIn, signOut } from '@/services/session';
import { recordedLessonId } from '@shared/attendance/attendance.rules';
import Taro from '@tarojs/taro';
import LessonPage from './pages/lesson';
import CourseDetailPage from '../course/pages/detail';

import React from 'react';

/* eslint-disable @typescript-eslint/no-var-requires */
const ReactDOM = require('react-dom');
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime');
/* eslint-enable @typescript-eslint/no-var-requires */
createH5NativeComponentConfig(null, React, ReactDOM);

const COURSE = 'ui-rec-course';
const PARENT = 901;
const lessonId = recordedLessonId(COURSE);

let db: ReturnType<typeof uiCloudDb>;
let familyId = '';
let openid = '';

beforeAll(async () => {
  db = uiCloudDb();
  const fx = require('../../../server/attendance/test-fixtures');
  familyId = fx.childId(PARENT);
  openid = fx.parentOpenid(PARENT);
  await fx.putUser(db, openid, [{ schoolId: fx.SCHOOL_A, roles: ['parent'], positions: [] }], [
    { childId: familyId, schoolId: fx.SCHOOL_A, gradeId: 'fx-grade-7', classId: fx.CLASS_A1, childName: '界面微课', relation: '母亲' },
  ]);
  await fx.putUser(db, fx.parentOpenid(PARENT + 1), [{ schoolId: fx.SCHOOL_A, roles: ['parent'], positions: [] }], [
    { childId: fx.childId(PARENT + 1), schoolId: fx.SCHOOL_A, gradeId: 'fx-grade-7', classId: fx.CLASS_A1, childName: '未报名', relation: '父亲' },
  ]);
  // A 45-minute recorded course without a video link (read on the page), published yesterday.
  await fx.putCourse(db, { courseId: COURSE, startAt: new Date(Date.now() - 86400_000), minutes: 45, mode: 'recorded', title: '孩子沉迷手机怎么办' });
  // Without a video, the course's description is what there is to read (long enough to be read).
  await db.collection('courses').doc(COURSE).update({ data: { summary: '本课讲清家庭屏幕时间公约怎么定：'.repeat(5) } });
  await fx.enrol(db, COURSE, PARENT, { classId: fx.CLASS_A1 });
}, 30_000);

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  mounted.splice(0).forEach((r) => r.unmount());
  signOut();
});
function mountLesson() {
  (Current as { router: unknown }).router = { path: '/packages/credit/pages/lesson/index', params: { lessonId: encodeURIComponent(lessonId), familyId } };
  const r = render(<LessonPage />, {});
  mounted.push(r);
  return r.container;
}
const q = (root: Element, id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;

describe('course detail page of a recorded course', () => {
  it('offers the enrolled parent the lesson, for that family', async () => {
    const navigateTo = jest.spyOn(Taro, 'navigateTo').mockImplementation(() => Promise.resolve({ errMsg: 'navigateTo:ok' }) as never);
    await signIn({ openid });
    (Current as { router: unknown }).router = { path: '/packages/course/pages/detail/index', params: { id: COURSE } };
    const r = render(<CourseDetailPage />, {});
    mounted.push(r);
    await waitFor(() => expect(q(r.container, 'watch-lesson-button')).not.toBeNull(), 8000);
    await act(async () => {
      q(r.container, 'watch-lesson-button')!.click();
    });
    expect(navigateTo).toHaveBeenCalledWith({ url: `/packages/credit/pages/lesson/index?lessonId=${encodeURIComponent(lessonId)}&familyId=${encodeURIComponent(familyId)}` });
    navigateTo.mockRestore();
  });

  it('a parent who has not enrolled gets the enrol button, not the lesson', async () => {
    await signIn({ openid: 'fx-parent-902' });
    (Current as { router: unknown }).router = { path: '/packages/course/pages/detail/index', params: { id: COURSE } };
    const r = render(<CourseDetailPage />, {});
    mounted.push(r);
    await waitFor(() => expect(q(r.container, 'enroll-button')).not.toBeNull(), 8000);
    expect(q(r.container, 'watch-lesson-button')).toBeNull();
  });
});

describe('lesson page for a recorded course', () => {
  it('starts the lesson on the server and asks for the time still needed', async () => {
    await signIn({ openid });
    const c = mountLesson();
    await waitFor(() => expect(q(c, 'lesson-title')?.textContent).toBe('孩子沉迷手机怎么办'), 8000);
    expect(c.textContent).toContain('1 课时');
    expect(q(c, 'lesson-remaining')?.textContent).toMatch(/还需学习约 4\d 分钟 ?后可提交完成/);
    const p = (await db.collection('lesson_progress').doc(`${lessonId}_${familyId}`).get()).data;
    expect(p).toMatchObject({ lessonId, familyId, completedAt: null });
  });

  it('after the time has passed the parent completes it and it is credited once', async () => {
    // 41 minutes since the server's start (≥ 90 % of 45).
    await db.collection('lesson_progress').doc(`${lessonId}_${familyId}`).update({ data: { startedAt: new Date(Date.now() - 41 * 60_000) } });
    await signIn({ openid });
    const c = mountLesson();
    await waitFor(() => expect(q(c, 'lesson-remaining')?.textContent).toContain('可以提交完成'), 8000);
    await act(async () => {
      q(c, 'lesson-complete')!.click();
    });
    await waitFor(() => expect(q(c, 'lesson-done')?.textContent).toBe('已完成，计入 1 课时'), 8000);
    const ledger = (await db.collection('credit_ledger').where({ familyId }).get()).data;
    expect(ledger).toEqual([expect.objectContaining({ _id: `lesson_${lessonId}_${familyId}`, hours: 1, source: 'online_lesson' })]);
  });
});

describe('a phone whose clock is off', () => {
  it('an hour ahead: the page counts from the server\'s start, not the phone\'s clock, and does not offer 完成学习 early', async () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fx = require('../../../server/attendance/test-fixtures');
    await fx.putCourse(db, { courseId: 'ui-rec-skew', startAt: new Date(Date.now() - 86400_000), minutes: 45, mode: 'recorded', title: '时钟不准的手机' });
    await db.collection('courses').doc('ui-rec-skew').update({ data: { summary: '本课讲清家庭屏幕时间公约怎么定：'.repeat(5) } });
    await fx.enrol(db, 'ui-rec-skew', PARENT, { classId: fx.CLASS_A1 });
    await signIn({ openid });
    const realNow = Date.now.bind(Date);
    const ahead = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 3600_000);
    try {
      (Current as { router: unknown }).router = { path: '/packages/credit/pages/lesson/index', params: { lessonId: encodeURIComponent(recordedLessonId('ui-rec-skew')), familyId } };
      const r = render(<LessonPage />, {});
      mounted.push(r);
      await waitFor(() => expect(q(r.container, 'lesson-remaining')?.textContent).toMatch(/还需学习约 4\d 分钟 ?后可提交完成/), 8000);
      expect(q(r.container, 'lesson-complete')!.className).toContain('disabled');
    } finally {
      ahead.mockRestore();
    }
  });
});

describe('a lesson with nothing to watch or read', () => {
  it('says so instead of a completion that never enables', async () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fx = require('../../../server/attendance/test-fixtures');
    await fx.putCourse(db, { courseId: 'ui-rec-empty', startAt: new Date(Date.now() - 86400_000), minutes: 30, mode: 'recorded', title: '空的微课' });
    await fx.enrol(db, 'ui-rec-empty', PARENT, { classId: fx.CLASS_A1 });
    await signIn({ openid });
    (Current as { router: unknown }).router = { path: '/packages/credit/pages/lesson/index', params: { lessonId: encodeURIComponent(recordedLessonId('ui-rec-empty')), familyId } };
    const r = render(<LessonPage />, {});
    mounted.push(r);
    await waitFor(() => expect(q(r.container, 'lesson-unavailable')?.textContent).toBe('这节微课暂时没有可观看的内容，请联系老师。'), 8000);
    expect(q(r.container, 'lesson-complete')!.className).toContain('disabled');
  });
});
