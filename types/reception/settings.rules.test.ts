import { openDayCredit, openDayCreditText } from '../credit/credit.rules';
import { OpenDayCreditRuleSchema, type OpenDayCreditRule } from '../credit/credit.schema';
import type { ZodTypeAny } from 'zod';
import { DEFAULT_RECEPTION_SETTINGS, SaveSettingsInputSchema, settingsOf } from './settings.schema';
import { BookInputSchema, PublishDaysInputSchema, SetAbsenceInputSchema } from './reception.schema';
import { PublishOpenEventInputSchema } from './open-day.schema';
import { checkInput } from '../common/validation';

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

describe('reception field labels in validation sentences', () => {
  const publish = { schoolId: 's', title: '接待日', rule: { kind: 'dates', dates: ['2099-01-06'] }, startTime: '14:00', endTime: '16:00', slotMinutes: 30, placesPerSlot: 1, mode: 'phone', receptionistStaffIds: ['st'] };
  const activity = { kind: '其他', title: '活动', date: '2099-01-06', startTime: '09:00', endTime: '10:00', place: '报告厅', places: 5 };
  it.each<[string, ZodTypeAny, unknown, RegExp]>([
    ['a bad start time', PublishDaysInputSchema, { ...publish, startTime: '25:00' }, /^开始时间：时间格式应为 HH:mm$/],
    ['a bad rule date', PublishDaysInputSchema, { ...publish, rule: { kind: 'weekly', weekday: 2, from: '1.1', until: '2099-02-01' } }, /^起始日期：日期格式应为 YYYY-MM-DD$/],
    ['a bad open-day date', PublishOpenEventInputSchema, { schoolId: 's', title: '开放日', kind: 'day', activities: [{ ...activity, date: '12/02' }] }, /^第1个活动的日期：日期格式应为 YYYY-MM-DD$/],
    ['a bad absence time', SetAbsenceInputSchema, { dayId: 'd', staffId: 's', from: '9点', reason: '外出开会' }, /^开始时间：时间格式应为 HH:mm$/],
    ['a bad booking time', BookInputSchema, { dayId: 'd', childId: 'c', time: '3pm', topic: '学习', description: '想了解学习情况' }, /^时间格式应为 HH:mm$/],
  ])('%s names its field', (_n, schema, input, want) => {
    const sentences = (checkInput(schema, input) ?? []).map((i) => i.message);
    expect(sentences.some((m) => want.test(m))).toBe(true);
    expect(sentences.join('|')).not.toMatch(/(^|\|)内容：/);
  });
});
