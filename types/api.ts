/**
 * The typed map of every cloud function's actions: FunctionApis[fn][action] = { input, output }.
 * Each domain exports its own map from types/<domain>/<domain>.api.ts; the client gateway
 * (src/services/cloud.ts) is typed by this.
 */
import type { ActionSpec } from './common/api-spec';

export type { ActionSpec };

// Each domain adds its map here, e.g.  school: import('./school/school.api').SchoolApi;
export interface FunctionApis {
  echo: { whoami: ActionSpec<{ delayMs?: number }, { openid: string; source: string }> };
  attendance: import('./attendance/attendance.api').AttendanceApi;
  credit: import('./credit/credit.api').CreditApi;
  school: import('./school/school.api').SchoolApi;
  course: import('./course/course.api').CourseApi;
  reception: import('./reception/reception.api').ReceptionApi;
  certificate: import('./certificate/certificate.api').CertificateApi;
  notice: import('./notice/notice.api').NoticeApi;
  contact: import('./contact/contact.api').ContactApi;
  auth: import('./auth/auth.api').AuthApi;
  oversight: import('./oversight/oversight.api').OversightApi;
  export: import('./export/export.api').ExportApi;
}
