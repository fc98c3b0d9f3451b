/**
 * Attendance: check-in windows with a rotating signed code, roster records and corrections,
 * recorded online micro-lessons and the progress a family makes through them.
 */
import { z } from 'zod';
import { lessonContentProblem } from './lesson-content.rules';

export const ATTENDANCE_STATUSES = ['present', 'late', 'left_early', 'excused', 'absent'] as const;
export const AttendanceStatusSchema = z.enum(ATTENDANCE_STATUSES);
export type AttendanceStatus = z.infer<typeof AttendanceStatusSchema>;

export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: '出席',
  late: '迟到',
  left_early: '早退',
  excused: '请假',
  absent: '缺席',
};

const Id = z.string().trim().min(1).max(128);
const Reason = z.string().trim().min(1).max(200);

/** checkin_windows/{sessionId}: opened by a teacher; the secret never leaves the server. */
export interface CheckinWindowDoc {
  _id: string; // sessionId
  sessionId: string;
  courseId: string;
  schoolId: string;
  status: 'open' | 'closed';
  /** Short code shown under the QR code for typing on H5 (4 characters, no 0/O/1/I). */
  shortCode: string;
  secret: string;
  stepSeconds: number;
  /** Check-in is accepted only while now ∈ [opensAt, closesAt] and status = open. */
  opensAt: Date;
  closesAt: Date;
  openedBy: string;
  openedAt: Date;
  closedAt?: Date | null;
  closedBy?: string | null;
}

/** attendance/{sessionId}_{familyId} */
export interface AttendanceDoc {
  _id: string;
  sessionId: string;
  courseId: string;
  schoolId: string;
  classId: string;
  familyId: string;
  status: AttendanceStatus;
  reason?: string | null;
  method: 'qr' | 'code' | 'roster';
  /** Hours credited for this record so far (sum of its ledger entries). */
  creditedHours: number;
  /** Sessions / collective lessons credited so far (0 or 1). */
  creditedSessions: number;
  creditedCollective: number;
  durationMinutes: number;
  /** Revision: each correction increments it; corrections are attendance_corrections/{_id}_r{rev}. */
  rev: number;
  checkedInAt?: Date | null;
  checkedInBy?: string | null;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

/** attendance_corrections/{attendanceId}_r{rev}: append-only history of roster changes. */
export interface AttendanceCorrectionDoc {
  _id: string;
  attendanceId: string;
  sessionId: string;
  schoolId: string;
  familyId: string;
  rev: number;
  from: AttendanceStatus | null;
  to: AttendanceStatus;
  reason?: string | null;
  operatorUserId: string;
  at: Date;
}

/** online_lessons/{id}: a recorded micro-lesson (video or article). */
export interface OnlineLessonDoc {
  _id: string;
  schoolId: string;
  title: string;
  kind: 'video' | 'article';
  /** Length of the video, or the reading time of the article, in seconds. */
  durationSeconds: number;
  /** Hours credited on completion. */
  creditHours: number;
  summary?: string;
  mediaUrl?: string | null;
  body?: string | null;
  published: boolean;
  createdAt: Date;
  createdBy: string;
}

/** lesson_progress/{lessonId}_{familyId} */
export interface LessonProgressDoc {
  _id: string;
  lessonId: string;
  schoolId: string;
  familyId: string;
  classId: string;
  /** Server time of the first start: plausibility is measured from here. */
  startedAt: Date;
  lastReportAt: Date;
  /** Furthest position reported (seconds), never more than the time elapsed since start. */
  positionSeconds: number;
  completedAt?: Date | null;
  startedBy: string;
}

// ---- inputs ----
export const OpenCheckinInputSchema = z.object({
  sessionId: Id,
  /** Seconds per code; a code is accepted during its own and the following step. */
  stepSeconds: z.number().int().min(5).max(120).optional(),
});
export const SessionInputSchema = z.object({ sessionId: Id });
export const CheckInInputSchema = z.object({
  /** The scanned QR payload, or the typed code shown under it (e.g. "K7Q2 384912"). */
  code: z.string().trim().min(6).max(300),
  /** Only these children (families); default: every child of the caller enrolled in the course. */
  familyIds: z.array(Id).min(1).max(10).optional(),
});
export const CorrectRosterInputSchema = z
  .object({
    sessionId: Id,
    familyId: Id,
    status: AttendanceStatusSchema,
    reason: Reason.optional(),
  })
  .refine((v) => v.status !== 'excused' || !!v.reason, { message: '请假需填写原因', path: ['reason'] });

export const LessonInputSchema = z.object({ lessonId: Id, familyId: Id.optional() });
export const LessonProgressInputSchema = z.object({
  lessonId: Id,
  familyId: Id.optional(),
  positionSeconds: z.number().min(0).max(24 * 3600),
});
export const SaveLessonInputSchema = z.object({
  schoolId: Id,
  lessonId: Id.optional(),
  title: z.string().trim().min(1).max(60),
  kind: z.enum(['video', 'article']),
  durationSeconds: z.number().int().min(30).max(4 * 3600),
  creditHours: z.number().min(0.5).max(8).multipleOf(0.5),
  summary: z.string().trim().max(300).optional(),
  mediaUrl: z.string().trim().url().max(500).optional(),
  body: z.string().max(20000).optional(),
  published: z.boolean().default(true),
}).superRefine((l, ctx) => {
  // A published lesson must be watchable or readable (a draft may wait for its video).
  const problem = l.published ? lessonContentProblem(l) : null;
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [problem.path], message: problem.message });
});
export const ListLessonsInputSchema = z.object({ schoolId: Id.optional(), familyId: Id.optional() });

export type OpenCheckinInput = z.infer<typeof OpenCheckinInputSchema>;
export type CheckInInput = z.infer<typeof CheckInInputSchema>;
export type CorrectRosterInput = z.infer<typeof CorrectRosterInputSchema>;
export type LessonInput = z.infer<typeof LessonInputSchema>;
export type LessonProgressInput = z.infer<typeof LessonProgressInputSchema>;
export type SaveLessonInput = z.infer<typeof SaveLessonInputSchema>;

// ---- outputs ----
export interface CheckinWindowView {
  sessionId: string;
  courseId: string;
  courseTitle: string;
  status: 'open' | 'closed';
  opensAt: string;
  closesAt: string;
  stepSeconds: number;
  shortCode: string;
}
export interface CurrentTokenView {
  sessionId: string;
  /** The QR payload. */
  token: string;
  /** What a parent types on H5: shortCode + 6 digits. */
  typedCode: string;
  /** Milliseconds until the code rotates. */
  rotatesInMs: number;
  stepSeconds: number;
  open: boolean;
  checkedIn: number;
  enrolled: number;
}
export interface SessionItem {
  sessionId: string;
  courseId: string;
  courseTitle: string;
  startAt: string;
  endAt: string;
  place: string;
  /** none: check-in never opened; open / closed: the teacher's switch. */
  checkin: 'none' | 'open' | 'closed';
  /** Whether now is inside the session's check-in window (30 min before to 15 min after). */
  inWindow: boolean;
}
export interface CheckInResultItem {
  familyId: string;
  childName: string;
  status: AttendanceStatus;
  /** false: the record existed already (a replay); nothing was credited twice. */
  created: boolean;
  creditedHours: number;
}
export interface CheckInOutput {
  sessionId: string;
  courseTitle: string;
  items: CheckInResultItem[];
}
export interface RosterRow {
  familyId: string;
  childName: string;
  classId: string;
  status: AttendanceStatus | null;
  reason: string | null;
  method: string | null;
  checkedInAt: string | null;
  creditedHours: number;
  rev: number;
  history: { rev: number; from: AttendanceStatus | null; to: AttendanceStatus; reason: string | null; operatorUserId: string; operatorLabel: string; at: string }[];
}
export interface RosterOutput {
  sessionId: string;
  courseTitle: string;
  startAt: string;
  endAt: string;
  counts: Record<AttendanceStatus | 'unmarked', number>;
  rows: RosterRow[];
}
export interface LessonView {
  lessonId: string;
  title: string;
  kind: 'video' | 'article';
  durationSeconds: number;
  creditHours: number;
  summary: string;
  mediaUrl: string | null;
  /** What the player loads: mediaUrl, or for a cloud file its temporary https URL (H5 cannot play cloud://). */
  playUrl?: string | null;
  body: string | null;
  /** elapsedSeconds: seconds since startedAt by the server's clock when it answered. */
  progress: { startedAt: string; elapsedSeconds: number; positionSeconds: number; completedAt: string | null } | null;
}
export interface LessonCompleteOutput {
  lessonId: string;
  familyId: string;
  completedAt: string;
  creditedHours: number;
  /** false: it had been completed before; nothing was credited twice. */
  created: boolean;
}
