/**
 * Oversight (督导): the compliance dashboard of a school, a grade, a class or a 教联体, measured
 * against the school's policy profile (types/credit PROFILES / profileFor) for one term, and the
 * lists behind its figures.
 *
 * CONTRACT shared by the oversight function (server/oversight), the dashboard pages
 * (src/packages/oversight) and the exports (server/export). Change it additively only.
 */
import { z } from 'zod';
import type { ProfileId, Requirement } from '../credit/credit.schema';

const Id = z.string().trim().min(1).max(128);
/** '2026-2027-1' (秋季学期) or '2026-2027-2' (春季学期); omitted: the current term. */
export const TermSchema = z.string().regex(/^\d{4}-\d{4}-[12]$/, '学期格式应为 2025-2026-1');

// ---------- scope ----------
export const SCOPE_KINDS = ['school', 'grade', 'class', 'alliance'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export const SCOPE_KIND_LABELS: Record<ScopeKind, string> = { school: '全校', grade: '年级', class: '班级', alliance: '教联体' };

/**
 * What the dashboard looks at. `schoolId` is always the caller's school; for 'alliance' it is the
 * LEAD school, and the view shows the member schools' aggregates side by side (never member
 * families' personal data).
 */
export const ScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('school'), schoolId: Id }).strict(),
  z.object({ kind: z.literal('grade'), schoolId: Id, gradeId: Id }).strict(),
  z.object({ kind: z.literal('class'), schoolId: Id, classId: Id }).strict(),
  z.object({ kind: z.literal('alliance'), schoolId: Id }).strict(),
]);
export type Scope = z.infer<typeof ScopeSchema>;

// ---------- figures ----------
export const FIGURE_KEYS = [
  /** families whose term (and year-to-date) totals meet every requirement of the profile */
  'familiesMeetingGoal',
  /** sessions (课程场次) held in the term, with a breakdown by course form */
  'sessionsHeld',
  /** 集体授课 sessions held (Jiangmen: ≥ 1 per term, ≥ 45 min) */
  'collectiveHeld',
  /** 家长会 held in the term (Baoji / Fengnan: ≥ 2 per term) */
  'parentMeetings',
  /** reception days (接待日) held in the term */
  'receptionDays',
  /** families received on those days */
  'familiesReceived',
  /** notices' read rate: receipts read / receipts sent in the term */
  'noticeReadRate',
  /** 家访 coverage: families visited at least once in the school year / families */
  'visitCoverage',
  /** certificates issued in the school year */
  'certificatesIssued',
  /** open suggestions (意见建议 not closed) */
  'openSuggestions',
  /** follow-ups past their due date */
  'overdueFollowUps',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export const FIGURE_LABELS: Record<FigureKey, string> = {
  familiesMeetingGoal: '达到学时要求的家庭',
  sessionsHeld: '开展指导服务场次',
  collectiveHeld: '集体授课场次',
  parentMeetings: '召开家长会',
  receptionDays: '开放接待日',
  familiesReceived: '接待家庭',
  noticeReadRate: '通知阅读率',
  visitCoverage: '家访覆盖率',
  certificatesIssued: '颁发证书',
  openSuggestions: '待处理意见建议',
  overdueFollowUps: '逾期未跟进',
};

/** The lists behind figures (each figure's `drill.list`). */
export const DRILL_LISTS = [
  /** families below the goal, to invite: child, class, term totals, what is missing */
  'familiesBelowGoal',
  'familiesMeetingGoal',
  /** sessions held in the term (filter.form narrows to one course form) */
  'sessions',
  'parentMeetings',
  'receptionDays',
  /** families received on reception days */
  'receptions',
  /** notices sent in the term with their read counts */
  'notices',
  /** families not yet visited this school year */
  'familiesNotVisited',
  'visits',
  'certificates',
  /** families at one star level (filter.level) */
  'familiesByStar',
  'openSuggestions',
  'overdueFollowUps',
] as const;
export type DrillList = (typeof DRILL_LISTS)[number];

export const DrillFilterSchema = z
  .object({
    /** sessions: one course form (types/course COURSE_FORMS). */
    form: z.string().trim().min(1).max(20).optional(),
    /** familiesByStar: 0..5 */
    level: z.number().int().min(0).max(5).optional(),
  })
  .strict();
export type DrillFilter = z.infer<typeof DrillFilterSchema>;

/** Names the list behind a figure: call oversight.list with exactly these fields. */
export interface Drill {
  list: DrillList;
  scope: Scope;
  term: string;
  filter?: DrillFilter;
}

export interface FigureBreakdownItem {
  /** e.g. a course form ('集体授课') or a star level ('3') */
  key: string;
  label: string;
  value: number;
  target: number | null;
  met: boolean | null;
  drill: Drill | null;
}

export interface Figure {
  key: FigureKey;
  label: string;
  /** the count (families, sessions, days …); for a rate, the numerator */
  value: number;
  /** '户' | '场' | '次' | '天' | '份' | '件' | '%' */
  unit: string;
  /** the denominator where the figure is a share (families in scope, receipts sent); else null */
  of: number | null;
  /** value / of in 0..1 where `of` is set and > 0; else null */
  rate: number | null;
  /** what the school's policy profile (or the plan the school follows) requires; null: none set */
  target: number | null;
  /** '每学期不少于 2 次' — the target said in words, or null */
  targetText: string | null;
  /** value (or rate) ≥ target; null when there is no target */
  met: boolean | null;
  /** the list behind this figure; null where there is none to show (alliance views) */
  drill: Drill | null;
  breakdown?: FigureBreakdownItem[];
}

export interface StarDistribution {
  basis: 'hours' | 'sessions';
  /** families per level 0..5 */
  counts: number[];
  /** drill per level (familiesByStar with filter.level), null in alliance views */
  drills: (Drill | null)[];
}

/** One month of the term (Asia/Shanghai). */
export interface TrendPoint {
  /** 'YYYY-MM' */
  month: string;
  /** 课时 credited to families in scope that month */
  hours: number;
  /** attendances (ledger entries with sessions > 0) */
  attendances: number;
  /** distinct families credited that month */
  activeFamilies: number;
  /** sessions held that month */
  sessionsHeld: number;
}

/**
 * One row of the side-by-side table under the figures: the grades of a school view, the classes
 * of a grade view, the member schools of an alliance view. Class views have none.
 */
export interface UnitRow {
  scope: Scope;
  label: string;
  families: number;
  familiesMeetingGoal: number;
  /** familiesMeetingGoal / families, 0..1 (0 when no families) */
  goalRate: number;
  hours: number;
  /** figures by key (same semantics as the top figures), for compact columns */
  values: Partial<Record<FigureKey, number>>;
}

export interface DashboardProfile {
  id: ProfileId;
  name: string;
  description: string;
  requirements: Requirement[];
}

export interface DashboardOutput {
  scope: Scope;
  /** '滨江实验小学 · 三年级 · 三年级1班' */
  scopeLabel: string;
  schoolName: string;
  term: string;
  /** '2026-2027学年秋季学期' */
  termLabel: string;
  schoolYear: string;
  profile: DashboardProfile;
  /** families (children) in scope */
  families: number;
  figures: Figure[];
  stars: StarDistribution;
  trend: TrendPoint[];
  units: UnitRow[];
  /** when the aggregates behind this view were last brought up to date (ISO) */
  asOf: string;
}

// ---------- lists behind figures ----------
/** One row of a drill list, ready to show: title, a detail line, optional date and badge. */
export interface DrillRow {
  id: string;
  title: string;
  detail: string;
  /** ISO date-time where the row is an event (session, visit, certificate …) */
  at: string | null;
  /** short status word: '差 3 课时', '未读 12', '逾期' … */
  badge: string | null;
  /** set on rows that are a family (child): head teacher / leaders may open the family's archive */
  familyId?: string;
  classId?: string;
}

export interface DrillListOutput {
  list: DrillList;
  scope: Scope;
  term: string;
  /** '未达到学时要求的家庭（三年级1班）' */
  title: string;
  total: number;
  items: DrillRow[];
  /** pass as `cursor` for the next page; null at the end */
  nextCursor: string | null;
}

// ---------- inputs ----------
export const DashboardInputSchema = z.object({ scope: ScopeSchema, term: TermSchema.optional() }).strict();
export type DashboardInput = z.infer<typeof DashboardInputSchema>;

export const DrillListInputSchema = z
  .object({
    scope: ScopeSchema,
    term: TermSchema.optional(),
    list: z.enum(DRILL_LISTS),
    filter: DrillFilterSchema.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(100).default(30),
  })
  .strict();
export type DrillListInput = z.infer<typeof DrillListInputSchema>;

/** What the caller may look at, to open the dashboard on the right scope and offer the others. */
export const MyScopesInputSchema = z.object({ schoolId: Id }).strict();
export interface ScopeOption {
  scope: Scope;
  label: string;
}
export interface MyScopesOutput {
  schoolId: string;
  /** the first is the widest the caller may see (school > grade > class); alliance last */
  scopes: ScopeOption[];
}

/**
 * Invite the families below the goal (a notice through server/notice to those families' guardians).
 * `requestKey` makes a repeated tap send once.
 */
export const InviteBelowGoalInputSchema = z
  .object({
    scope: ScopeSchema,
    term: TermSchema.optional(),
    title: z.string().trim().min(2).max(40),
    body: z.string().trim().min(2).max(1000),
    requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  })
  .strict();
export interface InviteBelowGoalOutput {
  noticeId: string;
  recipients: number;
  created: boolean;
}

/** Admin: recount the aggregates of a school (heal drift); also run by oversight-cron. */
export const RecountInputSchema = z.object({ schoolId: Id, term: TermSchema.optional() }).strict();
export interface RecountOutput {
  schoolId: string;
  term: string;
  families: number;
  /** rollup documents that were wrong and were corrected */
  corrected: number;
  tookMs: number;
}
