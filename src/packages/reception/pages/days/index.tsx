/** 家长接待日 (parent): the coming reception days for the current child, with places left. */
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { dateText, modeText, reception } from '@/services/reception';
import '../../reception.scss';

export default function DaysPage() {
  const profile = useProfile();
  const child = currentChild(profile.data);
  const { loading, error, data, refresh } = useAsync(() => reception.listDays({ childId: child!.childId }), [child?.childId], { enabled: !!child });
  useDidShow(() => void (data && refresh()));
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));

  if (!profile.signedIn || (profile.loading && !profile.data)) return <Loading />;
  if (!child) return <EmptyState title="还没有绑定孩子" description="绑定孩子后可预约孩子学校的家长接待日" />;
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={refresh} />;
  const items = data?.items ?? [];
  return (
    <View className="ps-page">
      <View className="rc-card">
        <Text className="rc-meta">{child.schoolName} · {child.childName}</Text>
        <Text className="rc-meta">校长、老师在接待日与家长面对面（或电话、视频）沟通。每个接待日每个家庭可预约一次。</Text>
      </View>
      {items.length === 0 ? (
        <EmptyState title="近期没有家长接待日" description="学校发布后会显示在这里；有意见建议可随时提交" action={<Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: '/packages/reception/pages/suggest/index' })}>提意见建议</Button>} />
      ) : (
        items.map((d) => (
          <View key={d.dayId} className="rc-card" data-testid="reception-day" onClick={() => void Taro.navigateTo({ url: `/packages/reception/pages/day/index?id=${d.dayId}` })}>
            <Text className="rc-title">{d.title}</Text>
            <Text className="rc-meta">{dateText(d.date)} {d.startTime}-{d.endTime} · {modeText(d.mode, d.room)}</Text>
            <Text className="rc-meta">接待人：{d.receptionists.map((r) => `${r.name}（${r.title}）`).join('、')}</Text>
            <View className="rc-row">
              {d.placesLeft > 0 ? <Text className="rc-tag">剩余{d.placesLeft}个名额</Text> : <Text className="rc-tag rc-tag--warn">已约满</Text>}
              <Text className="rc-link">去预约 ›</Text>
            </View>
          </View>
        ))
      )}
      <View className="rc-actions">
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/reception/pages/mine/index' })}>我的预约与建议</Button>
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/reception/pages/open-days/index' })} data-testid="go-open-days">开放日活动报名</Button>
      </View>
    </View>
  );
}
