/**
 * 教联体 view for the lead school: the member schools side by side for one term — each school's
 * share of families meeting the goal and its figures. Aggregates only: no family is named here.
 */
import { View, Text } from '@tarojs/components';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import Pending from '@/components/Pending';
import { useAsync } from '@/hooks/useAsync';
import { elderClass } from '@/services/elder-mode';
import { dashboard } from '@/services/oversight';
import { FIGURE_LABELS, type FigureKey } from '@shared/oversight/oversight.schema';
import FigureCard from '../../components/FigureCard';
import ScopeHead from '../../components/ScopeHead';
import TrendChart from '../../components/TrendChart';
import UnitTable from '../../components/UnitTable';
import { barPercent, trendSeries, unitGoalTarget } from '../../dashboard-view';
import { useOversightPage } from '../../hooks/useOversightPage';
import '../../oversight.scss';

export default function AlliancePage() {
  const { profile, params, schoolId, terms, activeTerm, setTerm } = useOversightPage();
  const view = useAsync(() => dashboard({ scope: { kind: 'alliance', schoolId }, term: activeTerm }), [schoolId, activeTerm], { enabled: !!schoolId && !!params });

  if (!profile.signedIn || !profile.data) return <Pending signedIn={profile.signedIn} loading={profile.loading} error={profile.error} onRetry={profile.refresh} />;
  if (!schoolId) return <EmptyState title="仅教联体牵头学校的校领导可查看" />;
  const data = view.data;
  const keys = data ? ([...new Set(data.units.flatMap((u) => Object.keys(u.values)))] as FigureKey[]) : [];

  return (
    <View className={`ps-page ov-page${elderClass()}`} data-testid="oversight-alliance">
      <ScopeHead
        heading={data ? { title: data.scopeLabel, line: `${data.termLabel} · ${data.units.length} 所成员学校 · ${data.families} 个家庭`, note: '仅显示各校汇总数据，不含家庭个人信息。' } : null}
        terms={terms}
        term={activeTerm}
        onTerm={setTerm}
      />
      {view.error && !data ? <ErrorState error={view.error} onRetry={view.refresh} /> : null}
      {!data && !view.error ? <Loading /> : null}
      {data ? (
        <>
          <View className="ps-card">
            <Text className="ov-section">各校达到学时要求的家庭</Text>
            <UnitTable rows={data.units} target={unitGoalTarget(data.figures)} testId="member-schools" />
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
