/**
 * 上课时间: each session's date and times, ＋ 添加一次课, with the class hours counted live by the
 * school's rule (the shared rule the server applies when it saves).
 */
import { View, Text, Picker } from '@tarojs/components';
import { classHourRuleText, totalClassHours } from '@shared/course/course.rules';
import type { ClassHourRule } from '@shared/course/course.schema';
import { ruleChanged, sessionTimes, withNextSession, withoutSession, withSession, type Form } from '../course-form';
import { Section } from './Section';
import type { FieldProps } from './types';

export interface SessionsFieldProps extends Omit<FieldProps, 'set'> {
  /** The whole form after a change of the sessions. */
  change(next: (f: Form) => Form): void;
  /** The school's current rule (undefined while it loads), and whether reading it failed. */
  rule: ClassHourRule | undefined;
  ruleFailed: boolean;
  /** Editing: the rule and hours the course was saved with. */
  saved?: { rule: ClassHourRule; totalClassHours: number };
}

function ruleLine(rule: ClassHourRule | undefined, failed: boolean): string {
  if (rule) return `本校课时规则：${classHourRuleText(rule)}。课时随课程保存，学校日后修改规则不影响已保存的课程。`;
  return failed ? '未能读取本校课时规则，保存时按学校规则计算' : '正在读取本校课时规则…';
}

export function SessionsField({ form, change, bad, rule, ruleFailed, saved }: SessionsFieldProps) {
  const hours = rule ? totalClassHours(sessionTimes(form), rule) : null;
  return (
    <Section invalid={bad('sessions')} label={hours === null ? '上课时间' : `上课时间（共${hours}课时）`}>
      <Text className="ps-muted" data-testid="class-hour-rule">
        {ruleLine(rule, ruleFailed)}
      </Text>
      {saved && ruleChanged(saved.rule, rule) ? (
        <Text className="ps-muted" data-testid="class-hour-rule-changed">
          {`本课程保存时的规则为“${classHourRuleText(saved.rule)}”（共${saved.totalClassHours}课时）；保存修改后将按本校当前规则重新计算。`}
        </Text>
      ) : null}
      {form.sessions.map((s, i) => (
        <View key={i} className="course-datetime" style={{ marginBottom: '12px' }} data-testid="session-row">
          <Picker mode="date" value={s.date} onChange={(e) => change((f) => withSession(f, i, { date: String(e.detail.value) }))}>
            <Text className="course-field__picker">{s.date}</Text>
          </Picker>
          <Picker mode="time" value={s.start} onChange={(e) => change((f) => withSession(f, i, { start: String(e.detail.value) }))}>
            <Text className="course-field__picker">{s.start}</Text>
          </Picker>
          <Text>至</Text>
          <Picker mode="time" value={s.end} onChange={(e) => change((f) => withSession(f, i, { end: String(e.detail.value) }))}>
            <Text className="course-field__picker">{s.end}</Text>
          </Picker>
          {form.sessions.length > 1 ? (
            <Text style={{ color: '#d25f00' }} onClick={() => change((f) => withoutSession(f, i))}>
              删除
            </Text>
          ) : null}
        </View>
      ))}
      <Text style={{ color: '#1a7f5a' }} onClick={() => change(withNextSession)}>
        ＋ 添加一次课
      </Text>
    </Section>
  );
}
