/** 上课方式: 线下 (a place), 线上直播 (a link) or 录播微课 (an optional video link). */
import Chips from '@/components/Chips';
import Field from '@/components/Field';
import { LIMITS, MODE_CHOICES } from '../course-form';
import { Section } from './Section';
import type { FieldProps } from './types';

export function ModeField({ form, set, bad }: FieldProps) {
  return (
    <Section label="上课方式" invalid={bad('mode')}>
      <Chips options={MODE_CHOICES} value={[form.modeKind]} onChange={(v) => v[0] && set({ modeKind: v[0] })} />
      {form.modeKind === 'offline' ? (
        <Field label="地点" placeholder="如：学校报告厅" value={form.place} max={LIMITS.place} onInput={(v) => set({ place: v })} invalid={bad('place')} testId="place-input" />
      ) : (
        <Field label={form.modeKind === 'live' ? '直播链接' : '视频链接（选填）'} value={form.link} max={LIMITS.link} onInput={(v) => set({ link: v })} invalid={bad('link')} testId="link-input" />
      )}
    </Section>
  );
}
