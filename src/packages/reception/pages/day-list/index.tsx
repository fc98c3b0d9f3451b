/** 接待名单 (receptionist / leader): the day's bookings with topics; arrive / no-show; record the outcome. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Chips from '@/components/Chips';
import FailureAlert from '@/components/FailureAlert';
import Field from '@/components/Field';
import Tag from '@/components/Tag';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { openPage } from '@/navigation/pages';
import { bookingStatusText, dateText, isLeaderIn, reception } from '@/services/reception';
import '../../reception.scss';

type Booking = Awaited<ReturnType<typeof reception.dayList>>['items'][number];

export default function DayListPage() {
  const dayId = useRouter().params.id ?? '';
  const profile = useProfile();
  const day = useAsync(async () => {
    const [detail, list] = await Promise.all([reception.dayDetail(dayId), reception.dayList(dayId)]);
    return { day: detail, list: list.items };
  }, [dayId], { enabled: profile.signedIn && !!profile.data && !!dayId });
  useRefreshOnShow(day);
  usePullToRefresh(day.refresh);
  const [reason, setReason] = useState('');
  const [absent, setAbsent] = useState('');
  const marking = useAction({ toast: true });
  const adjust = useAction();
  if (!dayId) return <ErrorState error={null} title="缺少接待日编号" />;
  const wait = waitFor(profile, day);
  if (wait || !day.data) return wait;
  const data = day.data;

  const mark = async (bookingId: string, status: 'arrived' | 'no_show') => {
    const ok = await marking.runFor(bookingId, () => reception.markAttendance(bookingId, status));
    if (ok) void Taro.showToast({ title: status === 'arrived' ? '已登记到场' : '已登记未到', icon: 'success' });
    void day.refresh();
  };
  const open = (b: Booking) =>
    b.caseId
      ? openPage('reception.case', { id: b.caseId })
      : openPage('reception.case', { id: b.bookingId, booking: '1', schoolId: data.day.schoolId, title: `${b.start} ${b.childName}家长 · ${b.topic}`, desc: b.description });
  const leader = !!profile.data?.memberships.some((x) => x.schoolId === data.day.schoolId && isLeaderIn(x));
  const change = async (what: 'absence' | 'cancel') => {
    if (reason.trim().length < 2) return adjust.setFailure('请填写原因，会告知已预约的家长');
    if (what === 'absence' && !absent) return adjust.setFailure('请选择请假的接待人');
    await adjust.run(async () => {
      const r = what === 'absence' ? await reception.setAbsence({ dayId, staffId: absent, reason: reason.trim() }) : await reception.cancelDay(dayId, reason.trim());
      void Taro.showToast({ title: `已调整，已通知${r.told}位家长`, icon: 'none', duration: 2500 });
    });
    void day.refresh();
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
            <Tag tone="green">{b.start}</Tag>
            <Tag tone="green">{b.topic}</Tag>
            <Tag tone="green">{b.caseStatus ? '已记录结果' : bookingStatusText(b.status)}</Tag>
          </View>
          <Text className="rc-meta">{b.childName}家长 · {b.className} · {b.receptionistName}</Text>
          <Text className="rc-meta">{b.description}</Text>
          <View className="rc-row">
            {b.status === 'booked' ? (
              <View>
                <Button size="small" fill="outline" disabled={marking.busy} loading={marking.key === b.bookingId} onClick={() => void mark(b.bookingId, 'arrived')}>到场</Button>
                <Text>　</Text>
                <Button size="small" fill="outline" disabled={marking.busy} onClick={() => void mark(b.bookingId, 'no_show')}>未到</Button>
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
            <Field label="原因" max={60} value={reason} placeholder="如：接待人外出参加教研活动" onInput={setReason} invalid={adjust.invalid('reason')} />
          </View>
          <View className="rc-actions">
            <FailureAlert failure={adjust.failure} />
            <Button block fill="outline" disabled={adjust.busy} onClick={() => void change('absence')}>所选接待人请假（关闭其时段）</Button>
            <Button block type="danger" fill="outline" disabled={adjust.busy} onClick={() => void change('cancel')}>取消整个接待日</Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}
