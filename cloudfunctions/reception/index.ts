/** 家长接待日 bookings, the case loop (处理结果 → 评价 → 办结) and 意见建议. Routes only. */
import { createHandler, route } from '../../server/core/handler';
import {
  AssignCaseInputSchema,
  AssignedInputSchema,
  BookInputSchema,
  BookingIdInputSchema,
  CancelDayInputSchema,
  CaseIdInputSchema,
  CloseCaseInputSchema,
  CompleteFollowUpInputSchema,
  DayInputSchema,
  DayListInputSchema,
  ListCasesInputSchema,
  ListDaysInputSchema,
  MarkAttendanceInputSchema,
  MyBookingsInputSchema,
  MyCasesInputSchema,
  PublishDaysInputSchema,
  RateInputSchema,
  RecordOutcomeInputSchema,
  SaveSettingsInputSchema,
  SchoolInputSchema,
  SetAbsenceInputSchema,
  SubmitSuggestionInputSchema,
} from '../../types/reception/reception.schema';
import { cancelDay, dayDetail, listDays, publishDays, setAbsence, staffOptions } from '../../server/reception/day.service';
import { book, cancelBooking, dayList, markAttendance, myBookings } from '../../server/reception/booking.service';
import {
  assignCase,
  assignedCases,
  caseDetail,
  closeCase,
  completeFollowUp,
  listCases,
  myCases,
  rate,
  recordOutcome,
  submitSuggestion,
} from '../../server/reception/case.service';

import { getSettings, saveSettings } from '../../server/reception/settings.service';
import {
  ActivityIdInputSchema,
  FeedbackInputSchema,
  MarkSignupInputSchema,
  OpenCheckinInputSchema,
  OpenDayCheckInInputSchema,
  OpenEventsInputSchema,
  PublishOpenEventInputSchema,
  SignUpInputSchema,
  SignupIdInputSchema,
} from '../../types/reception/open-day.schema';
import { activitySignups, cancelSignup, listOpenEvents, openDayFeedback, publishOpenEvent, signUp } from '../../server/reception/open-day.service';
import { activityCheckinCode, closeActivityCheckin, markSignupAttendance, openActivityCheckin, openDayCheckIn } from '../../server/reception/open-checkin.service';

export const routes = {
  staffOptions: route(SchoolInputSchema, staffOptions),
  publishDays: route(PublishDaysInputSchema, publishDays),
  listDays: route(ListDaysInputSchema, listDays),
  dayDetail: route(DayInputSchema, dayDetail),
  cancelDay: route(CancelDayInputSchema, cancelDay),
  setAbsence: route(SetAbsenceInputSchema, setAbsence),
  book: route(BookInputSchema, book),
  cancelBooking: route(BookingIdInputSchema, cancelBooking),
  myBookings: route(MyBookingsInputSchema, myBookings),
  dayList: route(DayListInputSchema, dayList),
  markAttendance: route(MarkAttendanceInputSchema, markAttendance),
  recordOutcome: route(RecordOutcomeInputSchema, recordOutcome),
  completeFollowUp: route(CompleteFollowUpInputSchema, completeFollowUp),
  rate: route(RateInputSchema, rate),
  closeCase: route(CloseCaseInputSchema, closeCase),
  assignCase: route(AssignCaseInputSchema, assignCase),
  caseDetail: route(CaseIdInputSchema, caseDetail),
  listCases: route(ListCasesInputSchema, listCases),
  assignedCases: route(AssignedInputSchema, assignedCases),
  myCases: route(MyCasesInputSchema, myCases),
  submitSuggestion: route(SubmitSuggestionInputSchema, submitSuggestion),
  getSettings: route(SchoolInputSchema, getSettings),
  saveSettings: route(SaveSettingsInputSchema, saveSettings),
  // 开放日 / 开放周
  publishOpenEvent: route(PublishOpenEventInputSchema, publishOpenEvent),
  listOpenEvents: route(OpenEventsInputSchema, listOpenEvents),
  signUp: route(SignUpInputSchema, signUp),
  cancelSignup: route(SignupIdInputSchema, cancelSignup),
  activitySignups: route(ActivityIdInputSchema, activitySignups),
  markSignup: route(MarkSignupInputSchema, markSignupAttendance),
  openActivityCheckin: route(OpenCheckinInputSchema, openActivityCheckin),
  closeActivityCheckin: route(ActivityIdInputSchema, closeActivityCheckin),
  activityCheckinCode: route(ActivityIdInputSchema, activityCheckinCode),
  openDayCheckIn: route(OpenDayCheckInInputSchema, openDayCheckIn),
  openDayFeedback: route(FeedbackInputSchema, openDayFeedback),
};

export const main = createHandler(routes);
