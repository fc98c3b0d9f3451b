/**
 * Reception pages on the page toolkit (H5 flavour, jsdom) against the real local cloud of the ui
 * project: the settings form shared with 证书设置 names and marks a rejected field, a failed load
 * offers 重试, a parent without a child is led to 绑定孩子, and a too-short suggestion is told on
 * the page (nothing is sent).
 */
import { act } from '@tarojs/test-utils-react/dist/pure';
import Taro from '@tarojs/taro';
import { waitFor } from '../../../test/ui/wait-for';
import { byTestId, pages, seedSchoolInUiCloud, tap, type } from '../../../test/ui/page-test';
import { signIn, signOut } from '@/services/session';
import { call } from '@/services/cloud';
import { receptionSettings } from '@/services/reception';
import { getCertificateRule } from '@/services/certificate';
import ReceptionSettingsPage from './pages/settings';
import CertificateSettingsPage from '@/packages/certificate/pages/settings';
import CasePage from './pages/case';
import DaysPage from './pages/days';
import SuggestPage from './pages/suggest';

import React from 'react';

/* eslint-disable @typescript-eslint/no-var-requires */
const ReactDOM = require('react-dom');
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime');
const { Current } = require('@tarojs/runtime');
/* eslint-enable @typescript-eslint/no-var-requires */

createH5NativeComponentConfig(null, React, ReactDOM);

const ADMIN = 'demo-admin-001';
const SCHOOL = 'school-bjsx';
const q = byTestId;
const mount = pages();

let navigateTo: jest.SpyInstance;
beforeAll(async () => {
  await seedSchoolInUiCloud();
}, 30_000);
beforeEach(() => {
  signOut();
  jest.spyOn(Taro, 'showToast').mockImplementation(() => Promise.resolve({ errMsg: 'showToast:ok' }) as never);
  navigateTo = jest.spyOn(Taro, 'navigateTo').mockImplementation(() => Promise.resolve({ errMsg: 'navigateTo:ok' }) as never);
});
afterEach(() => jest.restoreAllMocks());

async function newConsentedUser(openid: string) {
  await signIn({ openid });
  const p = await call('school', 'ensureUser', {});
  await call('school', 'acceptConsent', { version: p.consentVersion, guardianConsent: true });
}

describe('the settings pieces shared by 接待与开放日设置 and 证书设置', () => {
  it('接待与开放日设置: 0 working days is named and marked, 7 is saved', async () => {
    await signIn({ openid: ADMIN });
    const { container } = mount(<ReceptionSettingsPage />);
    await waitFor(() => expect(q(container, 'set-suggestionAnswerDays')).not.toBeNull(), 8000);
    await type(q(container, 'set-suggestionAnswerDays'), '0');
    await tap(q(container, 'settings-save'));
    await waitFor(() => expect(q(container, 'failure')?.textContent).toContain('意见建议答复期限'));
    expect(q(container, 'field-set-suggestionAnswerDays')?.className).toContain('ps-field--invalid');
    expect(q(container, 'field-set-bookingClosesHours')?.className).not.toContain('ps-field--invalid');
    expect((await receptionSettings.get(SCHOOL)).suggestionAnswerDays).not.toBe(0);

    await type(q(container, 'set-suggestionAnswerDays'), '7');
    await tap(q(container, 'settings-save'));
    await waitFor(async () => expect((await receptionSettings.get(SCHOOL)).suggestionAnswerDays).toBe(7));
    expect(q(container, 'failure')).toBeNull();
    expect(q(container, 'field-set-suggestionAnswerDays')?.className).not.toContain('ps-field--invalid');
  });

  it('证书设置: a star level of 9 is named and marked (the field the server rejected), 2 is saved', async () => {
    await signIn({ openid: ADMIN });
    const { container } = mount(<CertificateSettingsPage />);
    await waitFor(() => expect(q(container, 'rule-minStarLevel')).not.toBeNull(), 8000);
    await type(q(container, 'rule-minStarLevel'), '9');
    await tap(q(container, 'rule-save'));
    await waitFor(() => expect(q(container, 'failure')?.textContent).toMatch(/[\u4e00-\u9fa5]/));
    expect(q(container, 'failure')?.textContent).not.toMatch(/[A-Za-z]{4,}/);
    expect(q(container, 'field-rule-minStarLevel')?.className).toContain('ps-field--invalid');
    expect(q(container, 'field-rule-minHours')?.className).not.toContain('ps-field--invalid');

    await type(q(container, 'rule-minStarLevel'), '2');
    await tap(q(container, 'rule-save'));
    await waitFor(async () => expect((await getCertificateRule(SCHOOL)).rule.minStarLevel).toBe(2));
    expect(q(container, 'failure')).toBeNull();
  });
});

describe('reception pages before their data', () => {
  it('a case that does not exist: 加载失败 in Chinese with 重试', async () => {
    await newConsentedUser('ui-reception-parent-1');
    Current.router = { path: '/packages/reception/pages/case/index', params: { id: 'ffffffffffffffffffffffffffffffff' } };
    const { container } = mount(<CasePage />);
    await waitFor(() => expect(container.textContent).toContain('加载失败'), 8000);
    expect(container.querySelector('.ps-state--error .nut-button')?.textContent).toContain('重试');
  });

  it('a parent without a child is led to 绑定孩子 from 家长接待日 and 意见建议', async () => {
    await newConsentedUser('ui-reception-parent-2');
    const days = mount(<DaysPage />);
    await waitFor(() => expect(days.container.textContent).toContain('还没有绑定孩子'), 8000);
    await tap(days.container.querySelector('.ps-state__action .nut-button'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/school/pages/bind-child/index' });

    const suggest = mount(<SuggestPage />);
    await waitFor(() => expect(suggest.container.textContent).toContain('请先绑定孩子'), 8000);
  });
});

describe('意见建议 with a child', () => {
  it('a suggestion of three characters is told on the page and not sent', async () => {
    await newConsentedUser('ui-reception-parent-3');
    await call('school', 'bindChild', { code: 'SXA234', childName: '接待测试', relation: '母亲' });
    const before = (await call('reception', 'myCases', {})).items.length;
    const { container } = mount(<SuggestPage />);
    await waitFor(() => expect(q(container, 'submit-suggestion')).not.toBeNull(), 8000);
    await act(async () => {
      const ta = container.querySelector('[data-testid="suggestion-text"]') as HTMLElement;
      ta.dispatchEvent(new CustomEvent('input', { bubbles: true, detail: { value: '太少了' } }));
    });
    await tap(q(container, 'submit-suggestion'));
    await waitFor(() => expect(q(container, 'failure')?.textContent).toContain('至少4个字'));
    expect((await call('reception', 'myCases', {})).items).toHaveLength(before);
  });
});
