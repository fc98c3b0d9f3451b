/**
 * 切换孩子 where the parent is: a sheet of the children, the switch, the page's own refresh — the
 * parent stays on the page they were on (no detour through 我的).
 *   const switchChild = useSwitchChild(refresh);
 *   <Text onClick={() => void switchChild.choose(profile)}>切换孩子</Text>
 * `switching` is the child being switched to (null when none).
 */
import { useCallback } from 'react';
import Taro from '@tarojs/taro';
import { school, type Profile } from '@/services/school';
import { useAction } from './useAction';

export function useSwitchChild(refresh: () => Promise<unknown>) {
  const action = useAction({ toast: true });
  const { runFor } = action;
  const to = useCallback(
    (childId: string) =>
      runFor(childId, async () => {
        await school.switchChild(childId);
        await refresh();
        void Taro.showToast({ title: '已切换', icon: 'success' });
      }),
    [runFor, refresh],
  );
  const choose = useCallback(
    async (profile: Profile) => {
      const others = profile.children.filter((c) => c.childId !== profile.currentChildId).slice(0, 6);
      if (!others.length) return;
      if (others.length === 1) return to(others[0].childId);
      try {
        const r = await Taro.showActionSheet({ itemList: others.map((c) => `${c.childName}（${c.className}）`) });
        await to(others[r.tapIndex].childId);
      } catch {
        // the sheet was closed
      }
    },
    [to],
  );
  return { busy: action.busy, switching: action.key, to, choose };
}
