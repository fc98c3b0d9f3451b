/** 面向: the whole school, some grades, some classes, or the 教联体's member schools. */
import Chips from '@/components/Chips';
import { audienceChoices, classChoices } from '../course-form';
import { Section } from './Section';
import type { FieldProps } from './types';

export interface AudienceFieldProps extends FieldProps {
  grades: { _id: string; name: string; classes: { _id: string; name: string }[] }[];
  /** The alliance's other schools (none: no 教联体成员校 choice). */
  otherSchools: { _id: string; name: string }[];
}

export function AudienceField({ form, set, bad, grades, otherSchools }: AudienceFieldProps) {
  return (
    <Section label="面向" invalid={bad('audience')}>
      <Chips wrap options={audienceChoices(otherSchools.length > 0)} value={[form.audienceKind]} onChange={(v) => v[0] && set({ audienceKind: v[0] })} />
      {form.audienceKind === 'grades' ? <Chips wrap multiple options={grades.map((g) => ({ value: g._id, label: g.name }))} value={form.gradeIds} onChange={(v) => set({ gradeIds: v })} /> : null}
      {form.audienceKind === 'classes' ? <Chips wrap multiple options={classChoices(grades)} value={form.classIds} onChange={(v) => set({ classIds: v })} /> : null}
      {form.audienceKind === 'alliance' ? <Chips wrap multiple options={otherSchools.map((s) => ({ value: s._id, label: s.name }))} value={form.schoolIds} onChange={(v) => set({ schoolIds: v })} /> : null}
    </Section>
  );
}
