/**
 * 切换孩子 where the parent is: a sheet of the children, the switch, the page's own refresh — the
 * parent stays on the page they were on (no detour through 我的).
 *   const switchChild = useSwitchChild(refresh);
 *   <Text onClick={() => void switchChild.choose(profile)}>切换孩子</Text>
 */
import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { failureText } from '@/services/cloud';
import { school, type Profile } from '@/services/school';

export function useSwitchChild(refresh: () => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const to = useCallback(
    async (childId: string) => {
      setBusy(true);
      try {
        await school.switchChild(childId);
        await refresh();
        void Taro.showToast({ title: '已切换', icon: 'success' });
      } catch (e) {
        void Taro.showToast({ title: failureText(e), icon: 'none' });
      } finally {
        setBusy(false);
      }
    },
    [refresh],
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
  return { busy, to, choose };
}
