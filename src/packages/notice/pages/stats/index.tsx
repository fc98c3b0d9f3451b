/**
 * A notice's statistics (staff): read / unread / replied in total and per class with names (a
 * head teacher sees only their own classes; another school's families only as counts), the
 * sending progress, 提醒未读 (once per 24 h; asked during 21:00–07:00 it goes out at 07:00).
 */
import { useEffect } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { ERROR_MESSAGES, type ErrorCode } from '@shared/common/errors';
import ErrorState from '@/components/ErrorState';
import { useAction } from '@/hooks/useAction';
import { usePullToRefresh } from '@/hooks/useRefresh';
import { noticeStats, remindUnread, statusLabel, whenText, withdrawNotice } from '@/services/notice';
import FailureAlert from '@/components/FailureAlert';
import { waitFor } from '@/components/Pending';
import { usePageData } from '@/hooks/usePageData';
import '../../notice.scss';

export default function StatsPage() {
  const id = decodeURIComponent(useRouter().params.id ?? '');
  const state = usePageData(() => noticeStats(id), [id], { enabled: !!id });
  const action = useAction();
  usePullToRefresh(state.refresh);
  const sending = state.data && !state.data.notice.progress.done;
  useEffect(() => {
    if (!sending) return;
    const t = setInterval(() => void state.refresh(), 3000);
    return () => clearInterval(t);
  }, [sending, state]);

  if (!id) return <ErrorState error={null} title="缺少通知编号" />;
  const wait = waitFor(state);
  if (wait || !state.data) return wait;
  const { notice, totals, classes, remind } = state.data;

  const doRemind = () =>
    void action.run(async () => {
      const r = await remindUnread(notice.noticeId);
      void Taro.showToast({ title: r.queued ? '将于7:00提醒' : '已提醒', icon: 'success' });
      await state.refresh();
    });
  const withdraw = () =>
    void Taro.showModal({ title: '撤回通知', content: '撤回后家长将看不到这条通知，确定撤回吗？', confirmText: '撤回' }).then((r) => {
      if (r.confirm) void action.run(async () => (await withdrawNotice(notice.noticeId), await state.refresh()));
    });

  const remindText = remind.queuedFor
    ? `提醒已安排，将于 ${whenText(remind.queuedFor)} 发出`
    : remind.nextAt
      ? `已提醒过，${whenText(remind.nextAt)} 后可再次提醒`
      : remind.reason && !remind.allowed
        ? ERROR_MESSAGES[remind.reason as ErrorCode] ?? remind.reason
        : '';

  return (
    <View className="ps-page notice-stats">
      <View className="notice-card">
        <Text className="notice-card__title">{notice.title}</Text>
        <Text className="notice-card__meta">
          {notice.audienceLabel} · {whenText(notice.sendAt)} · {statusLabel(notice)}
        </Text>
      </View>
      <View className="notice-totals" data-testid="stats-totals">
        <View className="notice-total">
          <Text className="notice-total__num" data-testid="stats-read">
            {totals.read}/{totals.recipients}
          </Text>
          <Text className="notice-total__label">已读</Text>
        </View>
        <View className="notice-total">
          <Text className="notice-total__num">{totals.unread}</Text>
          <Text className="notice-total__label">未读</Text>
        </View>
        {notice.needsReceipt ? (
          <View className="notice-total">
            <Text className="notice-total__num" data-testid="stats-replied">
              {totals.replied}
            </Text>
            <Text className="notice-total__label">已回执</Text>
          </View>
        ) : null}
      </View>
      {Object.keys(totals.choices).length ? (
        <Text className="notice-section" data-testid="stats-choices">
          {Object.entries(totals.choices)
            .map(([k, v]) => `${k} ${v} 人`)
            .join(' · ')}
        </Text>
      ) : null}
      {notice.status !== 'withdrawn' && notice.status !== 'scheduled' ? (
        <View className="notice-actions">
          <View className="notice-actions__main">
            <Button block type="primary" disabled={!remind.allowed || action.busy} onClick={doRemind} data-testid="remind-unread">
              提醒未读（{totals.unread} 人）
            </Button>
          </View>
          {notice.canWithdraw ? (
            <Button fill="outline" disabled={action.busy} onClick={withdraw}>
              撤回
            </Button>
          ) : null}
        </View>
      ) : null}
      {remindText ? (
        <Text className="notice-section" data-testid="remind-status">
          {remindText}
        </Text>
      ) : null}
      <FailureAlert failure={action.failure} />
      {classes.map((c) => (
        <View key={c.classId} className="notice-card" data-testid={`stats-class-${c.classId}`}>
          <Text className="notice-card__title">{c.label}</Text>
          <Text className="notice-card__meta">
            已读 {c.read}/{c.total}
            {notice.needsReceipt ? ` · 已回执 ${c.replied}` : ''}
          </Text>
          {c.people
            ? c.people.map((p, i) => (
                <View key={`${p.name}-${i}`} className="notice-person">
                  <Text>{p.name}</Text>
                  <Text className={p.read ? 'notice-muted' : 'notice-count--over'}>
                    {p.receipt ? `${p.receipt}${p.comment ? `（${p.comment}）` : ''}` : p.read ? '已读' : p.reminded ? '未读 · 已提醒' : '未读'}
                  </Text>
                </View>
              ))
            : null}
        </View>
      ))}
    </View>
  );
}
