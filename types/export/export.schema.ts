/**
 * Exports for inspection (督导评价, issue 13): xlsx workbooks built in the `export` function,
 * asynchronously and in steps (export_jobs + export_chunks), stored in cloud storage under
 * exports/<schoolId>/, read by their owner only through a temp URL. Pure: no Taro, no SDK.
 */
import { z } from 'zod';
import { ScopeSchema, type Scope } from '../oversight/oversight.schema';

export const EXPORT_KINDS = ['attendance', 'hours', 'archive', 'reception', 'visits', 'certificates'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** What each export is called in the app and on the workbook's first row. */
export const EXPORT_TITLES: Record<ExportKind, string> = {
  attendance: '考勤登记表',
  hours: '家庭学时统计（按学期）',
  archive: '课程完整档案',
  reception: '家长接待与意见建议台账',
  visits: '家访记录台账',
  certificates: '结业证书发放登记表',
};

/** What the workbook contains, shown beside the button and written on its second row. */
export const EXPORT_CONTENTS: Record<ExportKind, string> = {
  attendance: '每个课次每个报名家庭的考勤状态、签到方式与时间、所得学时',
  hours: '每个家庭本学年秋季、春季学期的学时、参加次数与集体授课次数',
  archive: '课程方案、主讲人、各课次、考勤登记与课程资料',
  reception: '接待预约与意见建议：主题、接待人、处理结果、跟进、家长评价与办结',
  visits: '家访日期、形式、参与人、主题、记录与跟进事项',
  certificates: '结业证书编号、持证人、班级、学时、星级、发放与撤销情况',
};

export const JOB_STATUSES = ['running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const Id = z.string().trim().min(1).max(64);
export const SchoolYearSchema = z.string().regex(/^(\d{4})-(\d{4})$/, '学年格式应为 2025-2026').refine((s) => Number(s.slice(5)) === Number(s.slice(0, 4)) + 1, '学年格式应为 2025-2026');

/**
 * Whose records: the dashboard's scope (types/oversight: school / grade / class / alliance), passed
 * through as it is. An alliance scope is refused: a 教联体 lead sees member schools' aggregates, never
 * their families, so it exports its own school's scopes only.
 */
export const ExportScopeSchema = ScopeSchema;
export type ExportScope = Scope;

export const StartExportInputSchema = z
  .object({
    kind: z.enum(EXPORT_KINDS),
    scope: ExportScopeSchema,
    /** The school year the export covers (default: the current one). */
    schoolYear: SchoolYearSchema.optional(),
    /** attendance: one course (default: every course of the year); archive: required. */
    courseId: Id.optional(),
    /** attendance: one session of the course. */
    sessionId: Id.optional(),
  })
  .strict()
  .refine((v) => v.kind !== 'archive' || !!v.courseId, { message: '请选择要导出档案的课程', path: ['courseId'] })
  .refine((v) => !v.sessionId || !!v.courseId, { message: '导出单个课次时请同时选择课程', path: ['courseId'] });
export type StartExportInput = z.infer<typeof StartExportInputSchema>;

export const JobIdInputSchema = z.object({ jobId: z.string().regex(/^ex_[a-f0-9]{32}$/, '导出任务编号有误，请重新导出') }).strict();
export type JobIdInput = z.infer<typeof JobIdInputSchema>;

/** export_jobs/{jobId}: one per owner × export (same kind, scope, period → same id). */
export interface ExportJobDoc {
  _id: string;
  /** Generation: a restart of a finished job bumps it; chunks are keyed by it. */
  gen: number;
  kind: ExportKind;
  params: Omit<StartExportInput, 'kind'> & { schoolYear: string };
  schoolId: string;
  ownerUserId: string;
  /** Who made it, as written on the workbook ("姓名（职务）"). */
  ownerLabel: string;
  /** 范围与时段 as written on the workbook and shown in the app. */
  period: string;
  status: JobStatus;
  /** Steps done / the cursor of the next step (phase index, item index, last _id read). */
  step: number;
  cursor: { phase: number; item: number; after: string };
  /** Items per phase (e.g. session ids), fixed when the job starts. */
  plan: { phase: string; items: string[] }[];
  rowsRead: number;
  /** Progress 0..1 (estimated from items done). */
  progress: number;
  /** A step in progress: no other call runs one until it expires (a crashed step is redone). */
  leaseUntil: Date;
  errorCode?: string | null;
  failures: number;
  fileId?: string | null;
  fileName?: string | null;
  rows?: number;
  bytes?: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date | null;
  /** The job, its chunks and its file are deleted after this (export-cron). */
  expiresAt: Date;
}

/** export_chunks/{jobId}_g{gen}_s{step}: what one step read, kept until the workbook is written. */
export interface ExportChunkDoc {
  _id: string;
  jobId: string;
  gen: number;
  step: number;
  phase: string;
  /** The pages the step read (one per query): compact rows (arrays of cells) or partial sums, as the export's phase mapped them. */
  data: unknown[];
  createdAt: Date;
  expiresAt: Date;
}

/** What the client sees of a job. */
export interface ExportJobView {
  jobId: string;
  kind: ExportKind;
  title: string;
  contents: string;
  /** 范围与时段, e.g. "滨江实验小学 · 三年级 · 2025-2026学年". */
  period: string;
  status: JobStatus;
  progress: number;
  rowsRead: number;
  /** Done: a temp URL of the workbook (owner only, short-lived), its name and size. */
  url: string | null;
  fileName: string | null;
  rows: number | null;
  bytes: number | null;
  errorMessage: string | null;
  expiresAt: string;
}
