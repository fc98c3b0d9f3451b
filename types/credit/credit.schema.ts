/**
 * Credit hours (学时积分): an append-only ledger, star thresholds and policy profiles per school.
 */
import { z } from 'zod';
import { ClassHourRuleSchema, type ClassHourRule } from '../course/course.schema';

export const LEDGER_SOURCES = ['attendance', 'attendance_correction', 'online_lesson', 'adjustment', 'open_day', 'open_day_correction'] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

export const LEDGER_SOURCE_LABELS: Record<LedgerSource, string> = {
  attendance: '现场签到',
  attendance_correction: '考勤更正',
  online_lesson: '线上微课',
  adjustment: '老师调整',
  open_day: '开放日活动',
  open_day_correction: '开放日签到更正',
};

/**
 * credit_ledger/{sourceKey}: exactly one entry per source event. The id IS the source key
 * (attendance_{sessionId}_{familyId}, lesson_{lessonId}_{familyId}, …), so a repeated request
 * collides instead of crediting twice. Entries are never updated or removed.
 */
export interface CreditLedgerDoc {
  _id: string;
  schoolId: string;
  familyId: string;
  /**
   * The family's class WHEN THE ENTRY WAS WRITTEN, never rewritten (the ledger is append-only).
   * After a change of class (or a new school year's class placement) earlier entries keep the old
   * class: the parent's archive and the school view count a family's entries by familyId, while a
   * class view (classStars, classInactive) counts the entries written while the child was in it.
   */
  classId: string;
  source: LedgerSource;
  /** sessionId, lessonId or the adjustment's request key. */
  sourceId: string;
  title: string;
  hours: number;
  sessions: number;
  collective: number;
  term: string;
  schoolYear: string;
  occurredAt: Date;
  createdAt: Date;
  operatorUserId: string;
  reason?: string | null;
}

/**
 * Whether and how an attended 开放日 activity counts toward 学时 — a school's choice beside its
 * policy profile (stored with the reception settings): not at all, a fixed number of 课时, or the
 * activity's length (45 minutes = 1 课时, rounded down to half 课时). Counted activities add one
 * 次活动 (sessions) as well.
 */
export const OPEN_DAY_CREDIT_MODES = ['none', 'fixed', 'duration'] as const;
export type OpenDayCreditMode = (typeof OPEN_DAY_CREDIT_MODES)[number];
export const OPEN_DAY_CREDIT_MODE_LABELS: Record<OpenDayCreditMode, string> = { none: '不计入学时', fixed: '每项活动计固定课时', duration: '按活动时长计（45分钟=1课时）' };
export const OpenDayCreditRuleSchema = z
  .object({
    mode: z.enum(OPEN_DAY_CREDIT_MODES),
    /** 课时 per activity when mode = fixed (half 课时 steps). */
    hours: z.number().min(0.5).max(8).multipleOf(0.5),
  })
  .strict();
export type OpenDayCreditRule = z.infer<typeof OpenDayCreditRuleSchema>;
export const DEFAULT_OPEN_DAY_CREDIT: OpenDayCreditRule = { mode: 'none', hours: 1 };

export const METRICS = ['hours', 'sessions', 'collective'] as const;
export type Metric = (typeof METRICS)[number];
export const METRIC_UNITS: Record<Metric, string> = { hours: '课时', sessions: '次活动', collective: '次集体授课' };

export const StarThresholdsSchema = z
  .object({
    basis: z.enum(['hours', 'sessions']),
    /** Minimum for ★ … ★★★★★, strictly ascending. */
    levels: z.array(z.number().min(0.5).max(1000)).length(5),
  })
  .refine((t) => t.levels.every((v, i) => i === 0 || v > t.levels[i - 1]), { message: '各星级门槛须逐级递增', path: ['levels'] });
export type StarThresholds = z.infer<typeof StarThresholdsSchema>;

export const RequirementSchema = z.object({
  period: z.enum(['term', 'year']),
  metric: z.enum(METRICS),
  target: z.number().min(0.5).max(1000),
});
export type Requirement = z.infer<typeof RequirementSchema>;

export const PROFILE_IDS = ['guangzhou', 'jiangmen', 'qingdao', 'custom'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export interface PolicyProfile {
  id: ProfileId;
  name: string;
  description: string;
  requirements: Requirement[];
}

/** credit_settings/{schoolId}_{schoolYear} */
export interface CreditSettingsDoc {
  _id: string;
  schoolId: string;
  schoolYear: string;
  thresholds: StarThresholds;
  profileId: ProfileId;
  customRequirements: Requirement[];
  /** 课时规则 for courses of this school year (absent: 45 minutes = 1 课时, half 课时). */
  classHourRule?: ClassHourRule;
  /** Set when the year's settings were copied from an earlier year's on first read ('2025-2026'). */
  copiedFrom?: string;
  updatedAt: Date;
  updatedBy: string;
}

const Id = z.string().trim().min(1).max(128);
/** A real school year: 'YYYY-YYYY' of consecutive years, 2000–2100 (never an arbitrary string). */
export const SchoolYear = z
  .string()
  .regex(/^\d{4}-\d{4}$/, '学年格式应为 2025-2026')
  .refine((y) => {
    const [a, b] = y.split('-').map(Number);
    return b === a + 1 && a >= 2000 && a < 2100;
  }, '学年应为相邻的两个年份，例如 2025-2026');

export const AdjustInputSchema = z.object({
  schoolId: Id,
  familyId: Id,
  /** Positive or negative, in half hours. */
  hours: z.number().min(-20).max(20).multipleOf(0.5).refine((h) => h !== 0, { message: '调整学时不能为 0' }),
  sessions: z.number().int().min(-5).max(5).default(0),
  reason: z.string().trim().min(2).max(200),
  /** Client-generated key of this adjustment: repeating the request credits once. */
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export type AdjustInput = z.infer<typeof AdjustInputSchema>;

export const MyArchiveInputSchema = z.object({ familyId: Id.optional(), schoolYear: SchoolYear.optional() });
export const FamilyArchiveInputSchema = z.object({ schoolId: Id, familyId: Id, schoolYear: SchoolYear.optional() });
export const ClassStarsInputSchema = z.object({ schoolId: Id, classId: Id, schoolYear: SchoolYear.optional() });
export const SchoolStarsInputSchema = z.object({ schoolId: Id, schoolYear: SchoolYear.optional() });
export const SettingsInputSchema = z.object({ schoolId: Id, schoolYear: SchoolYear.optional() });
export const SaveSettingsInputSchema = z
  .object({
    schoolId: Id,
    schoolYear: SchoolYear.optional(),
    thresholds: StarThresholdsSchema,
    profileId: z.enum(PROFILE_IDS),
    customRequirements: z.array(RequirementSchema).max(6).default([]),
    /** Omitted: the school's current rule is kept. */
    classHourRule: ClassHourRuleSchema.optional(),
  })
  .refine((v) => v.profileId !== 'custom' || v.customRequirements.length > 0, { message: '自定义方案至少设置一项要求', path: ['customRequirements'] });
export const ClassInactiveInputSchema = z.object({ schoolId: Id, classId: Id });

export type SaveSettingsInput = z.infer<typeof SaveSettingsInputSchema>;

// ---- outputs ----
export interface Totals {
  hours: number;
  sessions: number;
  collective: number;
}
export interface StarView {
  level: number; // 0..5
  basis: 'hours' | 'sessions';
  value: number;
  nextLevel: number | null;
  nextTarget: number | null;
  remaining: number;
  /** 0..1 toward the next level (1 at the top). */
  progress: number;
  hint: string;
}
export interface RequirementProgress extends Requirement {
  done: number;
  met: boolean;
  text: string;
}
export interface LedgerEntryView {
  id: string;
  source: LedgerSource;
  sourceLabel: string;
  title: string;
  hours: number;
  term: string;
  occurredAt: string;
  reason: string | null;
}
export interface ArchiveOutput {
  familyId: string;
  childName: string;
  schoolId: string;
  schoolYear: string;
  term: string;
  termName: string;
  termTotals: Totals;
  yearTotals: Totals;
  star: StarView;
  profile: { id: ProfileId; name: string; progress: RequirementProgress[]; allMet: boolean };
  ledger: LedgerEntryView[];
}
export interface SettingsOutput {
  schoolId: string;
  schoolYear: string;
  thresholds: StarThresholds;
  profileId: ProfileId;
  customRequirements: Requirement[];
  classHourRule: ClassHourRule;
  profiles: PolicyProfile[];
  isDefault: boolean;
  /** The earlier school year these settings were carried over from, until an admin saves them. */
  copiedFrom?: string | null;
}
export interface ClassStarsOutput {
  schoolId: string;
  classId: string;
  schoolYear: string;
  distribution: number[]; // families per level 0..5
  families: { familyId: string; childName: string; level: number; yearTotals: Totals; termTotals: Totals }[];
}
export interface SchoolStarsOutput {
  schoolId: string;
  schoolYear: string;
  distribution: number[];
  families: number;
  byClass: { classId: string; distribution: number[] }[];
}
export interface ClassInactiveOutput {
  schoolId: string;
  classId: string;
  term: string;
  termName: string;
  total: number;
  inactive: { familyId: string; childName: string }[];
}
export interface AdjustOutput {
  entryId: string;
  created: boolean;
  hours: number;
}
