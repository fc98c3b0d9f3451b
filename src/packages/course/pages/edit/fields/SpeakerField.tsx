/** 主讲人: a staff member of the school (picked, or typed) or an outside expert with a title. */
import Chips from '@/components/Chips';
import Field from '@/components/Field';
import { LIMITS, SPEAKER_CHOICES, staffChoice, withStaffSpeaker } from '../course-form';
import { Section } from './Section';
import type { FieldProps } from './types';

type StaffMember = { _id: string; name: string; positions: { title: string }[] };

export function SpeakerField({ form, set, bad, staff }: FieldProps & { staff: StaffMember[] }) {
  return (
    <Section label="主讲人" invalid={bad('speaker')}>
      <Chips options={SPEAKER_CHOICES} value={[form.speakerKind]} onChange={(v) => v[0] && set({ speakerKind: v[0], staffId: '' })} />
      {form.speakerKind === 'staff' && staff.length ? (
        <Chips options={staff.slice(0, 40).map(staffChoice)} value={form.staffId ? [form.staffId] : []} onChange={(v) => set(withStaffSpeaker(staff.find((x) => x._id === v[0])))} />
      ) : null}
      <Field label="主讲人姓名" placeholder="姓名" value={form.speakerName} max={LIMITS.speakerName} onInput={(v) => set({ speakerName: v, staffId: '' })} invalid={bad('speakerName')} testId="speaker-name" />
      <Field
        label={form.speakerKind === 'expert' ? '职称或头衔（必填）' : '职务（选填）'}
        value={form.speakerTitle}
        max={LIMITS.speakerTitle}
        onInput={(v) => set({ speakerTitle: v })}
        invalid={bad('speakerTitle')}
        testId="speaker-title"
      />
      {form.speakerKind === 'expert' ? <Field label="单位（选填）" value={form.speakerOrg} max={LIMITS.speakerOrg} onInput={(v) => set({ speakerOrg: v })} invalid={bad('speakerOrg')} testId="speaker-org" /> : null}
    </Section>
  );
}
