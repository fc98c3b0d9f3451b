/**
 * The course edit page (H5 flavour) in jsdom against the real local cloud of the ui project:
 * the class hours shown live come from the school's rule (set by the school admin), through the
 * same shared rule the server applies when it saves the course.
 */
import { act, render } from '@tarojs/test-utils-react/dist/pure';
import Taro from '@tarojs/taro';
import { waitFor } from '../../../test/ui/wait-for';
import { byTestId, seedSchoolInUiCloud, typeInto } from '../../../test/ui/page-test';
import { signIn, signOut } from '@/services/session';
import { call } from '@/services/cloud';
import { schoolYearOfSemester, semesterOf } from '@shared/course/course.rules';
import EditCoursePage from './pages/edit';

import React from 'react';

/* eslint-disable @typescript-eslint/no-var-requires */
const ReactDOM = require('react-dom');
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime');
const { Current } = require('@tarojs/runtime');
/* eslint-enable @typescript-eslint/no-var-requires */
createH5NativeComponentConfig(null, React, ReactDOM);

jest.setTimeout(30_000);
const SCHOOL = 'school-bjsx';

const q = byTestId;

let redirectTo: jest.SpyInstance;
beforeAll(async () => {
  await seedSchoolInUiCloud();
}, 30_000);
beforeEach(() => {
  signOut();
  Current.router = { params: { schoolId: SCHOOL }, path: '/packages/course/pages/edit/index' };
  jest.spyOn(Taro, 'showToast').mockImplementation(() => Promise.resolve({ errMsg: 'showToast:ok' }) as never);
  jest.spyOn(Taro, 'setNavigationBarTitle').mockImplementation(() => Promise.resolve({ errMsg: 'ok' }) as never);
  redirectTo = jest.spyOn(Taro, 'redirectTo').mockImplementation(() => Promise.resolve({ errMsg: 'redirectTo:ok' }) as never);
});
afterEach(() => jest.restoreAllMocks());

it("shows the class hours by the school's rule and the saved course has the same", async () => {
  await signIn({ openid: 'demo-admin-001' });
  const schoolYear = schoolYearOfSemester(semesterOf(new Date()));
  await call('credit', 'saveSettings', {
    schoolId: SCHOOL,
    schoolYear,
    thresholds: { basis: 'hours', levels: [4, 8, 16, 24, 32] },
    profileId: 'guangzhou',
    classHourRule: { minutesPerClassHour: 60, rounding: 'half' },
  });

  const { container, unmount } = render(<EditCoursePage />, {});
  try {
    // The default session is 19:00–20:30: 90 minutes = 1.5 课时 at 60 minutes, half 课时.
    await waitFor(() => expect(q(container, 'class-hour-rule')?.textContent).toContain('60分钟 = 1课时，按半课时计'), 8000);
    expect(container.textContent).toContain('上课时间（共1.5课时）');
    expect(q(container, 'class-hour-rule')?.textContent).toContain('学校日后修改规则不影响已保存的课程');

    await act(async () => typeInto(q(container, 'course-title-input')!, '课时规则界面测试'));
    await act(async () => typeInto(q(container, 'speaker-name')!, '王老师'));
    await act(async () => q(container, 'save-draft')!.click());
    await waitFor(() => expect(redirectTo).toHaveBeenCalled(), 8000);
    const id = /id=([0-9a-f]+)/.exec(String(redirectTo.mock.calls[0][0].url))![1];
    const saved = await call('course', 'detail', { courseId: id });
    expect(saved.totalClassHours).toBe(1.5);
    expect(saved.classHourRule).toEqual({ minutesPerClassHour: 60, rounding: 'half' });
  } finally {
    unmount();
  }
});

it('a negative capacity and a missing speaker are named, marked and not saved; the title counter tells the limit', async () => {
  await signIn({ openid: 'demo-admin-001' });
  const { container, unmount } = render(<EditCoursePage />, {});
  try {
    await waitFor(() => expect(q(container, 'course-title-input')).not.toBeNull(), 8000);
    await act(async () => typeInto(q(container, 'course-title-input')!, '长'.repeat(40)));
    expect(q(container, 'count-course-title-input')?.textContent).toBe('40/40');
    expect(q(container, 'field-course-title-input')?.textContent).toContain('课程名称最多 40 个字');
    await act(async () => typeInto(q(container, 'capacity-input')!, '-30'));
    await act(async () => q(container, 'save-draft')!.click());
    await waitFor(() => expect(q(container, 'form-problem')?.textContent).toBe('请填写主讲人姓名；名额不能小于 1'), 8000);
    expect(q(container, 'field-capacity-input')!.className).toContain('ps-field--invalid');
    expect(q(container, 'field-speaker-name')!.className).toContain('ps-field--invalid');
    expect(q(container, 'field-course-title-input')!.className).not.toContain('ps-field--invalid');
    expect(redirectTo).not.toHaveBeenCalled();
  } finally {
    unmount();
  }
});
