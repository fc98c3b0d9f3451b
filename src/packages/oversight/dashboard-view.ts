/**
 * Pure view rules of the dashboard (no Taro): figure → what the card says and where it links,
 * scopes ↔ page parameters, the term picker's options, the trend's chart points.
 * Tested table-driven in dashboard-view.test.ts.
 */
import type { DrillFilter, DrillList, Figure, Scope, ScopeKind, TrendPoint as DashboardTrendPoint, UnitRow } from '@shared/oversight/oversight.schema';
import { termLabel, termOf } from '@shared/credit/credit.rules';

/** The flat query parameters of a page that shows one scope (dashboard, list). */
export interface ScopeParams {
  kind: ScopeKind;
  schoolId: string;
  gradeId?: string;
  classId?: string;
  [k: string]: string | undefined;
}

export function scopeParams(scope: Scope): ScopeParams {
  switch (scope.kind) {
    case 'grade':
      return { kind: 'grade', schoolId: scope.schoolId, gradeId: scope.gradeId };
    case 'class':
      return { kind: 'class', schoolId: scope.schoolId, classId: scope.classId };
    default:
      return { kind: scope.kind, schoolId: scope.schoolId };
  }
}

/** The scope a page's parameters name, or null when they are incomplete (then the page asks myScopes). */
export function scopeFromParams(p: Partial<Record<string, string | undefined>>): Scope | null {
  const schoolId = p.schoolId?.trim();
  if (!schoolId) return null;
  switch (p.kind) {
    case 'school':
    case 'alliance':
      return { kind: p.kind, schoolId };
    case 'grade':
      return p.gradeId ? { kind: 'grade', schoolId, gradeId: p.gradeId } : null;
    case 'class':
      return p.classId ? { kind: 'class', schoolId, classId: p.classId } : null;
    default:
      return null;
  }
}

export function sameScope(a: Scope | null, b: Scope | null): boolean {
  if (!a || !b) return false;
  return JSON.stringify(scopeParams(a)) === JSON.stringify(scopeParams(b));
}

/** The drill list page's parameters: the scope, the term, the list and its filter, flat. */
export interface DrillParams extends ScopeParams {
  list: DrillList;
  term: string;
  form?: string;
  level?: string;
}

export function drillParams(d: { list: DrillList; scope: Scope; term: string; filter?: DrillFilter }): DrillParams {
  const out: DrillParams = { ...scopeParams(d.scope), list: d.list, term: d.term };
  if (d.filter?.form) out.form = d.filter.form;
  if (d.filter?.level !== undefined) out.level = String(d.filter.level);
  return out;
}

export function drillFromParams(p: Partial<Record<string, string | undefined>>): { list: DrillList; scope: Scope; term?: string; filter?: DrillFilter } | null {
  const scope = scopeFromParams(p);
  if (!scope || !p.list) return null;
  const filter: DrillFilter = {};
  if (p.form) filter.form = p.form;
  if (p.level !== undefined && p.level !== '' && /^[0-5]$/.test(p.level)) filter.level = Number(p.level);
  return { list: p.list as DrillList, scope, term: p.term || undefined, filter: Object.keys(filter).length ? filter : undefined };
}

export type FigureStatus = 'met' | 'unmet' | 'none';

export interface FigureView {
  key: string;
  label: string;
  /** '18 / 40 户' or '62%' */
  valueText: string;
  /** '要求：每学期不少于 2 次' or '未设要求' */
  targetText: string;
  status: FigureStatus;
  /** '已达标' | '未达标' | '' */
  statusText: string;
  /** how far towards the target (or of the whole), 0..100, for the bar */
  percent: number;
  /** what the drill link says, or null without a list behind the figure */
  drillText: string | null;
}

const pct = (r: number) => `${Math.round(r * 100)}%`;
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function figureView(f: Figure): FigureView {
  const isRate = f.unit === '%';
  const valueText = isRate ? (f.rate === null ? '—' : pct(f.rate)) : f.of !== null ? `${num(f.value)} / ${num(f.of)} ${f.unit}` : `${num(f.value)} ${f.unit}`;
  const status: FigureStatus = f.met === null ? 'none' : f.met ? 'met' : 'unmet';
  const targetText = f.targetText ? `要求：${f.targetText}` : f.target !== null ? `要求：不少于 ${isRate ? pct(f.target > 1 ? f.target / 100 : f.target) : `${num(f.target)} ${f.unit}`}` : '未设要求';
  let percent: number;
  if (f.target !== null && f.target > 0) {
    const done = isRate || (f.of !== null && f.target <= 1) ? (f.rate ?? 0) : f.value;
    percent = (done / f.target) * 100;
  } else if (f.rate !== null) percent = f.rate * 100;
  else percent = f.value > 0 ? 100 : 0;
  // toFixed first: 0.62 / 0.8 is 77.4999… in floating point, and should read 78%.
  percent = Math.max(0, Math.min(100, Math.round(Number(percent.toFixed(6)))));
  return {
    key: f.key,
    label: f.label,
    valueText,
    targetText,
    status,
    statusText: status === 'met' ? '已达标' : status === 'unmet' ? '未达标' : '',
    percent,
    drillText: f.drill ? drillLinkText(f.drill.list) : null,
  };
}

const DRILL_LINK_TEXT: Record<DrillList, string> = {
  familiesBelowGoal: '查看未达标家庭，邀请参加',
  familiesMeetingGoal: '查看已达标家庭',
  sessions: '查看场次',
  parentMeetings: '查看家长会',
  receptionDays: '查看接待日',
  receptions: '查看接待记录',
  notices: '查看通知阅读情况',
  familiesNotVisited: '查看未家访家庭',
  visits: '查看家访记录',
  certificates: '查看证书名单',
  familiesByStar: '查看家庭',
  openSuggestions: '查看意见建议',
  overdueFollowUps: '查看逾期事项',
};

export function drillLinkText(list: DrillList): string {
  return DRILL_LINK_TEXT[list] ?? '查看名单';
}

/** '2026-2027-1' → '2026年秋季', '2026-2027-2' → '2027年春季' (short enough for a chip in 长辈模式). */
export function shortTermLabel(term: string): string {
  const m = /^(\d{4})-(\d{4})-([12])$/.exec(term);
  if (!m) return termLabel(term);
  return m[3] === '1' ? `${m[1]}年秋季` : `${m[2]}年春季`;
}

/** The term picker: the current term and the `count - 1` before it, newest first. */
export function termOptions(now: Date, count = 4): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  let { term } = termOf(now);
  for (let i = 0; i < count; i++) {
    out.push({ value: term, label: shortTermLabel(term) });
    term = previousTerm(term);
  }
  return out;
}

export function previousTerm(term: string): string {
  const m = /^(\d{4})-(\d{4})-([12])$/.exec(term);
  if (!m) return term;
  const start = Number(m[1]);
  return m[3] === '2' ? `${start}-${start + 1}-1` : `${start - 1}-${start}-2`;
}

/** The trend's series for the chart: 课时 and 活跃家庭 per month. */
export function trendSeries(trend: DashboardTrendPoint[]): { month: string; series: string; value: number }[] {
  return trend.flatMap((t) => [
    { month: t.month, series: '课时', value: t.hours },
    { month: t.month, series: '参与家庭', value: t.activeFamilies },
  ]);
}

/** The height of a plain bar (star distribution, units): share of the largest, 0..100. */
export function barPercent(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(4, Math.round((value / max) * 100));
}

/** The share of families meeting the goal that a unit must reach: the familiesMeetingGoal figure's target (a share, 0..1), or null without one. */
export function unitGoalTarget(figures: Pick<Figure, 'key' | 'target'>[]): number | null {
  const t = figures.find((f) => f.key === 'familiesMeetingGoal')?.target ?? null;
  if (t === null) return null;
  return t > 1 ? t / 100 : t;
}

export interface UnitRowView {
  /** '62% 达标' */
  rateText: string;
  /** met: at the target (green); unmet: below it (orange, never green); none: no target (neutral) */
  status: FigureStatus;
  percent: number;
}

/** A grade / class / member school row: how much of it meets the goal, coloured against the target. */
export function unitRowView(row: Pick<UnitRow, 'goalRate' | 'families'>, target: number | null): UnitRowView {
  const percent = Math.max(0, Math.min(100, Math.round(Number((row.goalRate * 100).toFixed(6)))));
  const status: FigureStatus = target === null || row.families === 0 ? 'none' : row.goalRate >= target ? 'met' : 'unmet';
  return { rateText: `${percent}% 达标`, status, percent };
}

/**
 * The trend chart's text sizes in CSS px (F2's own default is '20px' in its half-pixel units: 10 px
 * on screen, too small on a 390-px-wide phone): readable at 12 px, larger in 长辈模式.
 */
export function trendTextPx(elder: boolean): { axis: number; legend: number } {
  return elder ? { axis: 16, legend: 16 } : { axis: 12, legend: 13 };
}
