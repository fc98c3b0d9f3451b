/**
 * 发布开放日 / 开放周 (school leaders): the event and its activities — the five kinds of 开放周 or
 * 其他, each with date, time, place, places and (optionally) the grades it is for.
 */
import { useState } from 'react';
import { View, Text, Input, Picker } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { ACTIVITY_KINDS, type ActivityKind } from '@shared/reception/open-day.schema';
import { formatDate } from '@shared/common/time';
import EmptyState from '@/components/EmptyState';
import Chips from '@/components/Chips';
import FailureAlert from '@/components/FailureAlert';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { school } from '@/services/school';
import { dateText, leaderMembership, openDays } from '@/services/reception';
import '../../reception.scss';

interface Draft {
  kind: ActivityKind;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  places: string;
  gradeIds: string[];
}

export default function OpenPublishPage() {
  const profile = useProfile();
  const wanted = useRouter().params.schoolId;
  const m = leaderMembership(profile.data?.memberships, wanted);
  const schoolId = m?.schoolId ?? '';
  const grades = useAsync(() => school.listGrades(schoolId), [schoolId], { enabled: !!schoolId });
  const [title, setTitle] = useState('校园开放周');
  const [kind, setKind] = useState<'day' | 'week'>('week');
  const blank = (): Draft => ({ kind: '参与课堂听课', title: '', date: formatDate(new Date(Date.now() + 7 * 86400_000)), startTime: '09:00', endTime: '10:00', place: '', places: '20', gradeIds: [] });
  const [draft, setDraft] = useState<Draft>(blank);
  const [list, setList] = useState<Draft[]>([]);
  const action = useAction();
  const set = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!m) return <EmptyState title="只有校长、分管副校长或学校管理员可以发布开放日" description="如您是学校领导，请联系学校管理员设置您的职务" />;

  const add = () => {
    if (draft.title.trim().length < 2 || draft.place.trim().length < 2) return action.setFailure('请填写活动名称和地点（各至少2个字）');
    action.setFailure(null);
    setList((l) => [...l, { ...draft, title: draft.title.trim(), place: draft.place.trim() }]);
    setDraft({ ...blank(), date: draft.date });
  };
  const publish = () => {
    if (list.length === 0) return action.setFailure('请至少添加一项活动');
    void action.run(async () => {
      const r = await openDays.publish({ schoolId, title: title.trim(), kind, activities: list.map((a) => ({ kind: a.kind, title: a.title, date: a.date, startTime: a.startTime, endTime: a.endTime, place: a.place, places: Number(a.places), gradeIds: a.gradeIds, classIds: [] })) });
      await Taro.showModal({ title: '已发布', content: `共${r.activities}项活动，家长现在可以报名。`, showCancel: false });
      void Taro.navigateBack();
    });
  };
  const gradeName = (id: string) => grades.data?.find((g) => g._id === id)?.name ?? '';

  return (
    <View className="ps-page">
      <Text className="rc-label">名称</Text>
      <View className="rc-field">
        <Input className="rc-input" value={title} maxlength={40} onInput={(e) => setTitle(e.detail.value)} />
      </View>
      <Chips wrap options={[{ value: 'day', label: '开放日（一天）' }, { value: 'week', label: '开放周（多天）' }]} value={[kind]} onChange={(v) => setKind((v[0] as 'day' | 'week') ?? 'week')} />

      <Text className="ps-section-title">已添加的活动（{list.length}）</Text>
      {list.map((a, k) => (
        <View key={k} className="rc-card rc-row">
          <View>
            <Text className="rc-title">{a.title}</Text>
            <Text className="rc-meta">{a.kind} · {dateText(a.date)} {a.startTime}-{a.endTime} · {a.place} · {a.places}个名额{a.gradeIds.length ? ` · ${a.gradeIds.map(gradeName).join('、')}` : ' · 全校'}</Text>
          </View>
          <Text className="rc-link" onClick={() => setList((l) => l.filter((_, i) => i !== k))}>删除</Text>
        </View>
      ))}

      <Text className="ps-section-title">添加活动</Text>
      <Chips wrap options={ACTIVITY_KINDS.map((x) => ({ value: x, label: x }))} value={[draft.kind]} onChange={(v) => set({ kind: (v[0] as ActivityKind) ?? '其他' })} />
      <View className="rc-field">
        <Input className="rc-input" value={draft.title} maxlength={40} placeholder="活动名称，如：三年级语文课堂开放" onInput={(e) => set({ title: e.detail.value })} />
      </View>
      <View className="rc-field rc-row">
        <Picker mode="date" value={draft.date} onChange={(e) => set({ date: String(e.detail.value) })}>
          <View className="rc-input">{draft.date}</View>
        </Picker>
        <Picker mode="time" value={draft.startTime} onChange={(e) => set({ startTime: String(e.detail.value) })}>
          <View className="rc-input">{draft.startTime}</View>
        </Picker>
        <Text className="rc-unit">至</Text>
        <Picker mode="time" value={draft.endTime} onChange={(e) => set({ endTime: String(e.detail.value) })}>
          <View className="rc-input">{draft.endTime}</View>
        </Picker>
      </View>
      <View className="rc-field rc-row">
        <Input className="rc-input" value={draft.place} maxlength={40} placeholder="地点" onInput={(e) => set({ place: e.detail.value })} />
        <Text className="rc-unit">　</Text>
        <Input className="rc-input" type="number" value={draft.places} onInput={(e) => set({ places: e.detail.value })} />
        <Text className="rc-unit">个名额</Text>
      </View>
      <Text className="rc-label">面向年级（不选为全校）</Text>
      <Chips wrap multiple options={(grades.data ?? []).map((g) => ({ value: g._id, label: g.name }))} value={draft.gradeIds} onChange={(v) => set({ gradeIds: v })} />
      <View className="rc-actions">
        <FailureAlert failure={action.failure} />
        <Button block fill="outline" onClick={add}>添加这项活动</Button>
        <Button block type="primary" loading={action.busy} disabled={action.busy} onClick={publish}>发布</Button>
      </View>
    </View>
  );
}
