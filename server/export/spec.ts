/**
 * The shape of one export: who may make it (for which scope), which paged reads it makes (phases,
 * each walking a list of items, e.g. the sessions of a year), what a page becomes (compact rows or
 * partial sums, kept in export_chunks between steps) and how the kept pages become sheets.
 */
import type { Ctx } from '../core/handler';
import type { Doc } from '../core/db-types';
import type { Actor } from '../access/actor';
import type { ExportJobDoc, StartExportInput } from '../../types/export/export.schema';
import type { ScopeContext } from './scope';

export interface Sheet {
  name: string;
  columns: { header: string; width?: number }[];
  rows: (string | number | null)[][];
  /** A line under the heading for this sheet only (e.g. what 重点关注 shows). */
  note?: string;
}

export interface Phase {
  name: string;
  collection: string;
  /** The query of one item (e.g. one session's records); '' items mean a single query. */
  where(item: string, run: RunContext): Doc;
  field?: Record<string, boolean>;
  /** One page of documents → what the chunk keeps. */
  map(docs: Doc[], run: RunContext): unknown;
  pageSize?: number;
}

/** What a phase's map and the finishing step see. */
export interface RunContext {
  ctx: Ctx;
  actor: Actor;
  job: ExportJobDoc;
  scope: ScopeContext;
}

export interface Planned {
  /** Phase name → the items it walks, fixed when the job starts. */
  plan: { phase: string; items: string[] }[];
  courseTitle?: string | null;
  sessionText?: string | null;
}

export interface ExportSpec {
  /** Checks what the kind itself needs (e.g. the course belongs to the school) and lists the items. */
  plan(ctx: Ctx, actor: Actor, input: StartExportInput & { schoolYear: string }, scope: ScopeContext): Promise<Planned>;
  phases: Record<string, Phase>;
  /** The kept pages of each phase, in order → the workbook's sheets. */
  finish(run: RunContext, chunks: Record<string, unknown[]>): Promise<Sheet[]>;
  note?: (run: RunContext) => string;
}
