/** 接待名单 (receptionist / leader): the day's bookings with topics; arrive / no-show; record the outcome. */
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { errorMessage } from '@/services/cloud';
import { bookingStatusText, dateText, reception } from '@/services/reception';
import '../../reception.scss';

export default function DayListPage() {
  const dayId = useRouter().params.id ?? '';
  const profile = useProfile();
  const ready = profile.signedIn && !!profile.data && !!dayId;
  const { loading, error, data, refresh } = useAsync(async () => {
    const [day, list] = await Promise.all([reception.dayDetail(dayId), reception.dayList(dayId)]);
    return { day, list: list.items };
  }, [dayId], { enabled: ready });
  useDidShow(() => void (data && refresh()));
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  if (!dayId) return <ErrorState error={null} title="缺少接待日编号" />;
  if (!ready || (loading && !data)) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={refresh} />;
  if (!data) return <Loading />;
  const mark = async (bookingId: string, status: 'arrived' | 'no_show') => {
    try {
      await reception.markAttendance(bookingId, status);
      void Taro.showToast({ title: status === 'arrived' ? '已登记到场' : '已登记未到', icon: 'success' });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 3000 });
    }
    void refresh();
  };
  const open = (b: (typeof data.list)[number]) => {
    const q = b.caseId ? `id=${b.caseId}` : `id=${b.bookingId}&booking=1&schoolId=${data.day.schoolId}&title=${encodeURIComponent(`${b.start} ${b.childName}家长 · ${b.topic}`)}&desc=${encodeURIComponent(b.description)}`;
    void Taro.navigateTo({ url: `/packages/reception/pages/case/index?${q}` });
  };
  return (
    <View className="ps-page">
      <View className="rc-card">
        <Text className="rc-title">{data.day.title}</Text>
        <Text className="rc-meta">{dateText(data.day.date)} {data.day.startTime}-{data.day.endTime} · 共{data.list.length}位家长</Text>
      </View>
      {data.list.length === 0 ? <EmptyState title="还没有家长预约" /> : null}
      {data.list.map((b) => (
        <View key={b.bookingId} className="rc-card" data-testid="day-booking">
          <View>
            <Text className="rc-tag">{b.start}</Text>
            <Text className="rc-tag">{b.topic}</Text>
            <Text className="rc-tag">{b.caseStatus ? '已记录结果' : bookingStatusText(b.status)}</Text>
          </View>
          <Text className="rc-meta">{b.childName}家长 · {b.className} · {b.receptionistName}</Text>
          <Text className="rc-meta">{b.description}</Text>
          <View className="rc-row">
            {b.status === 'booked' ? (
              <View>
                <Button size="small" fill="outline" onClick={() => void mark(b.bookingId, 'arrived')}>到场</Button>
                <Text>　</Text>
                <Button size="small" fill="outline" onClick={() => void mark(b.bookingId, 'no_show')}>未到</Button>
              </View>
            ) : (
              <View />
            )}
            {b.status !== 'no_show' ? (
              <Button size="small" type="primary" onClick={() => open(b)} data-testid="record-outcome">{b.caseId ? '查看结果' : '记录处理结果'}</Button>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}
