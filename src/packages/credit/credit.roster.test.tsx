/**
 * The roster page (考勤登记) in jsdom against the real local cloud of the ui project: a session a
 * week away offers no marks and says from when attendance can be recorded (issue 15, item 1);
 * a session under way offers them.
 */
import { act, render } from '@tarojs/test-utils-react/dist/pure';
import { Current } from '@tarojs/runtime';
import { waitFor } from '../../../test/ui/wait-for';
import { uiCloudDb } from '../../../test/ui/page-test';
import { signIn, signOut } from '@/services/session';
import RosterPage from './pages/roster';

import React from 'react';

/* eslint-disable @typescript-eslint/no-var-requires */
const ReactDOM = require('react-dom');
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime');
const fx = require('../../../server/attendance/test-fixtures');
/* eslint-enable @typescript-eslint/no-var-requires */
createH5NativeComponentConfig(null, React, ReactDOM);

const PARENT = 911;
let db: ReturnType<typeof uiCloudDb>;

beforeAll(async () => {
  db = uiCloudDb();
  await fx.putUser(db, fx.TEACHER_A, [{ schoolId: fx.SCHOOL_A, roles: ['teacher'], positions: [{ title: '班主任', classId: fx.CLASS_A1 }] }], []);
  await fx.putCourse(db, { courseId: 'ui-roster-future', startAt: new Date(Date.now() + 7 * 86400_000), minutes: 90, title: '下周的讲座' });
  await fx.putCourse(db, { courseId: 'ui-roster-now', startAt: new Date(Date.now() - 10 * 60_000), minutes: 90, title: '正在进行的讲座' });
  await fx.enrol(db, 'ui-roster-future', PARENT, { classId: fx.CLASS_A1 });
  await fx.enrol(db, 'ui-roster-now', PARENT, { classId: fx.CLASS_A1 });
}, 30_000);

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  mounted.splice(0).forEach((r) => r.unmount());
  signOut();
});
const q = (root: Element, id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;

async function openRoster(sessionId: string) {
  await signIn({ openid: fx.TEACHER_A });
  (Current as { router: unknown }).router = { path: '/packages/credit/pages/roster/index', params: { sessionId } };
  const r = render(<RosterPage />, {});
  mounted.push(r);
  const row = `roster-row-${fx.childId(PARENT)}`;
  await waitFor(() => expect(q(r.container, row)).not.toBeNull(), 8000);
  await act(async () => {
    (q(r.container, row)!.firstElementChild as HTMLElement).click();
  });
  return r.container;
}

describe('roster page', () => {
  it('a session a week away: no marks offered, the opening time said', async () => {
    const c = await openRoster('ui-roster-future-s1');
    expect(q(c, 'roster-not-started')?.textContent).toMatch(/^该课次还没开始，\d+月\d+日\d\d:\d\d（开课前30分钟）起才能签到或登记考勤$/);
    expect(c.textContent).not.toContain('改为出席');
    const n = (await db.collection('attendance_records').where({ sessionId: 'ui-roster-future-s1' }).count()).total;
    expect(n).toBe(0);
  });

  it('a session under way: marks offered', async () => {
    const c = await openRoster('ui-roster-now-s1');
    expect(q(c, 'roster-not-started')).toBeNull();
    expect(c.textContent).toContain('改为出席');
  });
});
