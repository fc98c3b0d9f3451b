/**
 * Pure credit rules: school terms in Asia/Shanghai, star levels from the ledger, policy profiles.
 */
import { shanghai } from '../common/time';
import type { Metric, OpenDayCreditRule, PolicyProfile, ProfileId, Requirement, RequirementProgress, StarThresholds, StarView, Totals } from './credit.schema';
import { METRIC_UNITS } from './credit.schema';

// ---- terms ----
export interface TermInfo {
  /** '2026-2027' */
  schoolYear: string;
  /** '2026-2027-1' (秋季学期, Sep–Jan) or '2026-2027-2' (春季学期, Feb–Aug incl. summer). */
  term: string;
  termName: '秋季学期' | '春季学期';
  startsAt: Date;
  endsAt: Date;
}

/** The school year starts on 1 September, the spring term on 1 February (Asia/Shanghai). */
export function termOf(at: Date): TermInfo {
  const d = shanghai(at);
  const month = d.month() + 1; // 1..12
  const year = d.year();
  const startYear = month >= 9 ? year : year - 1;
  const schoolYear = `${startYear}-${startYear + 1}`;
  const fall = month >= 9 || month === 1;
  const start = fall ? shanghai(`${startYear}-09-01T00:00:00+08:00`) : shanghai(`${startYear + 1}-02-01T00:00:00+08:00`);
  const end = fall ? shanghai(`${startYear + 1}-02-01T00:00:00+08:00`) : shanghai(`${startYear + 1}-09-01T00:00:00+08:00`);
  return {
    schoolYear,
    term: `${schoolYear}-${fall ? 1 : 2}`,
    termName: fall ? '秋季学期' : '春季学期',
    startsAt: start.toDate(),
    endsAt: new Date(end.valueOf() - 1),
  };
}

export function schoolYearOf(at: Date): string {
  return termOf(at).schoolYear;
}

export function termLabel(term: string): string {
  const m = /^(\d{4})-(\d{4})-([12])$/.exec(term);
  if (!m) return term;
  return `${m[1]}-${m[2]}学年${m[3] === '1' ? '秋季学期' : '春季学期'}`;
}

// ---- totals ----
export const ZERO_TOTALS: Totals = { hours: 0, sessions: 0, collective: 0 };

export function sumEntries(entries: { hours: number; sessions: number; collective: number }[]): Totals {
  const t = { ...ZERO_TOTALS };
  for (const e of entries) {
    t.hours += e.hours || 0;
    t.sessions += e.sessions || 0;
    t.collective += e.collective || 0;
  }
  // Half-hour steps: keep the sum exact despite floating point.
  t.hours = Math.round(t.hours * 2) / 2;
  return t;
}

// ---- stars ----
export const DEFAULT_THRESHOLDS: StarThresholds = { basis: 'hours', levels: [4, 8, 16, 24, 32] };

export function stars(level: number): string {
  return level > 0 ? '★'.repeat(level) : '';
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function starLevelFor(totals: Totals, thresholds: StarThresholds): StarView {
  const value = thresholds.basis === 'hours' ? totals.hours : totals.sessions;
  let level = 0;
  for (let i = 0; i < thresholds.levels.length; i++) if (value >= thresholds.levels[i]) level = i + 1;
  if (level >= thresholds.levels.length) {
    return { level, basis: thresholds.basis, value, nextLevel: null, nextTarget: null, remaining: 0, progress: 1, hint: '已达到最高星级，感谢您的坚持学习！' };
  }
  const nextTarget = thresholds.levels[level];
  const floor = level === 0 ? 0 : thresholds.levels[level - 1];
  const remaining = Math.max(0, nextTarget - value);
  const progress = Math.min(1, Math.max(0, (value - floor) / (nextTarget - floor)));
  // "再参加 2 次家庭教育指导活动" / "再学习 3 课时（…）": the unit is said once.
  const need = thresholds.basis === 'hours' ? `再学习 ${fmt(remaining)} 课时（参加现场课程或完成线上微课）` : `再参加 ${fmt(remaining)} 次家庭教育指导活动`;
  return {
    level,
    basis: thresholds.basis,
    value,
    nextLevel: level + 1,
    nextTarget,
    remaining,
    progress,
    hint: `${need}，即可达到${stars(level + 1)}`,
  };
}

export function distribution(levels: number[]): number[] {
  const d = [0, 0, 0, 0, 0, 0];
  for (const l of levels) d[Math.max(0, Math.min(5, l))]++;
  return d;
}

// ---- policy profiles ----
export const PROFILES: Record<Exclude<ProfileId, 'custom'>, PolicyProfile> = {
  guangzhou: {
    id: 'guangzhou',
    name: '广州方案',
    description: '每学期至少参加 2 次家庭教育指导服务或实践活动，总时长不少于 8 个课时',
    requirements: [
      { period: 'term', metric: 'sessions', target: 2 },
      { period: 'term', metric: 'hours', target: 8 },
    ],
  },
  jiangmen: {
    id: 'jiangmen',
    name: '江门方案',
    description: '每学期至少参加 1 次集体授课（不少于 45 分钟），每年参加家庭教育指导和实践活动不少于 4 次',
    requirements: [
      { period: 'term', metric: 'collective', target: 1 },
      { period: 'year', metric: 'sessions', target: 4 },
    ],
  },
  qingdao: {
    id: 'qingdao',
    name: '青岛方案',
    description: '每个家庭每学年至少参加 4 次家庭教育指导活动、累计 8 个课时',
    requirements: [
      { period: 'year', metric: 'sessions', target: 4 },
      { period: 'year', metric: 'hours', target: 8 },
    ],
  },
};

export const DEFAULT_PROFILE_ID: ProfileId = 'guangzhou';

export function profileFor(id: ProfileId, custom: Requirement[] = []): PolicyProfile {
  if (id === 'custom') {
    return { id: 'custom', name: '本校方案', description: '学校自定义的学习要求', requirements: custom };
  }
  return PROFILES[id];
}

function metricValue(t: Totals, m: Metric): number {
  return m === 'hours' ? t.hours : m === 'sessions' ? t.sessions : t.collective;
}

export function requirementText(r: Requirement, done: number): string {
  const period = r.period === 'term' ? '本学期' : '本学年';
  const unit = METRIC_UNITS[r.metric];
  // Done beyond the target reads as done, not "3/2".
  if (done >= r.target) return `${period}要求 ${fmt(r.target)} ${unit}，已完成 ${fmt(done)} ${r.metric === 'hours' ? '课时' : '次'}`;
  return `${period}已完成 ${fmt(Math.max(0, done))}/${fmt(r.target)} ${unit}`;
}

export function profileProgress(profile: PolicyProfile, term: Totals, year: Totals): { progress: RequirementProgress[]; allMet: boolean } {
  const progress = profile.requirements.map((r) => {
    const done = metricValue(r.period === 'term' ? term : year, r.metric);
    return { ...r, done, met: done >= r.target, text: requirementText(r, done) };
  });
  return { progress, allMet: progress.length > 0 && progress.every((p) => p.met) };
}

// ---- 开放日 credit ----
/** What one attended open-day activity of `durationMinutes` credits under the school's rule (zero: nothing). */
export function openDayCredit(rule: OpenDayCreditRule, durationMinutes: number): { hours: number; sessions: number; collective: number } {
  if (rule.mode === 'none') return { hours: 0, sessions: 0, collective: 0 };
  const hours = rule.mode === 'fixed' ? rule.hours : Math.floor((Math.max(0, durationMinutes) / 45) * 2) / 2;
  return { hours, sessions: 1, collective: 0 };
}

/** The rule as a parent or an admin reads it. */
export function openDayCreditText(rule: OpenDayCreditRule): string {
  if (rule.mode === 'none') return '开放日活动不计入学时';
  if (rule.mode === 'fixed') return `签到参加的开放日活动每项计 ${fmt(rule.hours)} 课时`;
  return '签到参加的开放日活动按时长计学时（45分钟=1课时）';
}
