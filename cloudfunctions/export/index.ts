/**
 * The `export` function: xlsx workbooks for inspection (考勤登记, 家庭学时, 完整档案, 接待与意见建议,
 * 家访, 结业证书), built asynchronously in steps and stored under exports/<schoolId>/. The client
 * starts a job, then calls continueExport until it is done (each call runs steps for ~1.5 s).
 * Its own deploy unit: it bundles exceljs, which no other function should carry.
 */
import { createHandler, route } from '../../server/core/handler';
import { JobIdInputSchema, StartExportInputSchema } from '../../types/export/export.schema';
import { continueExport, exportStatus, startExport } from '../../server/export/job.service';

export const routes = {
  startExport: route(StartExportInputSchema, startExport),
  exportStatus: route(JobIdInputSchema, exportStatus),
  continueExport: route(JobIdInputSchema, continueExport),
};

export const main = createHandler(routes);
