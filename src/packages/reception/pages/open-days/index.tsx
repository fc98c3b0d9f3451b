/**
 * 开放日活动: parents see the school's 开放日 / 开放周 activities meant for their child and sign up,
 * cancel, and leave a short feedback afterwards; staff see every activity and open its list.
 */
import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { ActivityDto } from '@shared/reception/open-day.schema';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { currentChild, useProfile } from '@/hooks/useProfile';
import { errorMessage } from '@/services/cloud';
import { dateText, isLeaderIn, isStaffIn, openDays } from '@/services/reception';
import Chips from '@/components/Chips';
import OpenCheckinBox from '../../components/OpenCheckinBox';
import { openPage } from '@/navigation/pages';
import { formatDate } from '@shared/common/time';
import '../../reception.scss';

const STATUS: Record<string, string> = { signed: '已报名', attended: '已签到', pending: '处理中' };

function Feedback({ signupId, onDone }: { signupId: string; onDone(): void }) {
  const [rating, setRating] = useState('');
  const [text, setText] = useState('');
  const send = async () => {
    try {
      await openDays.feedback(signupId, Number(rating), text.trim());
      void Taro.showToast({ title: '感谢您的反馈', icon: 'success' });
      onDone();
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 3000 });
    }
  };
  return (
    <View>
      <Text className="rc-meta">活动感受（1-5分）</Text>
      <Chips wrap options={['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: `${v}分` }))} value={rating ? [rating] : []} onChange={(v) => setRating(v[0] ?? '')} />
      <View className="rc-field">
        <Input className="rc-input" value={text} maxlength={300} placeholder="意见或建议（选填）" onInput={(e) => setText(e.detail.value)} />
      </View>
      <Button size="small" type="primary" disabled={!rating} onClick={() => void send()}>提交反馈</Button>
    </View>
  );
}

export default function OpenDaysPage() {
  const profile = useProfile();
  const child = currentChild(profile.data);
  const staff = profile.data?.memberships.find(isStaffIn);
  const asStaff = !child && !!staff;
  const enabled = !!child || !!staff;
  const { loading, error, data, refresh } = useAsync(() => openDays.list(child ? { childId: child.childId } : { schoolId: staff!.schoolId }), [child?.childId, staff?.schoolId], { enabled });
  const [busy, setBusy] = useState('');
  useDidShow(() => void (data && refresh()));
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  if (!profile.signedIn || (profile.loading && !profile.data)) return <Loading />;
  if (!enabled) return <EmptyState title="还没有绑定孩子" description="绑定孩子后可报名学校的开放日活动" />;
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} onRetry={refresh} />;
  const items = data?.items ?? [];
  const today = formatDate(new Date());

  const act = async (a: ActivityDto) => {
    if (!child) return;
    setBusy(a.activityId);
    try {
      if (a.mySignup) {
        const ok = await Taro.showModal({ title: '取消报名', content: `确定取消“${a.title}”的报名吗？` });
        if (!ok.confirm) return;
        await openDays.cancel(a.mySignup.signupId);
        void Taro.showToast({ title: '已取消', icon: 'success' });
      } else {
        await openDays.signUp(a.activityId, child.childId);
        void Taro.showToast({ title: '报名成功', icon: 'success' });
      }
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 3000 });
    } finally {
      setBusy('');
      void refresh();
    }
  };

  return (
    <View className="ps-page">
      {staff && isLeaderIn(staff) && asStaff ? (
        <View className="rc-actions">
          <Button block type="primary" onClick={() => void Taro.navigateTo({ url: `/packages/reception/pages/open-publish/index?schoolId=${staff.schoolId}` })}>发布开放日 / 开放周</Button>
        </View>
      ) : null}
      {items.length === 0 ? <EmptyState title="近期没有开放日活动" description="学校发布后会显示在这里" /> : null}
      {items.map((e) => (
        <View key={e.eventId}>
          <Text className="ps-section-title">{e.title}（{e.kind === 'week' ? '开放周' : '开放日'} · {dateText(e.startDate)}{e.endDate !== e.startDate ? ` 至 ${dateText(e.endDate)}` : ''}）</Text>
          {e.activities.map((a) => (
            <View key={a.activityId} className="rc-card" data-testid="open-activity">
              <View>
                <Text className="rc-tag">{a.kind}</Text>
                {a.mySignup ? <Text className="rc-tag">{STATUS[a.mySignup.status] ?? ''}</Text> : a.placesLeft > 0 ? <Text className="rc-tag">剩余{a.placesLeft}个名额</Text> : <Text className="rc-tag rc-tag--warn">名额已满</Text>}
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
                  {a.mySignup.canCancel ? <Button size="small" fill="outline" disabled={busy === a.activityId} onClick={() => void act(a)}>取消报名</Button> : null}
                </View>
              ) : a.mySignup?.canFeedback ? (
                <Feedback signupId={a.mySignup.signupId} onDone={() => void refresh()} />
              ) : a.mySignup?.feedback ? (
                <Text className="rc-meta">您的反馈：{a.mySignup.feedback.rating}分 {a.mySignup.feedback.text}</Text>
              ) : a.mySignup ? (
                a.mySignup.canCancel ? <Button size="small" fill="outline" disabled={busy === a.activityId} onClick={() => void act(a)}>取消报名</Button> : null
              ) : (
                <View className="rc-row">
                  <Text className="rc-meta">{a.canSignUp ? '' : a.reason ?? ''}</Text>
                  <Button size="small" type="primary" disabled={!a.canSignUp || busy === a.activityId} onClick={() => void act(a)} data-testid="open-signup">报名</Button>
                </View>
              )}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
