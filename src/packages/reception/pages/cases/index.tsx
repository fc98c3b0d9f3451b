/** 接待与建议办理 (school leaders): open / overdue / reopened cases of the school; the loop closes here. */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import EmptyState from '@/components/EmptyState';
import Chips from '@/components/Chips';
import { waitFor } from '@/components/Pending';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { usePullToRefresh, useRefreshOnShow } from '@/hooks/useRefresh';
import { leaderMembership, reception } from '@/services/reception';
import CaseCard from '../../components/CaseCard';
import '../../reception.scss';

type Filter = 'open' | 'overdue' | 'reopened' | 'all';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'open', label: '待办' },
  { value: 'reopened', label: '重新打开' },
  { value: 'overdue', label: '逾期' },
  { value: 'all', label: '全部' },
];

export default function CasesPage() {
  const profile = useProfile();
  const wanted = useRouter().params.schoolId;
  const m = leaderMembership(profile.data?.memberships, wanted);
  const schoolId = m?.schoolId ?? '';
  const [filter, setFilter] = useState<Filter>('open');
  const cases = useAsync(() => reception.listCases(schoolId, filter), [schoolId, filter], { enabled: !!schoolId });
  useRefreshOnShow(cases);
  usePullToRefresh(cases.refresh);
  const wait = waitFor(profile);
  if (wait) return wait;
  if (!m) return <EmptyState title="只有校长、分管副校长或学校管理员可以查看" description="如您是学校领导，请联系学校管理员设置您的职务" />;
  const counts = cases.data?.counts;
  return (
    <View className="ps-page">
      <View className="rc-card" data-testid="case-counts">
        <Text className="rc-meta">待办 {counts?.open ?? '-'} · 重新打开 {counts?.reopened ?? '-'} · 逾期 {counts?.overdue ?? '-'}</Text>
      </View>
      <Chips wrap testId="case-filter" options={FILTERS} value={[filter]} onChange={(v) => setFilter(v[0] ?? 'open')} />
      {waitFor(cases) ?? (cases.data!.items.length === 0 ? <EmptyState title="没有事项" /> : cases.data!.items.map((c) => <CaseCard key={c.caseId} c={c} showFamily />))}
    </View>
  );
}
