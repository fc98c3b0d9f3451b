/**
 * The unread badge on the 首页 tab (Taro.setTabBarBadge) and the count behind it. Kept apart from
 * services/notice.ts so that the main package (首页) loads no notice rules or schemas (zod lives
 * with the subpackages).
 */
import Taro from '@tarojs/taro';
import { call } from './cloud';

/** Index of the 首页 tab, where the unread badge shows. */
const HOME_TAB = 0;

export const unreadCount = () => call('notice', 'unreadCount', {});

/** Shows the unread count on the 首页 tab (removes it at 0). Never throws: a badge is a nicety. */
export function showUnreadBadge(unread: number): void {
  try {
    if (unread > 0) void Taro.setTabBarBadge({ index: HOME_TAB, text: unread > 99 ? '99+' : String(unread) }).catch(() => undefined);
    else void Taro.removeTabBarBadge({ index: HOME_TAB }).catch(() => undefined);
  } catch {
    /* not on a tab page (H5 before the tab bar mounts) */
  }
}

export async function refreshUnreadBadge(): Promise<number> {
  const { unread } = await unreadCount();
  showUnreadBadge(unread);
  return unread;
}
