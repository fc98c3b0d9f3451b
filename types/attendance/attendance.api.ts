import type { ActionSpec } from '../common/api-spec';
import type {
  CheckInInput,
  CheckInOutput,
  CheckinWindowView,
  CorrectRosterInput,
  CurrentTokenView,
  LessonCompleteOutput,
  LessonInput,
  LessonProgressInput,
  LessonView,
  OpenCheckinInput,
  RosterOutput,
  RosterRow,
  SaveLessonInput,
  SessionItem,
} from './attendance.schema';

export interface AttendanceApi {
  /** Teacher / admin: sessions of their schools from `pastDays` (default 1) ago to tomorrow, with check-in state. */
  todaySessions: ActionSpec<{ pastDays?: number }, SessionItem[]>;
  /** Teacher / admin: open check-in for a session (idempotent while open). */
  openCheckin: ActionSpec<OpenCheckinInput, CheckinWindowView>;
  closeCheckin: ActionSpec<{ sessionId: string }, CheckinWindowView>;
  /** Teacher / admin: the code on screen now (the projector page polls this). */
  currentToken: ActionSpec<{ sessionId: string }, CurrentTokenView>;
  /** Parent: check in with the scanned or typed code. */
  checkIn: ActionSpec<CheckInInput, CheckInOutput>;
  roster: ActionSpec<{ sessionId: string }, RosterOutput>;
  correctRoster: ActionSpec<CorrectRosterInput, RosterRow>;
  listLessons: ActionSpec<{ schoolId?: string; familyId?: string }, LessonView[]>;
  getLesson: ActionSpec<LessonInput, LessonView>;
  saveLesson: ActionSpec<Omit<SaveLessonInput, 'published'> & { published?: boolean }, LessonView>;
  startLesson: ActionSpec<LessonInput, LessonView>;
  lessonProgress: ActionSpec<LessonProgressInput, LessonView>;
  completeLesson: ActionSpec<LessonProgressInput, LessonCompleteOutput>;
}
