/** The `reception` function's actions: input (as sent by the app) → output (as received). */
import type { z } from 'zod';
import type { ActionSpec } from '../common/api-spec';
import type * as S from './reception.schema';
import type * as O from './open-day.schema';
import type { ReceptionSettings } from './settings.schema';

type In<T extends z.ZodTypeAny> = z.input<T>;
type Cases = { items: S.CaseDto[] };

export interface ReceptionApi {
  staffOptions: ActionSpec<In<typeof S.SchoolInputSchema>, { items: S.StaffOptionDto[] }>;
  publishDays: ActionSpec<In<typeof S.PublishDaysInputSchema>, { dayIds: string[]; slots: number }>;
  listDays: ActionSpec<In<typeof S.ListDaysInputSchema>, { items: S.DaySummaryDto[] }>;
  dayDetail: ActionSpec<In<typeof S.DayInputSchema>, S.DayDetailDto>;
  cancelDay: ActionSpec<In<typeof S.CancelDayInputSchema>, { told: number }>;
  setAbsence: ActionSpec<In<typeof S.SetAbsenceInputSchema>, { closed: number; told: number }>;
  book: ActionSpec<In<typeof S.BookInputSchema>, { booking: S.BookingDto }>;
  cancelBooking: ActionSpec<In<typeof S.BookingIdInputSchema>, { status: 'cancelled' }>;
  myBookings: ActionSpec<In<typeof S.MyBookingsInputSchema>, { items: S.BookingDto[] }>;
  dayList: ActionSpec<In<typeof S.DayListInputSchema>, { items: (S.BookingDto & { className: string; caseStatus: S.CaseStatus | null })[]; mine: string | null }>;
  markAttendance: ActionSpec<In<typeof S.MarkAttendanceInputSchema>, { status: 'arrived' | 'no_show' }>;
  recordOutcome: ActionSpec<In<typeof S.RecordOutcomeInputSchema>, S.CaseDto>;
  completeFollowUp: ActionSpec<In<typeof S.CompleteFollowUpInputSchema>, S.CaseDto>;
  rate: ActionSpec<In<typeof S.RateInputSchema>, S.CaseDto>;
  closeCase: ActionSpec<In<typeof S.CloseCaseInputSchema>, S.CaseDto>;
  assignCase: ActionSpec<In<typeof S.AssignCaseInputSchema>, S.CaseDto>;
  caseDetail: ActionSpec<In<typeof S.CaseIdInputSchema>, S.CaseDto>;
  listCases: ActionSpec<In<typeof S.ListCasesInputSchema>, Cases & { counts: { open: number; reopened: number; overdue: number } }>;
  assignedCases: ActionSpec<In<typeof S.AssignedInputSchema>, Cases>;
  myCases: ActionSpec<In<typeof S.MyCasesInputSchema>, Cases>;
  submitSuggestion: ActionSpec<In<typeof S.SubmitSuggestionInputSchema>, S.CaseDto>;
  getSettings: ActionSpec<In<typeof S.SchoolInputSchema>, ReceptionSettings>;
  saveSettings: ActionSpec<In<typeof S.SaveSettingsInputSchema>, ReceptionSettings>;
  publishOpenEvent: ActionSpec<In<typeof O.PublishOpenEventInputSchema>, { eventId: string; activities: number }>;
  listOpenEvents: ActionSpec<In<typeof O.OpenEventsInputSchema>, { items: O.OpenEventDto[] }>;
  signUp: ActionSpec<In<typeof O.SignUpInputSchema>, O.ActivityDto>;
  cancelSignup: ActionSpec<In<typeof O.SignupIdInputSchema>, { status: 'cancelled' }>;
  activitySignups: ActionSpec<In<typeof O.ActivityIdInputSchema>, { items: O.SignupRowDto[] }>;
  markSignup: ActionSpec<In<typeof O.MarkSignupInputSchema>, { status: string; creditedHours: number }>;
  openActivityCheckin: ActionSpec<In<typeof O.OpenCheckinInputSchema>, O.OpenCheckinView>;
  closeActivityCheckin: ActionSpec<In<typeof O.ActivityIdInputSchema>, O.OpenCheckinView>;
  activityCheckinCode: ActionSpec<In<typeof O.ActivityIdInputSchema>, O.OpenCheckinCodeView>;
  openDayCheckIn: ActionSpec<In<typeof O.OpenDayCheckInInputSchema>, O.OpenDayCheckInOutput>;
  openDayFeedback: ActionSpec<In<typeof O.FeedbackInputSchema>, { ok: true }>;
}
