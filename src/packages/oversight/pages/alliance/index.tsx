/**
 * 教联体 view for the lead school: the member schools side by side for one term — each school's
 * share of families meeting the goal and its figures. Aggregates only: no family is named here.
 */
import { useMemo, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useLoad } from '@tarojs/taro';
import Chips from '@/components/Chips';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import Pending from '@/components/Pending';
import { useAsync } from '@/hooks/useAsync';
import { useProfile } from '@/hooks/useProfile';
import { elderClass } from '@/services/elder-mode';
import { dashboard } from '@/services/oversight';
import { FIGURE_LABELS, type FigureKey } from '@shared/oversight/oversight.schema';
import FigureCard from '../../components/FigureCard';
import TrendChart from '../../components/TrendChart';
import UnitTable from '../../components/UnitTable';
import { barPercent, termOptions, trendSeries } from '../../dashboard-view';
import '../../oversight.scss';

type Params = Record<string, string | undefined>;

export default function AlliancePage() {
  const profile = useProfile();
  const [params, setParams] = useState<Params | null>(null);
  useLoad((p: Params) => setParams(Object.fromEntries(Object.entries(p ?? {}).map(([k, v]) => [k, v ? decodeURIComponent(v) : v]))));
  const staff = profile.data?.memberships.find((m) => m.roles.includes('teacher') || m.roles.includes('admin'));
  const schoolId = params?.schoolId || staff?.schoolId || '';
  const terms = useMemo(() => termOptions(new Date(), 4), []);
  const [term, setTerm] = useState<string | null>(null);
  const activeTerm = term ?? params?.term ?? terms[0].value;
  const view = useAsync(() => dashboard({ scope: { kind: 'alliance', schoolId }, term: activeTerm }), [schoolId, activeTerm], { enabled: !!schoolId && !!params });

  if (!profile.signedIn || !profile.data) return <Pending signedIn={profile.signedIn} loading={profile.loading} error={profile.error} onRetry={profile.refresh} />;
  if (!schoolId) return <EmptyState title="仅教联体牵头学校的校领导可查看" />;
  const data = view.data;
  const keys = data ? ([...new Set(data.units.flatMap((u) => Object.keys(u.values)))] as FigureKey[]) : [];

  return (
    <View className={`ps-page ov-page${elderClass()}`} data-testid="oversight-alliance">
      <View className="ps-card ov-head">
        {data ? (
          <>
            <Text className="ov-head__title">{data.scopeLabel}</Text>
            <Text className="ov-head__line">
              {data.termLabel} · {data.units.length} 所成员学校 · {data.families} 个家庭
            </Text>
            <Text className="ps-muted">仅显示各校汇总数据，不含家庭个人信息。</Text>
          </>
        ) : null}
        <View className="ov-picker">
          <Text className="ov-picker__label">学期</Text>
          <Chips options={terms} value={[activeTerm]} onChange={(v) => v[0] && setTerm(v[0])} wrap testId="term-chips" />
        </View>
      </View>
      {view.error && !data ? <ErrorState error={view.error} onRetry={view.refresh} /> : null}
      {!data && !view.error ? <Loading /> : null}
      {data ? (
        <>
          <View className="ps-card">
            <Text className="ov-section">各校达到学时要求的家庭</Text>
            <UnitTable rows={data.units} testId="member-schools" />
          </View>
          {keys.map((k) => {
            const max = Math.max(0, ...data.units.map((u) => u.values[k] ?? 0));
            return (
              <View key={k} className="ps-card" data-testid={`compare-${k}`}>
                <Text className="ov-section">{FIGURE_LABELS[k] ?? k}</Text>
                {data.units.map((u) => (
                  <View key={u.label} className="ov-stars__row">
                    <Text className="ov-compare__label">{u.label}</Text>
                    <View className="ov-stars__track">
                      <View className="ov-stars__fill" style={{ width: `${barPercent(u.values[k] ?? 0, max)}%` }} />
                    </View>
                    <Text className="ov-stars__count">{u.values[k] ?? 0}</Text>
                  </View>
                ))}
              </View>
            );
          })}
          <Text className="ps-section-title">教联体合计</Text>
          <View className="ov-figures">
            {data.figures.map((f) => (
              <FigureCard key={f.key} figure={f} />
            ))}
          </View>
          {data.trend.length ? (
            <View className="ps-card">
              <Text className="ov-section">月度趋势</Text>
              <TrendChart points={trendSeries(data.trend)} testId="trend" />
            </View>
          ) : null}
          {data.units.length === 0 ? <EmptyState title="暂无成员学校的数据" /> : null}
        </>
      ) : null}
    </View>
  );
}
