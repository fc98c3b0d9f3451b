/**
 * A school's reception rules (reception_settings/{schoolId}, admin only): the suggestion answer
 * deadline in working days, the default booking / cancel deadlines of reception days and open-day
 * activities (a publish form starts from them and the server fills them when a request omits
 * them), and whether an attended open-day activity counts toward 学时 (the credit domain's rule).
 */
import { z } from 'zod';
import { DEFAULT_OPEN_DAY_CREDIT, OpenDayCreditRuleSchema, type OpenDayCreditRule } from '../credit/credit.schema';
import { withLabels } from '../common/validation';

/** Field sentences come from types/common/validation.ts with RECEPTION_SETTINGS_LABELS. */
const hours = () => z.number().int().min(0).max(168);

export const ReceptionSettingsSchema = z.object({
  suggestionAnswerDays: z.number().int().min(1).max(30),
  bookingClosesHours: hours(),
  cancelClosesHours: hours(),
  openDaySignUpClosesHours: hours(),
  openDayCancelClosesHours: hours(),
  openDayCredit: OpenDayCreditRuleSchema,
});
export type ReceptionSettings = z.infer<typeof ReceptionSettingsSchema>;

export const DEFAULT_RECEPTION_SETTINGS: ReceptionSettings = {
  suggestionAnswerDays: 5,
  bookingClosesHours: 2,
  cancelClosesHours: 12,
  openDaySignUpClosesHours: 2,
  openDayCancelClosesHours: 12,
  openDayCredit: DEFAULT_OPEN_DAY_CREDIT,
};

export const RECEPTION_SETTINGS_LABELS = {
  suggestionAnswerDays: '意见建议答复期限',
  bookingClosesHours: '接待日预约截止',
  cancelClosesHours: '接待日取消截止',
  openDaySignUpClosesHours: '开放日报名截止',
  openDayCancelClosesHours: '开放日取消截止',
  'openDayCredit.mode': '开放日学时规则',
  'openDayCredit.hours': '开放日每项活动课时',
};

/** Saving: every rule at once (the page sends the whole form); older clients may omit the new ones. */
export const SaveSettingsInputSchema = withLabels(
  ReceptionSettingsSchema.partial({ bookingClosesHours: true, cancelClosesHours: true, openDaySignUpClosesHours: true, openDayCancelClosesHours: true, openDayCredit: true }).extend({
    schoolId: z.string().min(1).max(120),
  }),
  RECEPTION_SETTINGS_LABELS,
);
export type SaveSettingsInput = z.infer<typeof SaveSettingsInputSchema>;

/** A stored document (possibly from before a rule existed) → every rule, defaults filled in. */
export function settingsOf(doc: Partial<ReceptionSettings> | null | undefined): ReceptionSettings {
  const d = doc ?? {};
  const credit: OpenDayCreditRule = { ...DEFAULT_OPEN_DAY_CREDIT, ...(d.openDayCredit ?? {}) };
  return {
    suggestionAnswerDays: d.suggestionAnswerDays ?? DEFAULT_RECEPTION_SETTINGS.suggestionAnswerDays,
    bookingClosesHours: d.bookingClosesHours ?? DEFAULT_RECEPTION_SETTINGS.bookingClosesHours,
    cancelClosesHours: d.cancelClosesHours ?? DEFAULT_RECEPTION_SETTINGS.cancelClosesHours,
    openDaySignUpClosesHours: d.openDaySignUpClosesHours ?? DEFAULT_RECEPTION_SETTINGS.openDaySignUpClosesHours,
    openDayCancelClosesHours: d.openDayCancelClosesHours ?? DEFAULT_RECEPTION_SETTINGS.openDayCancelClosesHours,
    openDayCredit: credit,
  };
}
