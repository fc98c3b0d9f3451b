/** 接待与建议办理 (school leaders): open / overdue / reopened cases of the school; the loop closes here. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { isLeaderIn, reception } from '@/services/reception';
import Chips from '@/components/Chips';
import CaseCard from '../../components/CaseCard';
import '../../reception.scss';

type Filter = 'open' | 'overdue' | 'reopened' | 'all';

export default function CasesPage() {
  const profile = useProfile();
  const wanted = useRouter().params.schoolId;
  const m = profile.data?.memberships.find((x) => x.schoolId === wanted && isLeaderIn(x)) ?? profile.data?.memberships.find(isLeaderIn);
  const schoolId = m?.schoolId ?? '';
  const [filter, setFilter] = useState<Filter>('open');
  const { loading, error, data, refresh } = useAsync(() => reception.listCases(schoolId, filter), [schoolId, filter], { enabled: !!schoolId });
  useDidShow(() => void (data && refresh()));
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  if (!profile.signedIn || (profile.loading && !profile.data)) return <Loading />;
  if (!m) return <ErrorState error={null} title="只有校长、分管副校长或学校管理员可以查看" />;
  const counts = data?.counts;
  return (
    <View className="ps-page">
      <View className="rc-card" data-testid="case-counts">
        <Text className="rc-meta">待办 {counts?.open ?? '-'} · 重新打开 {counts?.reopened ?? '-'} · 逾期 {counts?.overdue ?? '-'}</Text>
      </View>
      <Chips wrap testId="case-filter" options={[{ value: 'open', label: '待办' }, { value: 'reopened', label: '重新打开' }, { value: 'overdue', label: '逾期' }, { value: 'all', label: '全部' }]} value={[filter]} onChange={(v) => setFilter((v[0] as Filter) ?? 'open')} />
      {loading && !data ? <Loading /> : error && !data ? <ErrorState error={error} onRetry={refresh} /> : (data?.items ?? []).length === 0 ? <EmptyState title="没有事项" /> : data!.items.map((c) => <CaseCard key={c.caseId} c={c} showFamily />)}
    </View>
  );
}
