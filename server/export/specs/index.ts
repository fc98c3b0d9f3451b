/** Every export kind's spec. */
import type { ExportKind } from '../../../types/export/export.schema';
import type { ExportSpec } from '../spec';
import { attendanceSpec } from './attendance';
import { hoursSpec } from './hours';
import { archiveSpec } from './archive';
import { receptionSpec } from './reception';
import { visitsSpec } from './visits';
import { certificatesSpec } from './certificates';

export const SPECS: Record<ExportKind, ExportSpec> = {
  attendance: attendanceSpec,
  hours: hoursSpec,
  archive: archiveSpec,
  reception: receptionSpec,
  visits: visitsSpec,
  certificates: certificatesSpec,
};
