/** Collections and storage of the export domain. */
export const EX = {
  jobs: 'export_jobs',
  chunks: 'export_chunks',
} as const;

/** Cloud-storage folder of the workbooks: exports/<schoolId>/<jobId>-g<gen>.xlsx (written by the function only). */
export const EXPORT_FOLDER = 'exports';

export const chunkId = (jobId: string, gen: number, step: number) => `${jobId}_g${gen}_s${String(step).padStart(6, '0')}`;
