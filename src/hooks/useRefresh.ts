/**
 * The two ways a page reloads its server state:
 *   usePullToRefresh(refresh)   pull-down refresh (enablePullDownRefresh in the page config); the
 *                               spinner stops when the reload settles, failed or not
 *   useRefreshOnShow(state)     coming back to the page (useDidShow) reloads what it already shows;
 *                               the first load is the hook's own
 */
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';

export function usePullToRefresh(reload: () => Promise<unknown>): void {
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
}

export function useRefreshOnShow(state: { data: unknown; refresh(): Promise<unknown> }): void {
  useDidShow(() => {
    if (state.data) void state.refresh();
  });
}
