/** 已发通知 (staff): each notice with its sending progress, read and receipt counts; 撤回 within 15 minutes. */
import { useEffect } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import { useAsync } from '@/hooks/useAsync';
import { useAction } from '@/hooks/useAction';
import { useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { listSent, statusLabel, whenText, withdrawNotice } from '@/services/notice';
import Tag from '@/components/Tag';
import FailureAlert from '@/components/FailureAlert';
import { openPage } from '@/navigation/pages';
import { waitFor } from '@/components/Pending';
import '../../notice.scss';

export default function SentPage() {
  const profile = useProfile();
  const params = useRouter().params;
  const schoolId = params.schoolId || (profile.data?.memberships ?? []).find((m) => m.roles.includes('teacher') || m.roles.includes('admin'))?.schoolId || '';
  const state = useAsync(() => listSent(schoolId), [schoolId], { enabled: profile.signedIn && !!schoolId });
  const action = useAction();
  useRefreshOnShow(state);
  usePullToRefresh(state.refresh);
  // While a notice is still being delivered, follow its progress.
  const sending = state.data?.items.some((n) => n.status === 'sending' && !n.progress.done);
  useEffect(() => {
    if (!sending) return;
    const t = setInterval(() => void state.refresh(), 3000);
    return () => clearInterval(t);
  }, [sending, state]);

  const compose = () => openPage('notice.compose', { schoolId });
  const withdraw = (noticeId: string) =>
    void Taro.showModal({ title: '撤回通知', content: '撤回后家长将看不到这条通知，确定撤回吗？', confirmText: '撤回' }).then((r) => {
      if (r.confirm) void action.run(async () => (await withdrawNotice(noticeId), await state.refresh()));
    });

  const wait = waitFor(profile);
  if (wait) return wait;
  if (!schoolId) return <EmptyState title="只有老师和学校管理员可以发通知" />;
  return (
    <View className="ps-page notice-sent">
      <View className="notice-actions">
        <Button block type="primary" onClick={compose} data-testid="go-compose">
          发通知
        </Button>
      </View>
      <FailureAlert failure={action.failure} />
      {waitFor(state) ??
        (state.data!.items.length === 0 ? (
        <EmptyState title="还没有发过通知" description="家长会、接待日、安全提醒……发给家长，并查看谁已读、谁已回执" />
      ) : (
        state.data!.items.map((n) => (
          <View key={n.noticeId} className="notice-card" data-testid={`sent-${n.noticeId}`} onClick={() => openPage('notice.stats', { id: n.noticeId })}>
            <Text className="notice-card__title">{n.title}</Text>
            <Text className="notice-card__meta">
              {n.audienceLabel} · {whenText(n.sendAt)}
            </Text>
            <View className="notice-tags">
              <Tag>{n.category}</Tag>
              <Tag tone={n.status === 'withdrawn' ? 'plain' : n.progress.done ? 'green' : 'orange'}>{statusLabel(n)}</Tag>
              {n.status !== 'withdrawn' && n.status !== 'scheduled' ? (
                <Tag testId="sent-read">
                  已读 {n.counts.read}/{n.counts.recipients}
                  {n.needsReceipt ? ` · 回执 ${n.counts.replied}` : ''}
                </Tag>
              ) : null}
            </View>
            {n.canWithdraw ? (
              <View className="notice-actions" style={{ margin: '16px 0 0' }} onClick={(e) => e.stopPropagation()}>
                <Button size="small" fill="outline" disabled={action.busy} onClick={() => withdraw(n.noticeId)}>
                  撤回
                </Button>
              </View>
            ) : null}
          </View>
        ))
      ))}
    </View>
  );
}
