/** 活动报名名单 (staff): the families signed up for one activity; 签到 at the desk; their feedback. */
import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { usePageData } from '@/hooks/usePageData';
import { usePullToRefresh } from '@/hooks/useRefresh';
import { openPage } from '@/navigation/pages';
import { openDays } from '@/services/reception';
import '../../reception.scss';

export default function OpenSignupsPage() {
  const params = useRouter().params;
  const id = params.id ?? '';
  const page = usePageData(() => openDays.signups(id), [id], { enabled: !!id });
  usePullToRefresh(page.refresh);
  const action = useAction({ toast: true });
  if (!id) return <ErrorState error={null} title="缺少活动编号" />;
  const wait = waitFor(page);
  if (wait || !page.data) return wait;
  const items = page.data.items;
  const mark = async (signupId: string, status: 'attended' | 'signed') => {
    await action.runFor(signupId, () => openDays.mark(signupId, status));
    void page.refresh();
  };
  return (
    <View className="ps-page">
      <View className="rc-card">
        <Text className="rc-title">{decodeURIComponent(params.title ?? '')}</Text>
        <Text className="rc-meta">共{items.length}个家庭 · 已签到{items.filter((s) => s.status === 'attended').length}</Text>
        <Text className="rc-meta">家长到场后扫描签到二维码自助签到；未带手机的家长可在下方点“签到”，误签可点“已签到”撤销（学时随之撤销）。</Text>
        <View className="rc-row">
          <Button size="small" type="primary" onClick={() => openPage('reception.openCheckin', { activityId: id })} data-testid="open-show-qr">
            签到二维码
          </Button>
        </View>
      </View>
      {items.length === 0 ? <EmptyState title="还没有家庭报名" /> : null}
      {items.map((s) => (
        <View key={s.signupId} className="rc-card rc-row">
          <View>
            <Text className="rc-title">{s.childName}家长</Text>
            <Text className="rc-meta">{s.className}{s.feedback ? ` · 反馈 ${s.feedback.rating}分 ${s.feedback.text}` : ''}</Text>
          </View>
          {s.status === 'attended' ? (
            <Button size="small" fill="outline" loading={action.key === s.signupId} disabled={action.busy} onClick={() => void mark(s.signupId, 'signed')}>已签到</Button>
          ) : (
            <Button size="small" type="primary" loading={action.key === s.signupId} disabled={action.busy} onClick={() => void mark(s.signupId, 'attended')}>签到</Button>
          )}
        </View>
      ))}
    </View>
  );
}
