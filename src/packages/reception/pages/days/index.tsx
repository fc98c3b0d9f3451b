/** 家长接待日 (parent): the coming reception days for the current child, with places left. */
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import Tag from '@/components/Tag';
import { waitFor } from '@/components/Pending';
import { useAsync } from '@/hooks/useAsync';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { openPage } from '@/navigation/pages';
import { dateText, modeText, reception } from '@/services/reception';
import '../../reception.scss';

export default function DaysPage() {
  const profile = useProfile();
  const child = currentChild(profile.data);
  const days = useAsync(() => reception.listDays({ childId: child!.childId }), [child?.childId], { enabled: !!child });
  useRefreshOnShow(days);
  usePullToRefresh(days.refresh);

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!child) return <EmptyState title="还没有绑定孩子" description="绑定孩子后可预约孩子学校的家长接待日" action={<Button size="small" type="primary" onClick={() => openPage('school.bindChild')}>绑定孩子</Button>} />;
  const waitDays = waitFor(days);
  if (waitDays || !days.data) return waitDays;
  const items = days.data.items;
  return (
    <View className="ps-page">
      <View className="rc-card">
        <Text className="rc-meta">{child.schoolName} · {child.childName}</Text>
        <Text className="rc-meta">校长、老师在接待日与家长面对面（或电话、视频）沟通。每个接待日每个家庭可预约一次。</Text>
      </View>
      {items.length === 0 ? (
        <EmptyState title="近期没有家长接待日" description="学校发布后会显示在这里；有意见建议可随时提交" action={<Button size="small" type="primary" onClick={() => openPage('reception.suggest')}>提意见建议</Button>} />
      ) : (
        items.map((d) => (
          <View key={d.dayId} className="rc-card" data-testid="reception-day" onClick={() => openPage('reception.day', { id: d.dayId })}>
            <Text className="rc-title">{d.title}</Text>
            <Text className="rc-meta">{dateText(d.date)} {d.startTime}-{d.endTime} · {modeText(d.mode, d.room)}</Text>
            <Text className="rc-meta">接待人：{d.receptionists.map((r) => `${r.name}（${r.title}）`).join('、')}</Text>
            <View className="rc-row">
              {d.placesLeft > 0 ? <Tag tone="green">剩余{d.placesLeft}个名额</Tag> : <Tag tone="orange">已约满</Tag>}
              <Text className="rc-link">去预约 ›</Text>
            </View>
          </View>
        ))
      )}
      <View className="rc-actions">
        <Button block fill="outline" onClick={() => openPage('reception.mine')}>我的预约与建议</Button>
        <Button block fill="outline" onClick={() => openPage('reception.openDays')} data-testid="go-open-days">开放日活动报名</Button>
      </View>
    </View>
  );
}
