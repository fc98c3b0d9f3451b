/**
 * Pure rules of the exports: progress of a job from its plan and cursor, the file name, the
 * heading lines every workbook starts with, and how long jobs and files are kept.
 */
import type { ExportKind } from './export.schema';
import { EXPORT_CONTENTS, EXPORT_TITLES } from './export.schema';

/** A job, its chunks and its file are kept this long after they were started. */
export const JOB_TTL_MS = 24 * 3600_000;
/** A finished export asked for again within this time is handed back instead of being rebuilt (a double tap). */
export const REUSE_DONE_MS = 60_000;
/** A step that has not finished within this time is taken as crashed and redone by the next call. */
export const STEP_LEASE_MS = 10_000;
/** Writing the workbook (the last step) may take longer: a little more than the function's 60 s timeout (cloudfunctions/export/config.json). */
export const FINISH_LEASE_MS = 65_000;
/** A job whose steps failed this many times in a row stops with an error. */
export const MAX_FAILURES = 5;

export interface PlanLike {
  items: string[];
}

/**
 * Progress 0..1 of a job: each phase counts in proportion to its items, the workbook's writing is
 * the last 10 %. Never 1 until the file is there.
 */
export function progressOf(plan: PlanLike[], cursor: { phase: number; item: number }, done = false): number {
  if (done) return 1;
  const total = plan.reduce((n, p) => n + Math.max(1, p.items.length), 0);
  if (!total) return 0.9;
  let before = 0;
  for (let i = 0; i < Math.min(cursor.phase, plan.length); i++) before += Math.max(1, plan[i].items.length);
  const current = cursor.phase < plan.length ? Math.min(cursor.item, Math.max(1, plan[cursor.phase].items.length)) : 0;
  return Math.min(0.9, Math.round(((before + current) / total) * 0.9 * 1000) / 1000);
}

/** "考勤登记表_滨江实验小学_2025-2026学年_20261202-0930.xlsx" (no characters a file system refuses). */
export function exportFileName(kind: ExportKind, scopeName: string, schoolYear: string, stamp: string): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '');
  return `${safe(EXPORT_TITLES[kind])}_${safe(scopeName)}_${schoolYear}学年_${stamp}.xlsx`;
}

/** The period text: "滨江实验小学 · 三年级1班 · 2025-2026学年" (+ the course when there is one). */
export function periodText(p: { scopeName: string; schoolYear: string; courseTitle?: string | null; sessionText?: string | null }): string {
  return [p.scopeName, `${p.schoolYear}学年`, p.courseTitle ? `课程：${p.courseTitle}` : '', p.sessionText ? `课次：${p.sessionText}` : ''].filter(Boolean).join(' · ');
}

/** The lines above every sheet's table: what it is, what it contains, for whom and when, who made it. */
export function headingLines(kind: ExportKind, p: { period: string; madeAt: string; madeBy: string; note?: string }): string[] {
  return [
    EXPORT_TITLES[kind],
    `内容：${EXPORT_CONTENTS[kind]}`,
    `范围与时段：${p.period}`,
    `制表：${p.madeBy} · ${p.madeAt}（北京时间）`,
    `说明：${p.note ? `${p.note}；` : ''}本表不含任何手机号码，仅供本校督导与存档使用，请勿外传。`,
  ];
}

/** Hours and counts summed from many entries: two decimals, no float noise (0.1 + 0.2 → 0.3). */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
