/**
 * 家校工作看板: one scope (全校 / 年级 / 班级) for one term, measured against the school's policy
 * profile. Without a scope in the link it opens the widest the caller may see (principal: the
 * school, grade director: the grade, head teacher: the class). Each figure links to its list; the
 * rows below open the grade / class; the 教联体 option opens the member schools side by side.
 */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import Chips from '@/components/Chips';
import EmptyState from '@/components/EmptyState';
import ErrorState from '@/components/ErrorState';
import Loading from '@/components/Loading';
import Pending from '@/components/Pending';
import { useAsync } from '@/hooks/useAsync';
import { openPage } from '@/navigation/pages';
import { elderClass } from '@/services/elder-mode';
import { dashboard, myScopes } from '@/services/oversight';
import { isCloudError } from '@/services/cloud';
import type { Drill, Figure, Scope, UnitRow } from '@shared/oversight/oversight.schema';
import FigureCard from '../../components/FigureCard';
import ScopeHead from '../../components/ScopeHead';
import StarBars from '../../components/StarBars';
import TrendChart from '../../components/TrendChart';
import UnitTable from '../../components/UnitTable';
import DashboardExports from '../../components/DashboardExports';
import { drillParams, sameScope, scopeFromParams, scopeParams, trendSeries, unitGoalTarget } from '../../dashboard-view';
import { useOversightPage } from '../../hooks/useOversightPage';
import '../../oversight.scss';

export default function DashboardPage() {
  const { profile, params, staff, schoolId, terms, activeTerm, setTerm } = useOversightPage();
  const scopes = useAsync(() => myScopes(schoolId), [schoolId], { enabled: !!schoolId && !!params });
  const [picked, setPicked] = useState<Scope | null>(null);
  const asked = params ? scopeFromParams(params) : null;
  const scope: Scope | null = picked ?? asked ?? scopes.data?.scopes.find((s) => s.scope.kind !== 'alliance')?.scope ?? null;
  const view = useAsync(() => dashboard({ scope: scope!, term: activeTerm }), [JSON.stringify(scope), activeTerm], { enabled: !!scope });
  usePullDownRefresh(() => {
    void view.refresh().finally(() => Taro.stopPullDownRefresh());
  });

  if (!profile.signedIn || !profile.data) return <Pending signedIn={profile.signedIn} loading={profile.loading} error={profile.error} onRetry={profile.refresh} />;
  if (!staff && !params?.schoolId) return <EmptyState title="仅学校教职工可查看家校工作看板" description="家长可在「学习档案」查看自己的学时与星级" />;
  if (scopes.error && !scopes.data) return <ErrorState error={scopes.error} onRetry={scopes.refresh} />;
  if (!scopes.data) return <Loading />;
  const forbidden = (e: unknown) => isCloudError(e) && e.code === 'FORBIDDEN';
  if (forbidden(view.error) && !view.data)
    return (
      <View className={`ps-page${elderClass()}`} data-testid="oversight-forbidden">
        <EmptyState
          title="您没有权限查看这个范围"
          description="校长、分管副校长可查看全校，年级主任可查看本年级，班主任可查看本班。"
          action={
            <Button type="primary" fill="outline" onClick={() => openPage('tab.home')}>
              返回首页
            </Button>
          }
        />
      </View>
    );
  if (!scope)
    return (
      <View className={`ps-page${elderClass()}`}>
        <EmptyState title="您暂无可查看的看板" description="校长、分管副校长、年级主任和班主任可查看所负责范围的家校工作情况" />
      </View>
    );

  // Many classes: the chips offer the school, grades and 教联体; classes open from the rows below.
  const offered = scopes.data.scopes.map((o, i) => ({ o, i })).filter(({ o }, _, all) => all.length <= 6 || o.scope.kind !== 'class' || sameScope(o.scope, scope));
  const scopeChoices = offered.map(({ o, i }) => ({ value: String(i), label: o.label }));
  const current = scopes.data.scopes.findIndex((o) => sameScope(o.scope, scope));
  const chooseScope = (v: string[]) => {
    const o = scopes.data!.scopes[Number(v[0])];
    if (!o) return;
    if (o.scope.kind === 'alliance') openPage('oversight.alliance', { schoolId: o.scope.schoolId, term: activeTerm });
    else setPicked(o.scope);
  };
  const drill = (d: Drill) => openPage('oversight.list', drillParams(d));
  const openFigure = (f: Figure) => f.drill && drill(f.drill);
  const openUnit = (r: UnitRow) => openPage('oversight.dashboard', { ...scopeParams(r.scope), term: activeTerm });
  const data = view.data;

  return (
    <View className={`ps-page ov-page${elderClass()}`} data-testid="oversight-dashboard" data-scope={scope.kind}>
      <ScopeHead
        heading={data ? { title: data.scopeLabel, line: `${data.termLabel} · ${data.families} 个家庭 · 对照${data.profile.name}`, note: `数据更新于 ${data.asOf.slice(0, 16).replace('T', ' ')}` } : null}
        terms={terms}
        term={activeTerm}
        onTerm={setTerm}
        testId="scope-head"
        headingTestId="scope-label"
      >
        {scopeChoices.length > 1 ? (
          <View className="ov-picker">
            <Text className="ov-picker__label">查看范围</Text>
            <Chips options={scopeChoices} value={current >= 0 ? [String(current)] : []} onChange={chooseScope} wrap testId="scope-chips" />
          </View>
        ) : null}
      </ScopeHead>
      {view.error && !data ? <ErrorState error={view.error} onRetry={view.refresh} /> : null}
      {!data && !view.error ? <Loading /> : null}
      {data ? (
        <>
          <Text className="ps-section-title">各项指标</Text>
          <View className="ov-figures">
            {data.figures.map((f) => (
              <FigureCard key={f.key} figure={f} onDrill={openFigure} />
            ))}
          </View>
          <View className="ps-card">
            <Text className="ov-section">星级分布</Text>
            <StarBars stars={data.stars} onDrill={drill} />
          </View>
          {data.trend.length ? (
            <View className="ps-card">
              <Text className="ov-section">月度趋势</Text>
              <TrendChart points={trendSeries(data.trend)} testId="trend" />
            </View>
          ) : null}
          {data.units.length ? (
            <View className="ps-card">
              <Text className="ov-section">{scope.kind === 'school' ? '各年级' : '各班级'}</Text>
              <UnitTable rows={data.units} target={unitGoalTarget(data.figures)} onOpen={openUnit} />
            </View>
          ) : null}
          <DashboardExports scope={scope} term={activeTerm} />
        </>
      ) : null}
    </View>
  );
}
