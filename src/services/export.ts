/**
 * Exports (xlsx) for inspection: `runExport(kind, params, onProgress)` starts the job, drives it
 * by calling continueExport (each call advances it for ~1.5 s on the server; a cloud function
 * cannot keep working after it answers), reports progress, then opens the workbook —
 * Taro.downloadFile + Taro.openDocument on weapp, a browser download on H5.
 */
import { call, CloudError, type InputOf, type OutputOf } from './cloud';
import { EXPORT_CONTENTS, EXPORT_TITLES, type ExportKind } from '@shared/export/export.schema';
import { openDocumentFile } from './document';

export type ExportJob = OutputOf<'export', 'startExport'>;
export type ExportParams = Omit<InputOf<'export', 'startExport'>, 'kind'>;
export { EXPORT_CONTENTS, EXPORT_TITLES, type ExportKind };

export const exportApi = {
  start: (kind: ExportKind, params: ExportParams) => call('export', 'startExport', { kind, ...params }),
  status: (jobId: string) => call('export', 'exportStatus', { jobId }),
  continue: (jobId: string) => call('export', 'continueExport', { jobId }),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a finished workbook: weapp's document viewer (with 转发/保存 in its menu), or a download on H5. */
export async function openWorkbook(job: ExportJob): Promise<void> {
  if (!job.url) return;
  await openDocumentFile({ url: job.url, fileType: 'xlsx', fileName: job.fileName ?? `${job.title}.xlsx`, testId: 'export-download' });
}

export interface RunOptions {
  /** Stop driving (the page was left); the job goes on under export-cron and can be picked up later. */
  signal?: { aborted: boolean };
  /** Open the file when done (default true). */
  open?: boolean;
}

/**
 * Starts (or picks up) the export, drives it to the end and opens it. Throws CloudError (its
 * message is the Chinese sentence to show) when the job cannot be made or fails.
 */
export async function runExport(kind: ExportKind, params: ExportParams, onProgress: (job: ExportJob) => void, opts: RunOptions = {}): Promise<ExportJob> {
  let job = await exportApi.start(kind, params);
  onProgress(job);
  let idle = 0;
  while (job.status === 'running') {
    if (opts.signal?.aborted) return job;
    const before = job.progress + job.rowsRead;
    job = await exportApi.continue(job.jobId);
    onProgress(job);
    // Another call (a second tab, the timer) holds the step: wait a little before asking again.
    idle = job.progress + job.rowsRead === before ? idle + 1 : 0;
    if (idle) await sleep(Math.min(3000, 500 * idle));
  }
  if (job.status === 'failed') throw new CloudError('EXPORT_FAILED', job.errorMessage ?? undefined);
  if (opts.open !== false) await openWorkbook(job);
  return job;
}

/** "已读取 12,345 条记录 · 45%" */
export function progressText(job: Pick<ExportJob, 'status' | 'progress' | 'rowsRead'>): string {
  if (job.status === 'done') return '已完成';
  if (job.status === 'failed') return '导出失败';
  const pct = Math.round(job.progress * 100);
  return job.progress >= 0.9 ? '正在生成表格…' : `已读取 ${job.rowsRead.toLocaleString('zh-CN')} 条记录 · ${pct}%`;
}
