/** 家长接待 (staff): the school's reception days (open a day's list) and the cases assigned to me. */
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { dateText, isLeaderIn, isStaffIn, modeText, reception } from '@/services/reception';
import CaseCard from '../../components/CaseCard';
import { openPage } from '@/navigation/pages';
import '../../reception.scss';

export default function StaffPage() {
  const profile = useProfile();
  const m = profile.data?.memberships.find(isStaffIn);
  const schoolId = m?.schoolId ?? '';
  const { loading, error, data, refresh } = useAsync(async () => {
    const [days, mine] = await Promise.all([reception.listDays({ schoolId }), reception.assignedCases(schoolId)]);
    return { days: days.items, mine: mine.items };
  }, [schoolId], { enabled: !!schoolId });
  useDidShow(() => void (data && refresh()));
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  if (!profile.signedIn || (profile.loading && !profile.data)) return <Loading />;
  if (!m) return <ErrorState error={null} title="只有本校教职工可以查看" />;
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={refresh} />;
  const leader = isLeaderIn(m);
  const today = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
  const days = (data?.days ?? []).filter((d) => d.date >= today);
  return (
    <View className="ps-page">
      {leader ? (
        <View className="rc-actions">
          <Button block type="primary" onClick={() => void Taro.navigateTo({ url: `/packages/reception/pages/publish/index?schoolId=${schoolId}` })} data-testid="go-publish">发布接待日</Button>
          <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: `/packages/reception/pages/cases/index?schoolId=${schoolId}` })}>全校接待与建议办理</Button>
        </View>
      ) : null}
      <View className="rc-actions">
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: '/packages/reception/pages/open-days/index' })} data-testid="go-open-days">开放日 / 开放周</Button>
        {m.roles.includes('admin') ? (
          <Button block fill="outline" onClick={() => openPage('reception.settings')} data-testid="go-reception-settings">
            接待与开放日设置（答复期限、截止时间、学时）
          </Button>
        ) : null}
      </View>
      <Text className="ps-section-title">接待日</Text>
      {days.length === 0 ? <EmptyState title="近期没有接待日" description={leader ? '点击上方“发布接待日”' : '学校发布后会显示在这里'} /> : null}
      {days.map((d) => (
        <View key={d.dayId} className="rc-card" data-testid="staff-day" onClick={() => void Taro.navigateTo({ url: `/packages/reception/pages/day-list/index?id=${d.dayId}` })}>
          <Text className="rc-title">{d.title}{d.status === 'cancelled' ? '（已取消）' : ''}</Text>
          <Text className="rc-meta">{dateText(d.date)} {d.startTime}-{d.endTime} · {modeText(d.mode, d.room)}</Text>
          <Text className="rc-meta">接待人：{d.receptionists.map((r) => r.name).join('、')} · 剩余{d.placesLeft}个名额</Text>
        </View>
      ))}
      <Text className="ps-section-title">我要处理的事项</Text>
      {(data?.mine ?? []).length === 0 ? <EmptyState title="暂无待处理事项" description="转给您的跟进、意见建议会显示在这里" /> : data!.mine.map((c) => <CaseCard key={c.caseId} c={c} showFamily />)}
    </View>
  );
}
