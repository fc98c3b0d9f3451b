/** The course form's choices: 授课形式, 主题, 每户可报名人数. */
import Chips from '@/components/Chips';
import { COURSE_FORMS, COURSE_TOPICS } from '@shared/course/course.schema';
import { SEATS_CHOICES } from '../course-form';
import { Section } from './Section';
import type { FieldProps } from './types';

export function FormKindField({ form, set, bad }: FieldProps) {
  return (
    <Section label="授课形式" invalid={bad('form')}>
      <Chips wrap options={COURSE_FORMS.map((v) => ({ value: v, label: v }))} value={[form.form]} onChange={(v) => v[0] && set({ form: v[0] })} testId="form-chips" />
    </Section>
  );
}

export function TopicsField({ form, set, bad }: FieldProps) {
  return (
    <Section label="主题（可多选）" invalid={bad('topics')}>
      <Chips wrap multiple options={COURSE_TOPICS.map((v) => ({ value: v, label: v }))} value={form.topics} onChange={(v) => set({ topics: v })} />
    </Section>
  );
}

export function SeatsField({ form, set, bad }: FieldProps) {
  return (
    <Section label="每户可报名人数" invalid={bad('seatsPerFamily')}>
      <Chips options={SEATS_CHOICES} value={[form.seatsPerFamily]} onChange={(v) => v[0] && set({ seatsPerFamily: v[0] })} />
    </Section>
  );
}
