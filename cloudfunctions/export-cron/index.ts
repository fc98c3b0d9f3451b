/** Timer job of the export domain: expired jobs, chunks and files deleted; jobs whose client went away continued. */
import { createHandler } from '../../server/core/handler';
import { cronSweep } from '../../server/export/job.service';

export const main = createHandler({}, {
  exportSweep: (ctx) => cronSweep(ctx),
});
