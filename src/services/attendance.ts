/**
 * Typed calls of the `attendance` function (check-in, roster, micro-lessons) and view helpers.
 */
import { call } from './cloud';
import { ATTENDANCE_STATUS_LABELS, type AttendanceStatus } from '@shared/attendance/attendance.schema';
import { formatDateTime, shanghai } from '@shared/common/time';

export const todaySessions = (pastDays?: number) => call('attendance', 'todaySessions', pastDays ? { pastDays } : {});
export const openCheckin = (sessionId: string, stepSeconds?: number) => call('attendance', 'openCheckin', { sessionId, ...(stepSeconds ? { stepSeconds } : {}) });
export const closeCheckin = (sessionId: string) => call('attendance', 'closeCheckin', { sessionId });
export const currentToken = (sessionId: string) => call('attendance', 'currentToken', { sessionId });
export const checkIn = (code: string, familyIds?: string[]) => call('attendance', 'checkIn', { code, ...(familyIds ? { familyIds } : {}) });
export const roster = (sessionId: string) => call('attendance', 'roster', { sessionId });
export const correctRoster = (sessionId: string, familyId: string, status: AttendanceStatus, reason?: string) =>
  call('attendance', 'correctRoster', { sessionId, familyId, status, ...(reason ? { reason } : {}) });
export const listLessons = (familyId?: string) => call('attendance', 'listLessons', familyId ? { familyId } : {});
export const getLesson = (lessonId: string, familyId?: string) => call('attendance', 'getLesson', { lessonId, ...(familyId ? { familyId } : {}) });
export const startLesson = (lessonId: string, familyId?: string) => call('attendance', 'startLesson', { lessonId, ...(familyId ? { familyId } : {}) });
export const reportLessonProgress = (lessonId: string, positionSeconds: number, familyId?: string) =>
  call('attendance', 'lessonProgress', { lessonId, positionSeconds, ...(familyId ? { familyId } : {}) });
export const completeLesson = (lessonId: string, positionSeconds: number, familyId?: string) =>
  call('attendance', 'completeLesson', { lessonId, positionSeconds, ...(familyId ? { familyId } : {}) });

export { ATTENDANCE_STATUS_LABELS };

export function statusLabel(s: AttendanceStatus | null): string {
  return s ? ATTENDANCE_STATUS_LABELS[s] : '未签到';
}

export function sessionTime(startAt: string, endAt: string): string {
  return `${formatDateTime(startAt)}–${shanghai(endAt).format('HH:mm')}`;
}

export function minutesLabel(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} 秒`;
  return `${Math.round(seconds / 60)} 分钟`;
}
