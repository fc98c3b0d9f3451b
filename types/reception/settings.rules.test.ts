import { openDayCredit, openDayCreditText } from '../credit/credit.rules';
import { OpenDayCreditRuleSchema, type OpenDayCreditRule } from '../credit/credit.schema';
import { DEFAULT_RECEPTION_SETTINGS, SaveSettingsInputSchema, settingsOf } from './settings.schema';

describe('open-day credit by the school’s rule', () => {
  it.each<[OpenDayCreditRule, number, { hours: number; sessions: number }]>([
    [{ mode: 'none', hours: 2 }, 90, { hours: 0, sessions: 0 }],
    [{ mode: 'fixed', hours: 1.5 }, 30, { hours: 1.5, sessions: 1 }],
    [{ mode: 'fixed', hours: 1 }, 240, { hours: 1, sessions: 1 }],
    [{ mode: 'duration', hours: 1 }, 45, { hours: 1, sessions: 1 }],
    [{ mode: 'duration', hours: 1 }, 90, { hours: 2, sessions: 1 }],
    [{ mode: 'duration', hours: 1 }, 60, { hours: 1, sessions: 1 }],
    [{ mode: 'duration', hours: 1 }, 70, { hours: 1.5, sessions: 1 }],
    [{ mode: 'duration', hours: 1 }, 20, { hours: 0, sessions: 1 }],
  ])('%o for %p minutes → %o', (rule, minutes, want) => {
    expect(openDayCredit(rule, minutes)).toEqual({ ...want, collective: 0 });
  });
  it.each<[OpenDayCreditRule, string]>([
    [{ mode: 'none', hours: 1 }, '开放日活动不计入学时'],
    [{ mode: 'fixed', hours: 1.5 }, '签到参加的开放日活动每项计 1.5 课时'],
    [{ mode: 'duration', hours: 1 }, '签到参加的开放日活动按时长计学时（45分钟=1课时）'],
  ])('%o reads %p', (rule, text) => expect(openDayCreditText(rule)).toBe(text));
  it.each([
    [{ mode: 'fixed', hours: 0 }, false],
    [{ mode: 'fixed', hours: 0.75 }, false],
    [{ mode: 'fixed', hours: 8.5 }, false],
    [{ mode: 'fixed', hours: 2.5 }, true],
    [{ mode: 'all', hours: 1 }, false],
    [{ mode: 'none', hours: 1, extra: 1 }, false],
  ])('rule %o valid: %p', (rule, valid) => expect(OpenDayCreditRuleSchema.safeParse(rule).success).toBe(valid));
});

describe('reception settings', () => {
  it('a missing or partial document reads with the defaults', () => {
    expect(settingsOf(null)).toEqual(DEFAULT_RECEPTION_SETTINGS);
    expect(settingsOf({ suggestionAnswerDays: 3 })).toEqual({ ...DEFAULT_RECEPTION_SETTINGS, suggestionAnswerDays: 3 });
    expect(settingsOf({ openDayCredit: { mode: 'fixed' } as OpenDayCreditRule })).toMatchObject({ openDayCredit: { mode: 'fixed', hours: 1 } });
  });
  it.each([
    [{ suggestionAnswerDays: 5 }, true],
    [{ suggestionAnswerDays: 0 }, false],
    [{ suggestionAnswerDays: 31 }, false],
    [{ suggestionAnswerDays: 5, cancelClosesHours: -1 }, false],
    [{ suggestionAnswerDays: 5, cancelClosesHours: 169 }, false],
    [{ suggestionAnswerDays: 5, bookingClosesHours: 0, cancelClosesHours: 168 }, true],
    [{ suggestionAnswerDays: 2.5 }, false],
  ])('%o valid: %p', (input, valid) => expect(SaveSettingsInputSchema.safeParse({ schoolId: 's', ...input }).success).toBe(valid));
});
