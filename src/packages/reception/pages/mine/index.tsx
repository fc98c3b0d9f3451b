/** 我的接待与建议 (parent): my bookings and my cases (outcomes to read and rate), and 提意见建议. */
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import { waitFor } from '@/components/Pending';
import { usePageData } from '@/hooks/usePageData';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { openPage } from '@/navigation/pages';
import { bookingStatusText, dateText, reception } from '@/services/reception';
import CaseCard from '../../components/CaseCard';
import '../../reception.scss';

export default function MinePage() {
  const page = usePageData(async () => {
    const [b, c] = await Promise.all([reception.myBookings(), reception.myCases()]);
    return { bookings: b.items, cases: c.items };
  }, []);
  useRefreshOnShow(page);
  usePullToRefresh(page.refresh);

  const wait = waitFor(page);
  if (wait || !page.data) return wait;
  const { bookings, cases } = page.data;
  const upcoming = bookings.filter((b) => b.status === 'booked' || b.status === 'closed_by_school');
  return (
    <View className="ps-page">
      <Text className="ps-section-title">我的预约</Text>
      {upcoming.length === 0 ? (
        <EmptyState title="暂无预约" description="可在家长接待日预约与校长、老师面对面沟通" action={<Button size="small" type="primary" onClick={() => openPage('reception.days')}>去预约</Button>} />
      ) : (
        upcoming.map((b) => (
          <View key={b.bookingId} className="rc-card" data-testid="booking-card" onClick={() => openPage('reception.day', { id: b.dayId })}>
            <Text className="rc-title">{b.dayTitle}</Text>
            <Text className="rc-meta">{b.date ? dateText(b.date) : ''} {b.start} · {b.receptionistName}</Text>
            <Text className="rc-meta">{b.childName} · {b.topic} · {bookingStatusText(b.status)}</Text>
          </View>
        ))
      )}
      <Text className="ps-section-title">我的事项（处理结果与评价）</Text>
      {cases.length === 0 ? <EmptyState title="暂无事项" description="接待后的处理结果、您提交的意见建议会显示在这里" /> : cases.map((c) => <CaseCard key={c.caseId} c={c} />)}
      <View className="rc-actions">
        <Button block type="primary" fill="outline" onClick={() => openPage('reception.suggest')}>提意见建议</Button>
      </View>
    </View>
  );
}
