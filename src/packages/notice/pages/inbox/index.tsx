/** 家校通知 (parents): the inbox with unread dots, filter by child, mark all read, pull to refresh. */
import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import { useAsync } from '@/hooks/useAsync';
import { useAction } from '@/hooks/useAction';
import { useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { inbox, markAllRead, showUnreadBadge, whenText, type InboxItemDto } from '@/services/notice';
import Chips from '@/components/Chips';
import Tag from '@/components/Tag';
import FailureAlert from '@/components/FailureAlert';
import { openPage } from '@/navigation/pages';
import { waitFor } from '@/components/Pending';
import '../../notice.scss';

export default function InboxPage() {
  const profile = useProfile();
  const [childId, setChildId] = useState<string>('');
  const [more, setMore] = useState<InboxItemDto[]>([]);
  const state = useAsync(() => inbox(childId || undefined), [childId], { enabled: profile.signedIn });
  const action = useAction();
  useRefreshOnShow(state);
  usePullToRefresh(async () => {
    setMore([]);
    await state.refresh();
  });
  useEffect(() => {
    if (state.data) showUnreadBadge(state.data.unread);
  }, [state.data]);

  const children = profile.data?.children ?? [];
  const items = [...(state.data?.items ?? []), ...more];
  const last = items[items.length - 1];

  const loadMore = () =>
    action.run(async () => {
      const r = await inbox(childId || undefined, last.sendAt);
      setMore((m) => [...m, ...r.items]);
    });

  const wait = waitFor(profile);
  if (wait) return wait;
  return (
    <View className="ps-page notice-inbox">
      {children.length > 1 ? (
        <Chips
          wrap
          testId="inbox-children"
          options={[{ value: '', label: '全部' }, ...children.map((c) => ({ value: c.childId, label: c.childName }))]}
          value={[childId]}
          onChange={(v) => {
            if (!v.length) return;
            setMore([]);
            setChildId(v[0]);
          }}
        />
      ) : null}
      <View className="notice-bar">
        <Text data-testid="inbox-unread">{state.data ? (state.data.unread ? `${state.data.unread} 条未读` : '全部已读') : ''}</Text>
        {state.data?.unread ? (
          <Button
            size="small"
            fill="outline"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                await markAllRead();
                setMore([]);
                await state.refresh();
              })
            }
          >
            全部已读
          </Button>
        ) : null}
      </View>
      <FailureAlert failure={action.failure} />
      {waitFor(state) ??
        (items.length === 0 ? (
        <EmptyState title="暂时没有通知" description="学校和老师发布的通知、课程提醒会显示在这里" />
      ) : (
        <View data-testid="inbox-list">
          {items.map((n) => (
            <View
              key={n.noticeId}
              className="notice-card"
              data-testid={`inbox-item-${n.noticeId}`}
              onClick={() => openPage('notice.detail', { id: n.noticeId })}
            >
              {!n.read ? <View className="notice-dot" data-testid="unread-dot" /> : null}
              <Text className="notice-card__title">{n.title}</Text>
              <Text className="notice-card__meta">
                {n.schoolName} · {whenText(n.sendAt)}
                {n.childNames.length ? ` · ${n.childNames.join('、')}` : ''}
              </Text>
              <View className="notice-tags">
                <Tag>{n.category}</Tag>
                {n.needsReceipt ? <Tag tone={n.replied ? 'green' : 'orange'}>{n.replied ? '已回执' : '需回执'}</Tag> : null}
                {n.reminded ? <Tag tone="orange">老师提醒您查看</Tag> : null}
              </View>
            </View>
          ))}
          {state.data?.hasMore && (more.length === 0 || more.length % 20 === 0) ? (
            <View className="notice-actions">
              <Button block fill="outline" disabled={action.busy} onClick={() => void loadMore()}>
                加载更多
              </Button>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
