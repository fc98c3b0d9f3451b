/**
 * Pending: the one place that decides what a page shows before its data arrives. Table-driven over
 * the states a page hook can be in; the error is a real one from the local cloud.
 */
import { act, render } from '@tarojs/test-utils-react/dist/pure';
import Pending, { waitFor, type Load } from '@/components/Pending';
import { call } from '@/services/cloud';
import { signOut } from '@/services/session';
import { ERROR_MESSAGES } from '@shared/common/errors';

describe('Pending', () => {
  let unauthenticated: unknown;
  beforeAll(async () => {
    signOut();
    unauthenticated = await call('echo', 'whoami', {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(unauthenticated).not.toBeNull();
  });

  const cases: { name: string; props: () => Parameters<typeof Pending>[0]; shows: string[]; hides: string[] }[] = [
    { name: 'not signed in (even with an error)', props: () => ({ signedIn: false, loading: false, error: unauthenticated }), shows: ['正在前往登录'], hides: ['加载失败'] },
    { name: 'loading', props: () => ({ loading: true, error: null }), shows: ['加载中'], hides: ['加载失败'] },
    { name: 'loading again after a failure (retrying)', props: () => ({ loading: true, error: unauthenticated }), shows: ['加载中'], hides: ['加载失败'] },
    { name: 'failed', props: () => ({ loading: false, error: unauthenticated }), shows: ['加载失败', ERROR_MESSAGES.UNAUTHENTICATED], hides: ['加载中'] },
    { name: 'neither loading nor failed yet', props: () => ({ loading: false, error: null }), shows: ['加载中'], hides: ['加载失败'] },
  ];

  it.each(cases)('$name', ({ props, shows, hides }) => {
    const { container, unmount } = render(<Pending {...props()} />, {});
    for (const text of shows) expect(container.textContent).toContain(text);
    for (const text of hides) expect(container.textContent).not.toContain(text);
    unmount();
  });

  it('offers 重试 on a failure when the page can retry', async () => {
    const retried: number[] = [];
    const { container, unmount } = render(<Pending loading={false} error={unauthenticated} onRetry={() => retried.push(1)} />, {});
    await act(async () => {
      (container.querySelector('.nut-button') as HTMLElement).click();
    });
    expect(retried).toHaveLength(1);
    unmount();
  });

  describe('waitFor: several loads, the first without data decides', () => {
    const ready = (): Load => ({ loading: false, error: null, data: { ok: 1 } });
    const loading = (): Load => ({ loading: true, error: null, data: undefined });
    const failed = (): Load => ({ loading: false, error: unauthenticated, data: undefined });
    const table: [string, () => Load[], string | null][] = [
      ['all in', () => [ready(), ready()], null],
      ['no loads', () => [], null],
      ['a null answer counts as in', () => [{ loading: false, error: null, data: null }], null],
      ['on the way to sign-in, before anything else', () => [{ ...failed(), signedIn: false }, failed()], '正在前往登录'],
      ['the profile in, the list loading', () => [{ ...ready(), signedIn: true }, loading()], '加载中'],
      ['the profile in, the list failed', () => [{ ...ready(), signedIn: true }, failed()], '加载失败'],
      ['the first still loading, the second failed', () => [loading(), failed()], '加载中'],
      ['refreshing after a failure, data kept', () => [{ loading: true, error: unauthenticated, data: [] }], null],
      ['a switched-off load is passed over', () => [{ loading: false, error: null, data: undefined, enabled: false }, loading()], '加载中'],
      ['only switched-off loads', () => [{ loading: false, error: null, data: undefined, enabled: false }], null],
    ];
    it.each(table)('%s', (_name, loads, shows) => {
      const el = waitFor(...loads());
      if (shows === null) {
        expect(el).toBeNull();
        return;
      }
      const { container, unmount } = render(el!, {});
      expect(container.textContent).toContain(shows);
      unmount();
    });

    it('重试 reloads the load that failed', async () => {
      const retried: string[] = [];
      const el = waitFor(ready(), { ...failed(), refresh: async () => void retried.push('list') });
      const { container, unmount } = render(el!, {});
      await act(async () => {
        (container.querySelector('.nut-button') as HTMLElement).click();
      });
      expect(retried).toEqual(['list']);
      unmount();
    });
  });
});
