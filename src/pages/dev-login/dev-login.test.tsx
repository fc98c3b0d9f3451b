/**
 * The H5 dev sign-in page, rendered in jsdom against the real local cloud of the ui project
 * (demo users from test/ui/demo-users.js): grouped by role, tap to act as one.
 */
import { act, render } from '@tarojs/test-utils-react/dist/pure';
import { waitFor } from '../../../test/ui/wait-for';
import Taro from '@tarojs/taro';
import DevLoginPage from '@/pages/dev-login';
import { signOut, getSession } from '@/services/session';
import { call } from '@/services/cloud';

function groupTitles(container: Element): string[] {
  return Array.from(container.querySelectorAll('[data-testid^="role-group-"]')).map((g) => g.getAttribute('data-testid')!.replace('role-group-', ''));
}

const mounted: { unmount(): void }[] = [];
function mount() {
  const r = render(<DevLoginPage />, {});
  mounted.push(r);
  return r;
}

describe('dev sign-in page', () => {
  let switchTab: jest.SpyInstance;
  beforeEach(() => {
    signOut();
    switchTab = jest.spyOn(Taro, 'switchTab').mockImplementation(() => Promise.resolve({ errMsg: 'switchTab:ok' }) as never);
  });
  afterEach(() => {
    switchTab.mockRestore();
    mounted.splice(0).forEach((r) => r.unmount());
  });

  it('lists the demo users grouped by role, parents first', async () => {
    const { container } = mount();
    expect(container.textContent).toContain('正在读取演示账号');
    await waitFor(() => expect(groupTitles(container).length).toBeGreaterThan(0));
    expect(groupTitles(container)).toEqual(['家长', '班主任', '校长', '学校管理员']);
    const parents = container.querySelector('[data-testid="role-group-家长"]')!;
    expect(parents.textContent).toContain('家长（2）');
    expect(parents.textContent).toContain('家长 · 测试一');
    expect(parents.textContent).toContain('测试第一小学 · 一年级1班');
  });

  it('signs in as the tapped user and opens the home tab', async () => {
    const { container } = mount();
    await waitFor(() => expect(container.querySelector('[data-openid="ui-head-001"]')).not.toBeNull());
    await act(async () => {
      (container.querySelector('[data-openid="ui-head-001"] .nut-cell') as HTMLElement).click();
    });
    await waitFor(() => expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' }));
    expect(getSession()).toMatchObject({ openid: 'ui-head-001', label: '班主任 · 测试' });
    // the token works: the next call is made as that user
    await expect(call('echo', 'whoami', {})).resolves.toMatchObject({ openid: 'ui-head-001' });
  });
});
