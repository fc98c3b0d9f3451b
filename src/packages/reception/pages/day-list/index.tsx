/** 接待名单 (receptionist / leader): the day's bookings with topics; arrive / no-show; record the outcome. */
import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { errorMessage } from '@/services/cloud';
import { bookingStatusText, dateText, isLeaderIn, reception } from '@/services/reception';
import Chips from '@/components/Chips';
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
  const [reason, setReason] = useState('');
  const [absent, setAbsent] = useState('');
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
  const leader = !!profile.data?.memberships.some((x) => x.schoolId === data.day.schoolId && isLeaderIn(x));
  const change = async (what: 'absence' | 'cancel') => {
    if (reason.trim().length < 2) return void Taro.showToast({ title: '请填写原因，会告知已预约的家长', icon: 'none' });
    if (what === 'absence' && !absent) return void Taro.showToast({ title: '请选择请假的接待人', icon: 'none' });
    try {
      const r = what === 'absence' ? await reception.setAbsence({ dayId, staffId: absent, reason: reason.trim() }) : await reception.cancelDay(dayId, reason.trim());
      void Taro.showToast({ title: `已调整，已通知${r.told}位家长`, icon: 'none', duration: 2500 });
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 3000 });
    }
    void refresh();
  };
  return (
    <View className="ps-page">
      <View className="rc-card">
        <Text className="rc-title">{data.day.title}{data.day.status === 'cancelled' ? '（已取消）' : ''}</Text>
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
      {leader && data.day.status === 'published' ? (
        <View>
          <Text className="ps-section-title">调整接待日（会通知已预约的家长）</Text>
          <Chips wrap options={data.day.receptionists.map((r) => ({ value: r.staffId, label: `${r.name}（${r.title}）` }))} value={absent ? [absent] : []} onChange={(v) => setAbsent(v[0] ?? '')} />
          <View className="rc-field">
            <Input className="rc-input" value={reason} maxlength={60} placeholder="原因，如：接待人外出参加教研活动" onInput={(e) => setReason(e.detail.value)} />
          </View>
          <View className="rc-actions">
            <Button block fill="outline" onClick={() => void change('absence')}>所选接待人请假（关闭其时段）</Button>
            <Button block type="danger" fill="outline" onClick={() => void change('cancel')}>取消整个接待日</Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}
