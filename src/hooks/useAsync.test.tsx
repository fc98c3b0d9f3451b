/**
 * useCloud / useAsync with the shared states, against the real local cloud of the ui project:
 * loading → error (Chinese message + 重试) → retry after signing in → data.
 */
import { View, Text } from '@tarojs/components';
import { act, render } from '@tarojs/test-utils-react/dist/pure';
import { useCloud } from '@/hooks/useAsync';
import Loading from '@/components/Loading';
import ErrorState from '@/components/ErrorState';
import EmptyState from '@/components/EmptyState';
import { signIn, signOut } from '@/services/session';
import { ERROR_MESSAGES } from '@shared/common/errors';
import { waitFor } from '../../test/ui/wait-for';

function WhoAmI() {
  const { loading, error, data, refresh } = useCloud('echo', 'whoami', {});
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={refresh} />;
  if (!data) return <EmptyState title="没有数据" />;
  return (
    <View className="who">
      <Text>{data.openid}</Text>
    </View>
  );
}

describe('useCloud with Loading / ErrorState', () => {
  beforeEach(() => signOut());

  it('shows loading, then the Chinese error with 重试, then the data after retrying', async () => {
    const { container, unmount } = render(<WhoAmI />, {});
    expect(container.textContent).toContain('加载中');
    await waitFor(() => expect(container.textContent).toContain(ERROR_MESSAGES.UNAUTHENTICATED));
    expect(container.textContent).toContain('加载失败');

    await signIn({ openid: 'ui-parent-001' });
    await act(async () => {
      (container.querySelector('.nut-button') as HTMLElement).click();
    });
    await waitFor(() => expect(container.querySelector('.who')?.textContent).toBe('ui-parent-001'));
    unmount();
  });

  it('shows the request id of a failed call', async () => {
    await signIn({ openid: 'ui-parent-001' });
    function Bad() {
      const { error } = useCloud('echo', 'whoami', { delayMs: -1 });
      return error ? <ErrorState error={error} /> : <Loading />;
    }
    const { container, unmount } = render(<Bad />, {});
    // The field's own sentence (failureText), not the generic one.
    await waitFor(() => expect(container.textContent).toMatch(/不能小于 0/));
    expect(container.textContent).toMatch(/请求编号：\S+/);
    unmount();
  });
});
