import type { ActionSpec } from '../common/api-spec';
import type { ExportJobView, StartExportInput } from './export.schema';

export interface ExportApi {
  /** Starts (or hands back) the caller's job for this export; nothing is read yet. */
  startExport: ActionSpec<Omit<StartExportInput, 'schoolYear'> & { schoolYear?: string }, ExportJobView>;
  /** The job's state; done: a temp URL of the workbook (owner only). */
  exportStatus: ActionSpec<{ jobId: string }, ExportJobView>;
  /** Runs the next steps (~1.5 s), then answers the job's state. */
  continueExport: ActionSpec<{ jobId: string }, ExportJobView>;
}
