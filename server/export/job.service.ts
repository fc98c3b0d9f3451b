/**
 * The export job: started once per owner × export (a deterministic id, so two starts at once make
 * one job), then advanced in steps well inside the 3 s of a call — each step reads one page of one
 * phase (forEachPage-style paging on _id), keeps what it read in export_chunks/{job}_g{gen}_s{step}
 * and moves the job's cursor by a conditional update. The client drives it by calling
 * `continueExport` until it is done (a function cannot keep running after it returns); export-cron
 * continues jobs whose client went away and deletes expired jobs, chunks and files.
 * A step holds a lease on the job; a step that crashed is redone by the next call once the lease
 * has expired (its chunk is rewritten under the same id, so nothing is counted twice).
 */
import { createHash } from 'crypto';
import type { Ctx } from '../core/handler';
import type { Doc } from '../core/db-types';
import { fail, isDomainError } from '../core/errors';
import { findById, forEachPage, isDuplicateKey } from '../core/persistence';
import type { Actor } from '../access/actor';
import { consentedActor } from '../school/access';
import { operatorLabels } from '../credit/school-port';
import { termOf } from '../../types/credit/credit.rules';
import { shanghai } from '../../types/common/time';
import { ERROR_MESSAGES, type ErrorCode } from '../../types/common/errors';
import {
  EXPORT_CONTENTS,
  EXPORT_TITLES,
  type ExportChunkDoc,
  type ExportJobDoc,
  type ExportJobView,
  type StartExportInput,
} from '../../types/export/export.schema';
import { FINISH_LEASE_MS, JOB_TTL_MS, MAX_FAILURES, REUSE_DONE_MS, STEP_LEASE_MS, exportFileName, headingLines, periodText, progressOf } from '../../types/export/export.rules';
import { EX, EXPORT_FOLDER, chunkId } from './model';
import { loadScope, type ScopeContext } from './scope';
import { SPECS } from './specs/index';
import type { RunContext } from './spec';
import { writeWorkbook } from './workbook';

/** Time a call spends on steps before it answers (the rest of the 3 s is for the answer). */
export const STEP_BUDGET_MS = 1500;
/** The temp URL of a finished workbook lives this long; the owner asks again for a new one. */
const URL_MAX_AGE_S = 600;

export function jobIdFor(ownerUserId: string, input: StartExportInput & { schoolYear: string }): string {
  const key = JSON.stringify([ownerUserId, input.kind, input.scope.kind, input.scope.schoolId, 'gradeId' in input.scope ? input.scope.gradeId : '', 'classId' in input.scope ? input.scope.classId : '', input.schoolYear, input.courseId ?? '', input.sessionId ?? '']);
  return `ex_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

async function staffLabel(ctx: Ctx, actor: Actor, schoolId: string): Promise<string> {
  const labels = await operatorLabels(ctx.db, schoolId, [actor.userId]);
  return labels.get(actor.userId) || '本校教职工';
}

async function tempUrl(ctx: Ctx, fileId: string): Promise<string> {
  const r = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: URL_MAX_AGE_S }] as unknown as string[] })) as { fileList?: { tempFileURL?: string }[] };
  return r.fileList?.[0]?.tempFileURL ?? '';
}

async function viewOf(ctx: Ctx, job: ExportJobDoc): Promise<ExportJobView> {
  const done = job.status === 'done' && !!job.fileId;
  return {
    jobId: job._id,
    kind: job.kind,
    title: EXPORT_TITLES[job.kind],
    contents: EXPORT_CONTENTS[job.kind],
    period: job.period,
    status: job.status,
    progress: job.status === 'done' ? 1 : job.progress,
    rowsRead: job.rowsRead,
    url: done ? await tempUrl(ctx, job.fileId!) : null,
    fileName: done ? job.fileName ?? null : null,
    rows: done ? job.rows ?? 0 : null,
    bytes: done ? job.bytes ?? 0 : null,
    errorMessage: job.status === 'failed' ? ERROR_MESSAGES[(job.errorCode as ErrorCode) ?? 'EXPORT_FAILED'] ?? ERROR_MESSAGES.EXPORT_FAILED : null,
    expiresAt: new Date(job.expiresAt).toISOString(),
  };
}

/** The caller's job, checked again against the scope rule (a role taken away stops the download too). */
async function ownJob(ctx: Ctx, jobId: string): Promise<{ actor: Actor; job: ExportJobDoc; scope: ScopeContext }> {
  const actor = await consentedActor(ctx);
  const job = await findById<ExportJobDoc>(ctx.db, EX.jobs, jobId);
  if (!job || job.ownerUserId !== actor.userId || new Date(job.expiresAt).getTime() <= ctx.now.getTime()) fail('EXPORT_JOB_NOT_FOUND');
  const scope = await loadScope(ctx, actor, job.params.scope);
  return { actor, job, scope };
}

export async function startExport(ctx: Ctx, raw: StartExportInput): Promise<ExportJobView> {
  const actor = await consentedActor(ctx);
  const input = { ...raw, schoolYear: raw.schoolYear ?? termOf(ctx.now).schoolYear };
  const scope = await loadScope(ctx, actor, input.scope);
  const spec = SPECS[input.kind];
  const planned = await spec.plan(ctx, actor, input, scope);
  const _id = jobIdFor(actor.userId, input);
  const fresh = (gen: number): Omit<ExportJobDoc, '_id'> => ({
    gen,
    kind: input.kind,
    params: { scope: input.scope, schoolYear: input.schoolYear, courseId: input.courseId, sessionId: input.sessionId },
    schoolId: input.scope.schoolId,
    ownerUserId: actor.userId,
    ownerLabel: '',
    period: periodText({ scopeName: scope.scopeName, schoolYear: input.schoolYear, courseTitle: planned.courseTitle, sessionText: planned.sessionText }),
    status: 'running',
    step: 0,
    cursor: { phase: 0, item: 0, after: '' },
    plan: planned.plan,
    rowsRead: 0,
    progress: 0,
    leaseUntil: new Date(0),
    errorCode: null,
    failures: 0,
    fileId: null,
    fileName: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    finishedAt: null,
    expiresAt: new Date(ctx.now.getTime() + JOB_TTL_MS),
  });
  const label = await staffLabel(ctx, actor, input.scope.schoolId);
  try {
    const doc = { _id, ...fresh(1), ownerLabel: label };
    await ctx.db.collection(EX.jobs).add({ data: doc });
    return viewOf(ctx, doc);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
  // The same export exists: hand back a running one (or one finished a moment ago); restart a finished one.
  const existing = await findById<ExportJobDoc>(ctx.db, EX.jobs, _id);
  if (!existing) fail('CONFLICT');
  const expired = new Date(existing.expiresAt).getTime() <= ctx.now.getTime();
  const justDone = existing.status === 'done' && ctx.now.getTime() - new Date(existing.finishedAt ?? 0).getTime() < REUSE_DONE_MS;
  if (!expired && (existing.status === 'running' || justDone)) return viewOf(ctx, existing);
  const next = { ...fresh(existing.gen + 1), ownerLabel: label };
  const r = await ctx.db.collection(EX.jobs).where({ _id, gen: existing.gen, status: existing.status }).update({ data: next });
  if (r.stats.updated === 1) return viewOf(ctx, { _id, ...next });
  // Another start restarted it at the same moment: that one is ours too.
  const now = await findById<ExportJobDoc>(ctx.db, EX.jobs, _id);
  if (!now) fail('CONFLICT');
  return viewOf(ctx, now);
}

export async function exportStatus(ctx: Ctx, input: { jobId: string }): Promise<ExportJobView> {
  const { job } = await ownJob(ctx, input.jobId);
  return viewOf(ctx, job);
}

/** Runs steps of the caller's job for about STEP_BUDGET_MS, then answers its state. */
export async function continueExport(ctx: Ctx, input: { jobId: string }): Promise<ExportJobView> {
  const { actor, job, scope } = await ownJob(ctx, input.jobId);
  const after = await advance(ctx, actor, job, STEP_BUDGET_MS, scope);
  return viewOf(ctx, after);
}

/** Claims the job's lease (one stepper at a time) by a conditional update; false: someone holds it. */
async function claim(ctx: Ctx, job: ExportJobDoc, ms: number): Promise<boolean> {
  const _ = ctx.db.command;
  const now = new Date();
  const r = await ctx.db
    .collection(EX.jobs)
    .where({ _id: job._id, gen: job.gen, step: job.step, status: 'running', leaseUntil: _.lte(now) })
    .update({ data: { leaseUntil: new Date(now.getTime() + ms), updatedAt: now } });
  return r.stats.updated === 1;
}

export async function advance(ctx: Ctx, actor: Actor, start: ExportJobDoc, budgetMs: number, known?: ScopeContext): Promise<ExportJobDoc> {
  const began = Date.now();
  let job = start;
  let scope: ScopeContext | null = known ?? null;
  while (job.status === 'running' && Date.now() - began < budgetMs) {
    const finishing = job.cursor.phase >= job.plan.length;
    if (!(await claim(ctx, job, finishing ? FINISH_LEASE_MS : STEP_LEASE_MS))) {
      return (await findById<ExportJobDoc>(ctx.db, EX.jobs, job._id)) ?? job;
    }
    scope = scope ?? (await loadScope(ctx, actor, job.params.scope));
    const run: RunContext = { ctx, actor, job, scope };
    try {
      job = finishing ? await finish(run) : await step(run);
    } catch (e) {
      return recordFailure(ctx, job, e);
    }
  }
  return job;
}

async function recordFailure(ctx: Ctx, job: ExportJobDoc, e: unknown): Promise<ExportJobDoc> {
  const msg = e instanceof Error ? e.message : String(e);
  console.error(`[${ctx.requestId}] export step failed (${job.kind} step ${job.step}): ${msg.slice(0, 200)}`);
  const failures = job.failures + 1;
  const stop = failures >= MAX_FAILURES || (isDomainError(e) && e.code !== 'CONFLICT');
  const data: Partial<ExportJobDoc> = stop
    ? { status: 'failed', errorCode: isDomainError(e) ? e.code : 'EXPORT_FAILED', failures, leaseUntil: new Date(0), updatedAt: new Date() }
    : { failures, leaseUntil: new Date(0), updatedAt: new Date() };
  await ctx.db.collection(EX.jobs).where({ _id: job._id, gen: job.gen, step: job.step }).update({ data });
  return { ...job, ...data };
}

/** Queries one step may make (small items, e.g. sessions of ~200 records, are gathered into one chunk). */
const MAX_QUERIES_PER_STEP = 25;

/**
 * One step: up to a page (1,000 documents) of the current phase, gathered over its next items when
 * they are small (each session's records are one query), kept as one chunk; the cursor moves on by
 * a conditional update.
 */
async function step(run: RunContext): Promise<ExportJobDoc> {
  const { ctx, job } = run;
  const spec = SPECS[job.kind];
  const entry = job.plan[job.cursor.phase];
  const phase = spec.phases[entry.phase];
  const pageSize = Math.min(1000, phase.pageSize ?? 1000);
  const _ = ctx.db.command;
  const pages: unknown[] = [];
  let read = 0;
  let cursor = { ...job.cursor };
  for (let queries = 0; queries < MAX_QUERIES_PER_STEP && cursor.phase === job.cursor.phase && read < pageSize; queries++) {
    const item = entry.items[cursor.item] ?? '';
    const limit = pageSize - read;
    const where: Doc = phase.where(item, run);
    let q = ctx.db.collection(phase.collection).where(cursor.after ? { ...where, _id: _.gt(cursor.after) } : where).orderBy('_id', 'asc').limit(limit);
    if (phase.field) q = q.field({ ...phase.field, _id: true });
    const docs = (await q.get()).data as Doc[];
    pages.push(phase.map(docs, run));
    read += docs.length;
    if (docs.length === limit) cursor = { ...cursor, after: String(docs[docs.length - 1]._id) };
    else if (cursor.item + 1 < entry.items.length) cursor = { phase: cursor.phase, item: cursor.item + 1, after: '' };
    else cursor = { phase: cursor.phase + 1, item: 0, after: '' };
  }
  const now = new Date();
  const chunk: Omit<ExportChunkDoc, '_id'> = { jobId: job._id, gen: job.gen, step: job.step, phase: entry.phase, data: pages, createdAt: now, expiresAt: job.expiresAt };
  // set(): a step redone after a crash rewrites its own chunk, never adds a second one.
  await ctx.db.collection(EX.chunks).doc(chunkId(job._id, job.gen, job.step)).set({ data: chunk });
  const next: Partial<ExportJobDoc> = {
    step: job.step + 1,
    cursor,
    rowsRead: job.rowsRead + read,
    progress: progressOf(job.plan, cursor),
    failures: 0,
    leaseUntil: new Date(0),
    updatedAt: now,
  };
  const r = await ctx.db.collection(EX.jobs).where({ _id: job._id, gen: job.gen, step: job.step, status: 'running' }).update({ data: next });
  if (r.stats.updated !== 1) return (await findById<ExportJobDoc>(ctx.db, EX.jobs, job._id)) ?? job;
  return { ...job, ...next };
}

/** Every chunk of the job's generation, in step order, grouped by phase. */
async function readChunks(run: RunContext): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const p of run.job.plan) out[p.phase] = [];
  await forEachPage<ExportChunkDoc>(run.ctx.db, EX.chunks, { jobId: run.job._id, gen: run.job.gen }, (docs) => {
    // A chunk keeps the pages its step read (one per query), each as the phase's map made it.
    for (const d of docs) (out[d.phase] ??= []).push(...(Array.isArray(d.data) ? (d.data as unknown[]) : [d.data]));
  }, { pageSize: 100 });
  return out;
}

/** The last step: the sheets, written with exceljs, uploaded to exports/<schoolId>/, the job done. */
async function finish(run: RunContext): Promise<ExportJobDoc> {
  const { ctx, job } = run;
  const spec = SPECS[job.kind];
  const T = Date.now();
  const lap = (what: string) => process.env.EXPORT_TRACE && console.log(`[export finish] ${what} +${Date.now() - T} ms`);
  const chunks = await readChunks(run);
  lap('chunks read');
  const sheets = await spec.finish(run, chunks);
  lap('sheets built');
  const madeAt = shanghai(ctx.now).format('YYYY-MM-DD HH:mm');
  const heading = headingLines(job.kind, { period: job.period, madeAt, madeBy: job.ownerLabel, note: spec.note?.(run) });
  const { buffer, rows } = await writeWorkbook(sheets, heading, { creator: job.ownerLabel, created: ctx.now });
  lap('workbook written');
  const fileName = exportFileName(job.kind, run.scope.scopeName, job.params.schoolYear, shanghai(ctx.now).format('YYYYMMDD-HHmm'));
  const cloudPath = `${EXPORT_FOLDER}/${job.schoolId}/${job._id}-g${job.gen}.xlsx`;
  const up = (await ctx.cloud.uploadFile({ cloudPath, fileContent: buffer })) as { fileID?: string };
  if (!up.fileID) fail('EXPORT_FAILED');
  lap('uploaded');
  const now = new Date();
  const next: Partial<ExportJobDoc> = { status: 'done', progress: 1, fileId: up.fileID, fileName, rows, bytes: buffer.length, finishedAt: now, updatedAt: now, leaseUntil: new Date(0), failures: 0 };
  const r = await ctx.db.collection(EX.jobs).where({ _id: job._id, gen: job.gen, status: 'running' }).update({ data: next });
  if (r.stats.updated !== 1) {
    // Restarted meanwhile: this file belongs to no job.
    await deleteFile(ctx, up.fileID);
    return (await findById<ExportJobDoc>(ctx.db, EX.jobs, job._id)) ?? job;
  }
  await removeChunks(ctx, job._id, job.gen);
  lap('chunks removed');
  return { ...job, ...next };
}

async function deleteFile(ctx: Ctx, fileId: string): Promise<void> {
  try {
    await ctx.cloud.deleteFile({ fileList: [fileId] });
  } catch {
    // already gone
  }
}

async function removeChunks(ctx: Ctx, jobId: string, gen?: number): Promise<void> {
  await ctx.db.collection(EX.chunks).where(gen === undefined ? { jobId } : { jobId, gen }).remove();
}

/**
 * export-cron: deletes expired jobs with their chunks and files, chunks of older generations, and
 * continues running jobs whose caller went away (lease free, untouched for a minute).
 */
export async function cronSweep(ctx: Ctx, budgetMs = 20_000): Promise<{ expired: number; continued: number }> {
  const began = Date.now();
  const _ = ctx.db.command;
  let expired = 0;
  const old = (await ctx.db.collection(EX.jobs).where({ expiresAt: _.lte(ctx.now) }).limit(100).get()).data as ExportJobDoc[];
  for (const j of old) {
    if (j.fileId) await deleteFile(ctx, j.fileId);
    await removeChunks(ctx, j._id);
    await ctx.db.collection(EX.jobs).where({ _id: j._id, gen: j.gen }).remove();
    expired++;
  }
  await ctx.db.collection(EX.chunks).where({ expiresAt: _.lte(ctx.now) }).remove();
  let continued = 0;
  const stale = (await ctx.db
    .collection(EX.jobs)
    .where({ status: 'running', leaseUntil: _.lte(ctx.now), updatedAt: _.lte(new Date(ctx.now.getTime() - 60_000)) })
    .limit(20)
    .get()).data as ExportJobDoc[];
  for (const j of stale) {
    if (Date.now() - began > budgetMs) break;
    const owner = await ownerActor(ctx, j.ownerUserId);
    if (!owner) continue;
    try {
      await advance(ctx, owner, j, Math.max(0, budgetMs - (Date.now() - began)));
      continued++;
    } catch (e) {
      // The owner lost access (FORBIDDEN): the job stops.
      await recordFailure(ctx, j, e);
    }
  }
  return { expired, continued };
}

async function ownerActor(ctx: Ctx, userId: string): Promise<Actor | null> {
  const user = await findById<Actor['user'] & object>(ctx.db, 'users', userId);
  if (!user) return null;
  return { userId, openid: user.openid, user, memberships: user.memberships ?? [], children: user.children ?? [] };
}

