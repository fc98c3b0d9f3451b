/**
 * 开放日活动: parents see the school's 开放日 / 开放周 activities meant for their child and sign up,
 * cancel, and leave a short feedback afterwards; staff see every activity and open its list.
 */
import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { ActivityDto } from '@shared/reception/open-day.schema';
import EmptyState from '@/components/EmptyState';
import Chips from '@/components/Chips';
import FailureAlert from '@/components/FailureAlert';
import Tag from '@/components/Tag';
import { waitFor } from '@/components/Pending';
import { useAction } from '@/hooks/useAction';
import { useAsync } from '@/hooks/useAsync';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { dateText, isLeaderIn, isStaffIn, openDays } from '@/services/reception';
import OpenCheckinBox from '../../components/OpenCheckinBox';
import { openPage } from '@/navigation/pages';
import { formatDate } from '@shared/common/time';
import '../../reception.scss';

const STATUS: Record<string, string> = { signed: '已报名', attended: '已签到', pending: '处理中' };

function Feedback({ signupId, onDone }: { signupId: string; onDone(): void }) {
  const [rating, setRating] = useState('');
  const [text, setText] = useState('');
  const action = useAction();
  const send = async () => {
    if (!(await action.run(() => openDays.feedback(signupId, Number(rating), text.trim())))) return;
    void Taro.showToast({ title: '感谢您的反馈', icon: 'success' });
    onDone();
  };
  return (
    <View>
      <Text className="rc-meta">活动感受（1-5分）</Text>
      <Chips wrap options={['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: `${v}分` }))} value={rating ? [rating] : []} onChange={(v) => setRating(v[0] ?? '')} />
      <View className="rc-field">
        <Input className="rc-input" value={text} maxlength={300} placeholder="意见或建议（选填）" onInput={(e) => setText(e.detail.value)} />
      </View>
      <FailureAlert failure={action.failure} />
      <Button size="small" type="primary" loading={action.busy} disabled={!rating || action.busy} onClick={() => void send()}>提交反馈</Button>
    </View>
  );
}

export default function OpenDaysPage() {
  const profile = useProfile();
  const child = currentChild(profile.data);
  const staff = profile.data?.memberships.find(isStaffIn);
  const asStaff = !child && !!staff;
  const enabled = !!child || !!staff;
  const list = useAsync(() => openDays.list(child ? { childId: child.childId } : { schoolId: staff!.schoolId }), [child?.childId, staff?.schoolId], { enabled });
  const { refresh } = list;
  const action = useAction({ toast: true });
  useRefreshOnShow(list);
  usePullToRefresh(refresh);
  const wait = waitFor(profile);
  if (wait) return wait;
  if (!enabled) return <EmptyState title="还没有绑定孩子" description="绑定孩子后可报名学校的开放日活动" action={<Button size="small" type="primary" onClick={() => openPage('school.bindChild')}>绑定孩子</Button>} />;
  const waitList = waitFor(list);
  if (waitList || !list.data) return waitList;
  const items = list.data.items;
  const today = formatDate(new Date());

  const act = async (a: ActivityDto) => {
    if (!child) return;
    const signup = a.mySignup;
    if (signup) {
      const ok = await Taro.showModal({ title: '取消报名', content: `确定取消“${a.title}”的报名吗？` });
      if (!ok.confirm) return;
    }
    const done = await action.runFor(a.activityId, () => (signup ? openDays.cancel(signup.signupId) : openDays.signUp(a.activityId, child.childId)));
    if (done) void Taro.showToast({ title: signup ? '已取消' : '报名成功', icon: 'success' });
    void refresh();
  };
  const busy = (a: ActivityDto) => action.key === a.activityId;

  return (
    <View className="ps-page">
      {staff && isLeaderIn(staff) && asStaff ? (
        <View className="rc-actions">
          <Button block type="primary" onClick={() => openPage('reception.openPublish', { schoolId: staff.schoolId })}>发布开放日 / 开放周</Button>
        </View>
      ) : null}
      {items.length === 0 ? <EmptyState title="近期没有开放日活动" description="学校发布后会显示在这里" /> : null}
      {items.map((e) => (
        <View key={e.eventId}>
          <Text className="ps-section-title">{e.title}（{e.kind === 'week' ? '开放周' : '开放日'} · {dateText(e.startDate)}{e.endDate !== e.startDate ? ` 至 ${dateText(e.endDate)}` : ''}）</Text>
          {e.activities.map((a) => (
            <View key={a.activityId} className="rc-card" data-testid="open-activity">
              <View>
                <Tag tone="green">{a.kind}</Tag>
                {a.mySignup ? <Tag tone="green">{STATUS[a.mySignup.status] ?? ''}</Tag> : a.placesLeft > 0 ? <Tag tone="green">剩余{a.placesLeft}个名额</Tag> : <Tag tone="orange">名额已满</Tag>}
              </View>
              <Text className="rc-title">{a.title}</Text>
              <Text className="rc-meta">{dateText(a.date)} {a.start}-{a.end} · {a.place}</Text>
              {a.mySignup?.status === 'attended' ? <Text className="rc-meta rc-ok" data-testid="open-attended">已现场签到{a.mySignup.creditedHours > 0 ? ` · 计入 ${a.mySignup.creditedHours} 课时` : ''}</Text> : null}
              {asStaff ? (
                <View className="rc-row">
                  <Text className="rc-meta">已报名 {a.places - a.placesLeft}/{a.places}</Text>
                  <View className="rc-row">
                    <Button size="small" fill="outline" onClick={() => openPage('reception.openSignups', { id: a.activityId, title: a.title })}>报名名单</Button>
                    <Button size="small" type="primary" onClick={() => openPage('reception.openCheckin', { activityId: a.activityId })} data-testid="open-show-qr">签到二维码</Button>
                  </View>
                </View>
              ) : a.mySignup?.status === 'signed' && a.date === today ? (
                <View>
                  <OpenCheckinBox onDone={() => void refresh()} />
                  {a.mySignup.canCancel ? <Button size="small" fill="outline" loading={busy(a)} disabled={action.busy} onClick={() => void act(a)}>取消报名</Button> : null}
                </View>
              ) : a.mySignup?.canFeedback ? (
                <Feedback signupId={a.mySignup.signupId} onDone={() => void refresh()} />
              ) : a.mySignup?.feedback ? (
                <Text className="rc-meta">您的反馈：{a.mySignup.feedback.rating}分 {a.mySignup.feedback.text}</Text>
              ) : a.mySignup ? (
                a.mySignup.canCancel ? <Button size="small" fill="outline" loading={busy(a)} disabled={action.busy} onClick={() => void act(a)}>取消报名</Button> : null
              ) : (
                <View className="rc-row">
                  <Text className="rc-meta">{a.canSignUp ? '' : a.reason ?? ''}</Text>
                  <Button size="small" type="primary" loading={busy(a)} disabled={!a.canSignUp || action.busy} onClick={() => void act(a)} data-testid="open-signup">报名</Button>
                </View>
              )}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
