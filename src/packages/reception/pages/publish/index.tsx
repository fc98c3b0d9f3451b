/**
 * 发布接待日 (school leaders, or a 年级主任 for their grade): a date or a rule (每周 / 每月第N个),
 * holidays to skip, a time range cut into slots, places per slot, the receptionists from staff,
 * in person (room) or by phone / video, booking and cancel deadlines.
 */
import { useState } from 'react';
import { View, Text, Input, Picker } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { MODES, MODE_LABELS, type ReceptionMode } from '@shared/reception/reception.schema';
import { formatDate } from '@shared/common/time';
import EmptyState from '@/components/EmptyState';
import Chips from '@/components/Chips';
import FailureAlert from '@/components/FailureAlert';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { leaderMembership, reception } from '@/services/reception';
import '../../reception.scss';

type RuleKind = 'dates' | 'weekly' | 'monthly';
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const NTH: { value: string; label: string }[] = [
  { value: '1', label: '第一个' },
  { value: '2', label: '第二个' },
  { value: '3', label: '第三个' },
  { value: '4', label: '第四个' },
  { value: '-1', label: '最后一个' },
];

export default function PublishPage() {
  const profile = useProfile();
  const wanted = useRouter().params.schoolId;
  const m = leaderMembership(profile.data?.memberships, wanted);
  const schoolId = m?.schoolId ?? '';
  const staff = useAsync(() => reception.staffOptions(schoolId), [schoolId], { enabled: !!schoolId });
  const in3 = formatDate(new Date(Date.now() + 3 * 86400_000));
  const [f, setF] = useState({
    title: '家长接待日',
    kind: 'dates' as RuleKind,
    date: in3,
    weekday: '3',
    nth: '1',
    from: formatDate(new Date()),
    until: formatDate(new Date(Date.now() + 60 * 86400_000)),
    holidays: '',
    start: '15:30',
    end: '17:00',
    minutes: '30',
    places: '1',
    mode: 'in_person' as ReceptionMode,
    room: '',
    receptionists: [] as string[],
    bookingCloses: '2',
    cancelCloses: '12',
  });
  const action = useAction();
  const set = (p: Partial<typeof f>) => setF((x) => ({ ...x, ...p }));

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!m) return <EmptyState title="只有校长、分管副校长或学校管理员可以发布接待日" description="如您是学校领导，请联系学校管理员设置您的职务" />;
  const waitStaff = waitFor(staff);
  if (waitStaff || !staff.data) return waitStaff;
  const options = staff.data.items.filter((s) => s.receptionist);

  const submit = async () => {
    const rule =
      f.kind === 'dates'
        ? { kind: 'dates' as const, dates: [f.date] }
        : f.kind === 'weekly'
          ? { kind: 'weekly' as const, weekday: Number(f.weekday), from: f.from, until: f.until }
          : { kind: 'monthly' as const, nth: Number(f.nth) as 1 | 2 | 3 | 4 | -1, weekday: Number(f.weekday), from: f.from, until: f.until };
    const holidays = f.holidays.split(/[,，、\s]+/).filter((s) => /^\d{4}-\d{2}-\d{2}$/.test(s));
    if (f.receptionists.length === 0) return action.setFailure('请至少选择一位接待人');
    await action.run(async () => {
      const r = await reception.publishDays({
        schoolId,
        title: f.title.trim(),
        rule,
        holidays,
        startTime: f.start,
        endTime: f.end,
        slotMinutes: Number(f.minutes),
        placesPerSlot: Number(f.places),
        mode: f.mode,
        room: f.room.trim(),
        receptionistStaffIds: f.receptionists,
        bookingClosesHours: Number(f.bookingCloses),
        cancelClosesHours: Number(f.cancelCloses),
      });
      await Taro.showModal({ title: '已发布', content: `共发布${r.dayIds.length}个接待日、${r.slots}个时段，家长现在可以预约。`, showCancel: false });
      void Taro.navigateBack();
    });
  };

  const datePicker = (value: string, onChange: (v: string) => void, testId: string) => (
    <Picker mode="date" value={value} onChange={(e) => onChange(String(e.detail.value))}>
      <View className="rc-input" data-testid={testId}>{value}</View>
    </Picker>
  );

  return (
    <View className="ps-page">
      <Text className="rc-label">名称</Text>
      <View className="rc-field">
        <Input className="rc-input" value={f.title} maxlength={40} onInput={(e) => set({ title: e.detail.value })} data-testid="title" />
      </View>
      <Text className="rc-label">日期</Text>
      <Chips wrap testId="rule-kind" options={[{ value: 'dates', label: '指定日期' }, { value: 'weekly', label: '每周' }, { value: 'monthly', label: '每月' }]} value={[f.kind]} onChange={(v) => set({ kind: (v[0] as RuleKind) ?? 'dates' })} />
      {f.kind === 'dates' ? (
        <View className="rc-field">{datePicker(f.date, (date) => set({ date }), 'date')}</View>
      ) : (
        <>
          {f.kind === 'monthly' ? <Chips wrap options={NTH} value={[f.nth]} onChange={(v) => set({ nth: v[0] ?? '1' })} /> : null}
          <Chips wrap testId="weekday" options={WEEKDAYS.map((w, i) => ({ value: String(i + 1), label: w }))} value={[f.weekday]} onChange={(v) => set({ weekday: v[0] ?? '3' })} />
          <Text className="rc-label">起止日期</Text>
          <View className="rc-field">{datePicker(f.from, (from) => set({ from }), 'from')}</View>
          <View className="rc-field">{datePicker(f.until, (until) => set({ until }), 'until')}</View>
          <Text className="rc-label">跳过的节假日（如 2026-12-31，多个用逗号分开）</Text>
          <View className="rc-field">
            <Input className="rc-input" value={f.holidays} placeholder="选填" onInput={(e) => set({ holidays: e.detail.value })} />
          </View>
        </>
      )}
      <Text className="rc-label">时间（每段分钟数 · 每段名额）</Text>
      <View className="rc-field rc-row">
        <Picker mode="time" value={f.start} onChange={(e) => set({ start: String(e.detail.value) })}>
          <View className="rc-input" data-testid="start">{f.start}</View>
        </Picker>
        <Text className="rc-unit">　至　</Text>
        <Picker mode="time" value={f.end} onChange={(e) => set({ end: String(e.detail.value) })}>
          <View className="rc-input" data-testid="end">{f.end}</View>
        </Picker>
      </View>
      <View className="rc-field rc-row">
        <Input className="rc-input" type="number" value={f.minutes} onInput={(e) => set({ minutes: e.detail.value })} data-testid="minutes" />
        <Text className="rc-unit">　分钟/段　</Text>
        <Input className="rc-input" type="number" value={f.places} onInput={(e) => set({ places: e.detail.value })} data-testid="places" />
        <Text className="rc-unit">　个名额</Text>
      </View>
      <Text className="rc-label">接待方式</Text>
      <Chips wrap testId="mode" options={MODES.map((x) => ({ value: x, label: MODE_LABELS[x] }))} value={[f.mode]} onChange={(v) => set({ mode: (v[0] as ReceptionMode) ?? 'in_person' })} />
      {f.mode === 'in_person' ? (
        <View className="rc-field">
          <Input className="rc-input" value={f.room} maxlength={40} placeholder="接待地点，如：行政楼二楼接待室" onInput={(e) => set({ room: e.detail.value })} data-testid="room" />
        </View>
      ) : null}
      <Text className="rc-label">接待人（可多选）</Text>
      <Chips wrap testId="receptionists" invalid={action.invalid('receptionistStaffIds')} multiple options={options.map((s) => ({ value: s.staffId, label: `${s.name}（${s.title}）` }))} value={f.receptionists} onChange={(v) => set({ receptionists: v })} />
      <Text className="rc-label">截止时间（开始前多少小时）</Text>
      <View className="rc-field rc-row">
        <Text className="rc-unit">预约　</Text>
        <Input className="rc-input" type="number" value={f.bookingCloses} onInput={(e) => set({ bookingCloses: e.detail.value })} />
        <Text className="rc-unit">　取消　</Text>
        <Input className="rc-input" type="number" value={f.cancelCloses} onInput={(e) => set({ cancelCloses: e.detail.value })} />
      </View>
      <View className="rc-actions">
        <FailureAlert failure={action.failure} />
        <Button block type="primary" loading={action.busy} disabled={action.busy} onClick={() => void submit()} data-testid="publish">发布</Button>
      </View>
    </View>
  );
}
