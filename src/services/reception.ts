/**
 * Typed calls of the `reception` function (家长接待日, the case loop, 意见建议) and small view helpers.
 * Pages never call the gateway directly for reception; they come here.
 */
import { call, type InputOf } from './cloud';
import { requestSubscribe } from './subscribe';
import { shanghai } from '@shared/common/time';
import { MODE_LABELS, RATING_LABELS, LEADER_POSITIONS, type CaseDto, type ReceptionMode } from '@shared/reception/reception.schema';
import { BOOKING_STATUS_LABELS, CASE_STATUS_LABELS } from '@shared/reception/reception.rules';
import type { ProfileMembership } from '@/hooks/useProfile';

export type { CaseDto };

/** Subscribe-message templates the reception functions send (ids as configured in the console). */
export const RECEPTION_TEMPLATE_IDS = { reminder: 'tpl-reception-reminder', caseUpdate: 'tpl-reception-case' } as const;

export const reception = {
  staffOptions: (schoolId: string) => call('reception', 'staffOptions', { schoolId }),
  publishDays: (input: InputOf<'reception', 'publishDays'>) => call('reception', 'publishDays', input),
  listDays: (input: InputOf<'reception', 'listDays'>) => call('reception', 'listDays', input),
  dayDetail: (dayId: string, childId?: string) => call('reception', 'dayDetail', { dayId, ...(childId ? { childId } : {}) }),
  cancelDay: (dayId: string, reason: string) => call('reception', 'cancelDay', { dayId, reason }),
  setAbsence: (input: InputOf<'reception', 'setAbsence'>) => call('reception', 'setAbsence', input),
  book: (input: InputOf<'reception', 'book'>) => call('reception', 'book', input),
  cancelBooking: (bookingId: string) => call('reception', 'cancelBooking', { bookingId }),
  myBookings: (childId?: string) => call('reception', 'myBookings', childId ? { childId } : {}),
  dayList: (dayId: string, staffId?: string) => call('reception', 'dayList', { dayId, ...(staffId ? { staffId } : {}) }),
  markAttendance: (bookingId: string, status: 'arrived' | 'no_show') => call('reception', 'markAttendance', { bookingId, status }),
  recordOutcome: (input: InputOf<'reception', 'recordOutcome'>) => call('reception', 'recordOutcome', input),
  completeFollowUp: (caseId: string, note: string) => call('reception', 'completeFollowUp', { caseId, note }),
  rate: (caseId: string, rating: 'satisfied' | 'basic' | 'unsatisfied', comment: string) => call('reception', 'rate', { caseId, rating, comment }),
  closeCase: (caseId: string, reason: string) => call('reception', 'closeCase', { caseId, reason }),
  assignCase: (caseId: string, assigneeStaffId: string) => call('reception', 'assignCase', { caseId, assigneeStaffId }),
  caseDetail: (caseId: string) => call('reception', 'caseDetail', { caseId }),
  listCases: (schoolId: string, filter: 'open' | 'overdue' | 'reopened' | 'all') => call('reception', 'listCases', { schoolId, filter }),
  assignedCases: (schoolId: string) => call('reception', 'assignedCases', { schoolId }),
  myCases: (childId?: string) => call('reception', 'myCases', childId ? { childId } : {}),
  submitSuggestion: (input: InputOf<'reception', 'submitSuggestion'>) => call('reception', 'submitSuggestion', input),
};

/** Ask for the reminder / result subscriptions; call synchronously in the tap handler, before any await. */
export function askReceptionNotices(): Promise<unknown> {
  return requestSubscribe([RECEPTION_TEMPLATE_IDS.reminder, RECEPTION_TEMPLATE_IDS.caseUpdate]);
}

const LEADERS: readonly string[] = LEADER_POSITIONS;
export const isLeaderIn = (m: ProfileMembership) => m.roles.includes('admin') || m.positions.some((p) => LEADERS.includes(p.title));
/** The school a leader's page is for: the one asked for (?schoolId=) when the caller leads it, else the first they lead. */
export function leaderMembership(memberships: readonly ProfileMembership[] | undefined, wanted?: string): ProfileMembership | undefined {
  return memberships?.find((x) => x.schoolId === wanted && isLeaderIn(x)) ?? memberships?.find(isLeaderIn);
}
export const isStaffIn = (m: ProfileMembership) => m.roles.includes('teacher') || m.roles.includes('admin');

const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
/** "12月2日 周三" */
export function dateText(date: string): string {
  const d = shanghai(`${date}T12:00:00+08:00`);
  return `${d.format('M月D日')} 周${WEEK[d.day()]}`;
}
export const modeText = (mode: ReceptionMode, room?: string) => (mode === 'in_person' ? `现场 · ${room || '学校'}` : MODE_LABELS[mode]);
export const bookingStatusText = (s: keyof typeof BOOKING_STATUS_LABELS) => BOOKING_STATUS_LABELS[s];
export function caseStatusText(c: Pick<CaseDto, 'status' | 'reopenReason' | 'overdue' | 'mine'>): string {
  if (c.status === 'reopened' && c.mine) return '已转学校领导处理';
  if (c.status === 'reopened') return c.reopenReason === 'overdue' ? '跟进逾期 · 已重新打开' : '家长不满意 · 已重新打开';
  return c.overdue ? `${CASE_STATUS_LABELS[c.status]} · 已逾期` : CASE_STATUS_LABELS[c.status];
}
/** 接待 / 意见建议 / 投诉 */
export const caseKindText = (c: Pick<CaseDto, 'kind' | 'suggestionKind'>) => (c.kind === 'suggestion' ? (c.suggestionKind === 'complaint' ? '投诉' : '意见建议') : '接待');
/** "接待 · 心理与情绪", "投诉 · 意见建议"; a suggestion's topic is not said twice ("意见建议"). */
export function caseLabel(c: Pick<CaseDto, 'kind' | 'suggestionKind' | 'topic'>): string {
  const kind = caseKindText(c);
  return kind === c.topic ? kind : `${kind} · ${c.topic}`;
}
export const ratingText = (r: keyof typeof RATING_LABELS) => RATING_LABELS[r];
export const dueText = (iso: string | null) => (iso ? shanghai(iso).format('M月D日') : '');
export const newRequestKey = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** 开放日 / 开放周 */
export const openDays = {
  publish: (input: InputOf<'reception', 'publishOpenEvent'>) => call('reception', 'publishOpenEvent', input),
  list: (input: InputOf<'reception', 'listOpenEvents'>) => call('reception', 'listOpenEvents', input),
  signUp: (activityId: string, childId: string) => call('reception', 'signUp', { activityId, childId }),
  cancel: (signupId: string) => call('reception', 'cancelSignup', { signupId }),
  signups: (activityId: string) => call('reception', 'activitySignups', { activityId }),
  mark: (signupId: string, status: 'attended' | 'signed') => call('reception', 'markSignup', { signupId, status }),
  feedback: (signupId: string, rating: number, text: string) => call('reception', 'openDayFeedback', { signupId, rating, text }),
  openCheckin: (activityId: string) => call('reception', 'openActivityCheckin', { activityId }),
  closeCheckin: (activityId: string) => call('reception', 'closeActivityCheckin', { activityId }),
  checkinCode: (activityId: string) => call('reception', 'activityCheckinCode', { activityId }),
  checkIn: (code: string) => call('reception', 'openDayCheckIn', { code }),
};

/** The school's reception rules (admin saves; members read). */
export const receptionSettings = {
  get: (schoolId: string) => call('reception', 'getSettings', { schoolId }),
  save: (input: InputOf<'reception', 'saveSettings'>) => call('reception', 'saveSettings', input),
};
