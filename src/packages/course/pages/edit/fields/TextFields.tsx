/** The course form's plain text fields: 课程名称, 名额, 学期, 课程简介. */
import Field from '@/components/Field';
import { semesterLabel } from '@shared/course/course.rules';
import { LIMITS } from '../course-form';
import type { FieldProps } from './types';

export function TitleField({ form, set, bad }: FieldProps) {
  return <Field label="课程名称" placeholder="如：读懂孩子的情绪" value={form.title} max={LIMITS.title} onInput={(v) => set({ title: v })} invalid={bad('title')} testId="course-title-input" />;
}

export function CapacityField({ form, set, bad }: FieldProps) {
  return <Field label="名额" hint="1 到 5000 人" value={form.capacity} type="number" onInput={(v) => set({ capacity: v })} invalid={bad('capacity')} testId="capacity-input" />;
}

export function SemesterField({ form, set, bad }: FieldProps) {
  return (
    <Field label={`学期（${semesterLabel(form.semester)}）`} hint="格式如 2025-2026-1（第一学期）" value={form.semester} onInput={(v) => set({ semester: v })} invalid={bad('semester')} testId="semester-input" />
  );
}

export function SummaryField({ form, set, bad }: FieldProps) {
  return (
    <Field
      label="课程简介"
      multiline
      value={form.summary}
      max={LIMITS.summary}
      placeholder="课程内容、适合哪些家长、需要准备什么"
      onInput={(v) => set({ summary: v })}
      invalid={bad('summary')}
      testId="summary-input"
    />
  );
}
