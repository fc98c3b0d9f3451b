/**
 * The bind-child and class-roster pages (H5 flavour) in jsdom, against the real local cloud of
 * the ui project; the school demo data is arranged through the real SDK.
 */
import { act, render } from '@tarojs/test-utils-react/dist/pure';
import Taro from '@tarojs/taro';
import { waitFor } from '../../../test/ui/wait-for';
import { byTestId, seedSchoolInUiCloud, typeInto } from '../../../test/ui/page-test';
import { signIn, signOut } from '@/services/session';
import { call } from '@/services/cloud';
import { ERROR_MESSAGES } from '@shared/common/errors';
import BindChildPage from './pages/bind-child';
import RosterPage from './pages/roster';
import MePage from '@/pages/me';

import React from 'react';

/* eslint-disable @typescript-eslint/no-var-requires */
const ReactDOM = require('react-dom');
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime');
/* eslint-enable @typescript-eslint/no-var-requires */

// Page hooks (useDidShow, useLoad) need Taro's React runtime to know React, as the app entry does.
createH5NativeComponentConfig(null, React, ReactDOM);

const CLASS_A31 = 'school-bjsx-g3-c1';

const mounted: { unmount(): void }[] = [];
function mount(ui: JSX.Element) {
  const r = render(ui, {});
  mounted.push(r);
  return r;
}
const q = byTestId;
async function tap(el: Element | null) {
  if (!el) throw new Error('nothing to tap');
  await act(async () => {
    (el as HTMLElement).click();
  });
}
async function type(el: Element | null, value: string) {
  if (!el) throw new Error('no input');
  await act(async () => typeInto(el, value));
}

let switchTab: jest.SpyInstance;
let showModal: jest.SpyInstance;
beforeAll(async () => {
  await seedSchoolInUiCloud();
}, 30_000);
beforeEach(() => {
  signOut();
  switchTab = jest.spyOn(Taro, 'switchTab').mockImplementation(() => Promise.resolve({ errMsg: 'switchTab:ok' }) as never);
  jest.spyOn(Taro, 'showToast').mockImplementation(() => Promise.resolve({ errMsg: 'showToast:ok' }) as never);
  showModal = jest.spyOn(Taro, 'showModal').mockImplementation(() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'showModal:ok' }) as never);
});
afterEach(() => {
  jest.restoreAllMocks();
  mounted.splice(0).forEach((r) => r.unmount());
});

async function newConsentedParent(openid: string) {
  await signIn({ openid });
  await call('school', 'ensureUser', {});
  const p = await call('school', 'ensureUser', {});
  await call('school', 'acceptConsent', { version: p.consentVersion, guardianConsent: true });
}

describe('bind child page', () => {
  it('asks a new user to consent first', async () => {
    await signIn({ openid: 'ui-school-new-1' });
    const { container } = mount(<BindChildPage />);
    await waitFor(() => expect(q(container, 'go-consent')).not.toBeNull(), 8000);
    expect(container.textContent).toContain('请先阅读并同意《隐私保护指引》');
  });

  it('refuses a wrong code with the Chinese message, then binds the child with the class code', async () => {
    await newConsentedParent('ui-school-parent-1');
    const { container } = mount(<BindChildPage />);
    await waitFor(() => expect(q(container, 'code-input')).not.toBeNull(), 8000);

    await type(q(container, 'code-input'), 'zzz zzz');
    await tap(q(container, 'code-check'));
    await waitFor(() => expect(container.textContent).toContain(ERROR_MESSAGES.JOIN_CODE_INVALID));
    expect(q(container, 'preview')).toBeNull();

    await type(q(container, 'code-input'), 'sxa-234');
    await tap(q(container, 'code-check'));
    await waitFor(() => expect(q(container, 'preview')?.textContent).toContain('滨江实验小学 · 三年级1班'));
    // the button stays disabled until a name and a relation are given
    await tap(q(container, 'bind-submit'));
    expect(await call('school', 'me', {})).toMatchObject({ children: [] });

    await type(q(container, 'child-name-input'), '界面测试');
    await tap(container.querySelector('[data-testid="relation"] [data-value="母亲"]'));
    await tap(q(container, 'bind-submit'));
    await waitFor(() => expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' }));
    const me = await call('school', 'me', {});
    expect(me.children).toEqual([expect.objectContaining({ childName: '界面测试', relation: '母亲', classId: CLASS_A31, className: '三年级1班' })]);
  });
});

describe('a child who already has a guardian', () => {
  it('the second parent waits; the head teacher confirms one request and rejects another on the roster', async () => {
    await newConsentedParent('ui-school-parent-3');
    const bind = mount(<BindChildPage />);
    await waitFor(() => expect(q(bind.container, 'code-input')).not.toBeNull(), 8000);
    await type(q(bind.container, 'code-input'), 'SXA234');
    await tap(q(bind.container, 'code-check'));
    await waitFor(() => expect(q(bind.container, 'preview')).not.toBeNull());
    await type(q(bind.container, 'child-name-input'), '界面测试');
    await tap(bind.container.querySelector('[data-testid="relation"] [data-value="父亲"]'));
    await tap(q(bind.container, 'bind-submit'));
    await waitFor(() => expect(q(bind.container, 'pending-children')?.textContent).toContain('界面测试（三年级1班）：等待班主任或其他监护人确认'));
    expect(switchTab).not.toHaveBeenCalled();
    expect((await call('school', 'me', {})).children).toEqual([]);
    bind.unmount();
    mounted.splice(0);

    await newConsentedParent('ui-school-parent-4');
    await call('school', 'bindChild', { code: 'SXA234', childName: '界面测试', relation: '祖父' });

    signOut();
    await signIn({ openid: 'demo-teacher-001' });
    const { container } = mount(<RosterPage />);
    await waitFor(() => expect(q(container, 'pending-requests')).not.toBeNull(), 8000);
    expect(q(container, 'request-界面测试父亲')).not.toBeNull();
    await tap(q(container, 'confirm-界面测试父亲'));
    await waitFor(() => expect(q(container, 'child-界面测试')?.textContent).toContain('界面测试父亲'));
    expect(q(container, 'request-界面测试父亲')).toBeNull();
    await tap(q(container, 'reject-界面测试祖父'));
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '拒绝申请' }));
    await waitFor(() => expect(q(container, 'pending-requests')).toBeNull());
    expect(q(container, 'child-界面测试')?.textContent).not.toContain('祖父');
  });

  it('an existing guardian sees a request on 我的 and confirms it', async () => {
    await newConsentedParent('ui-school-parent-5');
    const asked = await call('school', 'bindChild', { code: 'SXA234', childName: '界面测试', relation: '外祖母' });
    expect(asked.pendingChildren).toEqual([expect.objectContaining({ childName: '界面测试' })]);
    signOut();
    await signIn({ openid: 'ui-school-parent-1' });
    const { container } = mount(<MePage />);
    await waitFor(() => expect(container.textContent).toContain('有人申请成为界面测试外祖母'), 8000);
    await tap(q(container, `confirm-${asked.userId}`));
    await waitFor(() => expect(container.textContent).not.toContain('有人申请成为界面测试外祖母'));
    mounted.splice(0).forEach((r) => r.unmount());
    signOut();
    await signIn({ openid: 'ui-school-parent-5' });
    expect((await call('school', 'me', {})).children).toEqual([expect.objectContaining({ childName: '界面测试', relation: '外祖母' })]);
  });
});

describe('class roster page', () => {
  it('shows the head teacher the class with its guardians and removes one', async () => {
    await newConsentedParent('ui-school-parent-2');
    await call('school', 'bindChild', { code: 'SXA234', childName: '名单测试', relation: '外祖母' });
    signOut();
    await signIn({ openid: 'demo-teacher-001' });
    const { container } = mount(<RosterPage />);
    await waitFor(() => expect(q(container, 'roster')).not.toBeNull(), 8000);
    expect(q(container, 'roster-summary')?.textContent).toMatch(/滨江实验小学 三年级1班 · \d+ 名学生/);
    expect(q(container, 'class-choice')?.textContent).toContain('三年级1班');
    expect(q(container, 'child-名单测试')?.textContent).toContain('名单测试外祖母');

    await tap(q(container, 'remove-名单测试外祖母'));
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '移除监护人' }));
    await waitFor(() => expect(q(container, 'child-名单测试')?.textContent).toContain('暂无监护人'));
    const roster = await call('school', 'classRoster', { classId: CLASS_A31 });
    expect(roster.children.find((c) => c.name === '名单测试')?.guardians).toEqual([]);
  });

  it('a subject teacher sees the roster without remove buttons; a parent sees no class', async () => {
    await signIn({ openid: 'demo-teacher-003' });
    const first = mount(<RosterPage />);
    await waitFor(() => expect(q(first.container, 'roster')).not.toBeNull(), 8000);
    expect(first.container.querySelector('[data-testid^="remove-"]')).toBeNull();
    first.unmount();
    mounted.splice(0);

    signOut();
    await signIn({ openid: 'demo-parent-002' });
    const second = mount(<RosterPage />);
    await waitFor(() => expect(second.container.textContent).toContain('没有可查看的班级'), 8000);
  });
});
