/**
 * The list behind a figure (families below the goal, sessions, notices …), paged. For the families
 * below the goal of a school / grade / class: 邀请参加 sends them one invitation (a notice).
 */
import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useLoad, useReachBottom } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import FailureAlert from '@/components/FailureAlert';
import Loading from '@/components/Loading';
import { useAction } from '@/hooks/useAction';
import { elderClass } from '@/services/elder-mode';
import { drillList, inviteBelowGoal, newInviteKey } from '@/services/oversight';
import type { DrillListOutput, DrillRow } from '@shared/oversight/oversight.schema';
import { drillFromParams } from '../../dashboard-view';
import '../../oversight.scss';

type Params = Record<string, string | undefined>;

export default function DrillListPage() {
  const [params, setParams] = useState<Params | null>(null);
  useLoad((p: Params) => setParams(Object.fromEntries(Object.entries(p ?? {}).map(([k, v]) => [k, v ? decodeURIComponent(v) : v]))));
  const drill = params ? drillFromParams(params) : null;
  const [page, setPage] = useState<DrillListOutput | null>(null);
  const [rows, setRows] = useState<DrillRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const invite = useAction();
  const [invited, setInvited] = useState<string | null>(null);
  const key = JSON.stringify(drill);

  const load = useCallback(
    async (cursor?: string) => {
      if (!drill) return;
      setLoading(true);
      setError(null);
      try {
        const out = await drillList({ scope: drill.scope, term: drill.term, list: drill.list, filter: drill.filter, cursor, limit: 30 });
        setPage(out);
        setRows((prev) => (cursor ? [...prev, ...out.items] : out.items));
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (page?.title) void Taro.setNavigationBarTitle({ title: page.title.length > 16 ? `${page.title.slice(0, 15)}…` : page.title });
  }, [page?.title]);
  useReachBottom(() => {
    if (page?.nextCursor && !loading) void load(page.nextCursor);
  });

  if (!params) return <Loading />;
  if (!drill) return <EmptyState title="链接不完整" description="请返回看板，再点一次要查看的指标" />;
  if (error && !page) return <ErrorState error={error} onRetry={() => void load()} />;
  if (!page) return <Loading />;

  const canInvite = drill.list === 'familiesBelowGoal' && drill.scope.kind !== 'alliance' && page.total > 0;
  const sendInvite = () =>
    void invite.run(async () => {
      const out = await inviteBelowGoal({
        scope: drill.scope,
        term: drill.term,
        title: '邀请参加家长学校课程',
        body: '本学期家长学校的学习还未完成，欢迎报名近期的课程或观看线上微课，孩子的成长需要您的陪伴。',
        requestKey: newInviteKey(),
      });
      setInvited(`已向 ${out.recipients} 位家长发出邀请`);
    });

  return (
    <View className={`ps-page ov-page${elderClass()}`} data-testid="drill-list" data-list={drill.list}>
      <View className="ps-card">
        <Text className="ov-head__title">{page.title}</Text>
        <Text className="ov-head__line">共 {page.total} 条</Text>
        {canInvite ? (
          <View className="ov-invite">
            <Text className="ps-muted">邀请会以家校通知发给这些家庭的家长，不会公开点名。</Text>
            {invited ? (
              <Text className="ov-ok" data-testid="invited">
                {invited}
              </Text>
            ) : (
              <Button type="primary" size="small" disabled={invite.busy} data-testid="invite" onClick={sendInvite}>
                {invite.busy ? '正在发送…' : '发通知邀请参加'}
              </Button>
            )}
            <FailureAlert failure={invite.failure} />
          </View>
        ) : null}
      </View>
      {rows.length === 0 ? <EmptyState title="没有需要列出的记录" /> : null}
      {rows.length ? (
        <View className="ps-card">
          {rows.map((r) => (
            <View key={r.id} className="ov-row" data-testid="drill-row">
              <View className="ov-row__head">
                <Text className="ov-row__title">{r.title}</Text>
                {r.badge ? <Text className="ov-badge ov-badge--unmet">{r.badge}</Text> : null}
              </View>
              {r.detail ? <Text className="ov-row__detail">{r.detail}</Text> : null}
              {r.at ? <Text className="ps-muted">{r.at.slice(0, 10)}</Text> : null}
            </View>
          ))}
        </View>
      ) : null}
      {loading ? <Loading /> : null}
      {error && page ? <ErrorState error={error} onRetry={() => void load(page.nextCursor ?? undefined)} /> : null}
      {page.nextCursor && !loading ? (
        <Button size="small" onClick={() => void load(page.nextCursor ?? undefined)}>
          加载更多
        </Button>
      ) : null}
    </View>
  );
}
