/**
 * 预约接待 (parent): pick a receptionist (or 任意), a free time, a topic and a short description.
 * Slot availability comes from the same rule the server enforces (slotBookable → `bookable`).
 */
import { useMemo, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { TOPICS, type Topic } from '@shared/reception/reception.schema';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Chips from '@/components/Chips';
import FailureAlert from '@/components/FailureAlert';
import Field from '@/components/Field';
import Tag from '@/components/Tag';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { useAsync } from '@/hooks/useAsync';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { openPage } from '@/navigation/pages';
import { askReceptionNotices, bookingStatusText, dateText, modeText, reception } from '@/services/reception';
import '../../reception.scss';

export default function DayPage() {
  const dayId = useRouter().params.id ?? '';
  const profile = useProfile();
  const child = currentChild(profile.data);
  const day = useAsync(() => reception.dayDetail(dayId, child!.childId), [dayId, child?.childId], { enabled: !!child && !!dayId });
  const { data, refresh } = day;
  const [staff, setStaff] = useState<string>('any');
  const [time, setTime] = useState<string>('');
  const [topic, setTopic] = useState<Topic | ''>('');
  const [text, setText] = useState('');
  const action = useAction();
  useRefreshOnShow(day);
  usePullToRefresh(refresh);

  const times = useMemo(() => {
    if (!data) return [];
    const byStart = new Map<string, { start: string; end: string; free: boolean }>();
    for (const s of data.slots) {
      if (staff !== 'any' && s.staffId !== staff) continue;
      const cur = byStart.get(s.start);
      byStart.set(s.start, { start: s.start, end: s.end, free: (cur?.free ?? false) || s.bookable });
    }
    return [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
  }, [data, staff]);

  if (!dayId) return <ErrorState error={null} title="缺少接待日编号" />;
  const wait = waitFor(profile);
  if (wait) return wait;
  if (!child) return <EmptyState title="请先绑定孩子" description="绑定孩子后可预约孩子学校的家长接待日" action={<Button size="small" type="primary" onClick={() => openPage('school.bindChild')}>绑定孩子</Button>} />;
  const waitDay = waitFor(day);
  if (waitDay || !data) return waitDay;
  const d = data;
  const mine = d.myBooking && ['booked', 'arrived', 'no_show'].includes(d.myBooking.status) ? d.myBooking : null;
  const chosenFree = times.find((t) => t.start === time)?.free;

  const submit = async () => {
    if (!topic) return action.setFailure('请选择沟通话题');
    if (!time || !chosenFree) return action.setFailure('请选择一个可预约的时段');
    if (text.trim().length < 4) return action.setFailure('请简要说明想沟通的内容（至少4个字）');
    void askReceptionNotices();
    await action.run(async () => {
      const r = await reception.book({ dayId, childId: child.childId, staffId: staff, time, topic, description: text.trim() });
      void Taro.showToast({ title: `已预约 ${r.booking.start}`, icon: 'success' });
    });
    void refresh();
  };
  const cancel = async () => {
    if (!mine) return;
    const ok = await Taro.showModal({ title: '取消预约', content: '确定取消这次预约吗？名额会留给其他家长。' });
    if (!ok.confirm) return;
    await action.run(async () => {
      await reception.cancelBooking(mine.bookingId);
      void Taro.showToast({ title: '已取消', icon: 'success' });
    });
    void refresh();
  };

  return (
    <View className="ps-page">
      <View className="rc-card">
        <Text className="rc-title">{d.title}</Text>
        <Text className="rc-meta">{dateText(d.date)} {d.startTime}-{d.endTime} · 每段{d.slotMinutes}分钟</Text>
        <Text className="rc-meta">{modeText(d.mode, d.room)}</Text>
        <Text className="rc-meta">预约截止：各时段开始前{d.bookingClosesHours}小时；取消截止：开始前{d.cancelClosesHours}小时</Text>
        {d.status === 'cancelled' ? <Tag tone="orange">该接待日已取消</Tag> : null}
      </View>

      {mine ? (
        <View className="rc-card" data-testid="my-booking">
          <Text className="rc-title">您已预约 {mine.start}</Text>
          <Text className="rc-meta">接待人：{mine.receptionistName}</Text>
          <Text className="rc-meta">话题：{mine.topic} · {bookingStatusText(mine.status)}</Text>
          <Text className="rc-meta">说明：{mine.description}</Text>
          {mine.canCancel ? (
            <View className="rc-actions">
              <FailureAlert failure={action.failure} />
              <Button block fill="outline" loading={action.busy} disabled={action.busy} onClick={() => void cancel()}>取消预约</Button>
            </View>
          ) : null}
        </View>
      ) : d.status === 'published' ? (
        <>
          <Text className="rc-label">接待人</Text>
          <Chips wrap testId="receptionist" options={[{ value: 'any', label: '任意' }, ...d.receptionists.map((r) => ({ value: r.staffId, label: `${r.name}（${r.title}）` }))]} value={[staff]} onChange={(v) => { setStaff(v[0] ?? 'any'); setTime(''); }} />
          <Text className="rc-label">时段</Text>
          {times.some((t) => t.free) ? (
            <Chips wrap testId="slot" options={times.map((t) => ({ value: t.start, label: `${t.start}-${t.end}`, disabled: !t.free }))} value={time ? [time] : []} onChange={(v) => setTime(v[0] ?? '')} />
          ) : (
            <Text className="rc-meta" style={{ margin: '0 24px' }}>该接待人的时段已约满，请选择“任意”或其他接待人</Text>
          )}
          <Text className="rc-label">沟通话题</Text>
          <Chips wrap testId="topic" options={TOPICS.map((t) => ({ value: t, label: t }))} value={topic ? [topic] : []} onChange={(v) => setTopic((v[0] as Topic) ?? '')} />
          <View className="rc-field">
            <Field label="想沟通的内容（仅接待人和学校领导可见）" multiline max={300} value={text} placeholder="简要说明想和老师沟通什么，便于老师提前准备" onInput={setText} invalid={action.invalid('description')} testId="description" />
          </View>
          <View className="rc-actions">
            <FailureAlert failure={action.failure} />
            <Button block type="primary" loading={action.busy} disabled={action.busy} onClick={() => void submit()} data-testid="book">确认预约</Button>
          </View>
        </>
      ) : null}
    </View>
  );
}
