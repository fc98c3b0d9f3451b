/** 家长接待 (staff): the school's reception days (open a day's list) and the cases assigned to me. */
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import { waitFor } from '@/components/Pending';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { openPage } from '@/navigation/pages';
import { dateText, isLeaderIn, isStaffIn, modeText, reception } from '@/services/reception';
import CaseCard from '../../components/CaseCard';
import '../../reception.scss';

export default function StaffPage() {
  const profile = useProfile();
  const m = profile.data?.memberships.find(isStaffIn);
  const schoolId = m?.schoolId ?? '';
  const work = useAsync(async () => {
    const [days, mine] = await Promise.all([reception.listDays({ schoolId }), reception.assignedCases(schoolId)]);
    return { days: days.items, mine: mine.items };
  }, [schoolId], { enabled: !!schoolId });
  useRefreshOnShow(work);
  usePullToRefresh(work.refresh);
  const wait = waitFor(profile);
  if (wait) return wait;
  if (!m) return <EmptyState title="只有本校教职工可以查看" description="如您是老师，请先在“我的”中加入学校" action={<Button size="small" type="primary" onClick={() => openPage('school.joinStaff')}>我是老师</Button>} />;
  const waitWork = waitFor(work);
  if (waitWork || !work.data) return waitWork;
  const leader = isLeaderIn(m);
  const today = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
  const days = work.data.days.filter((d) => d.date >= today);
  return (
    <View className="ps-page">
      {leader ? (
        <View className="rc-actions">
          <Button block type="primary" onClick={() => openPage('reception.publish', { schoolId })} data-testid="go-publish">发布接待日</Button>
          <Button block fill="outline" onClick={() => openPage('reception.cases', { schoolId })}>全校接待与建议办理</Button>
        </View>
      ) : null}
      <View className="rc-actions">
        <Button block fill="outline" onClick={() => openPage('reception.openDays')} data-testid="go-open-days">开放日 / 开放周</Button>
        {m.roles.includes('admin') ? (
          <Button block fill="outline" onClick={() => openPage('reception.settings')} data-testid="go-reception-settings">
            接待与开放日设置（答复期限、截止时间、学时）
          </Button>
        ) : null}
      </View>
      <Text className="ps-section-title">接待日</Text>
      {days.length === 0 ? <EmptyState title="近期没有接待日" description={leader ? '点击上方“发布接待日”' : '学校发布后会显示在这里'} /> : null}
      {days.map((d) => (
        <View key={d.dayId} className="rc-card" data-testid="staff-day" onClick={() => openPage('reception.dayList', { id: d.dayId })}>
          <Text className="rc-title">{d.title}{d.status === 'cancelled' ? '（已取消）' : ''}</Text>
          <Text className="rc-meta">{dateText(d.date)} {d.startTime}-{d.endTime} · {modeText(d.mode, d.room)}</Text>
          <Text className="rc-meta">接待人：{d.receptionists.map((r) => r.name).join('、')} · 剩余{d.placesLeft}个名额</Text>
        </View>
      ))}
      <Text className="ps-section-title">我要处理的事项</Text>
      {work.data.mine.length === 0 ? <EmptyState title="暂无待处理事项" description="转给您的跟进、意见建议会显示在这里" /> : work.data.mine.map((c) => <CaseCard key={c.caseId} c={c} showFamily />)}
    </View>
  );
}
