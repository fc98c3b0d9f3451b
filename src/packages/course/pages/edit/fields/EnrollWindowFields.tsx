/** 报名开始, 报名截止, 取消报名截止: a date and a time each. */
import { DateTime, Section } from './Section';
import type { FieldProps } from './types';

const WINDOW = [
  { control: 'opens', label: '报名开始', date: 'opensDate', time: 'opensTime' },
  { control: 'closes', label: '报名截止', date: 'closesDate', time: 'closesTime' },
  { control: 'cancel', label: '取消报名截止', date: 'cancelDate', time: 'cancelTime' },
] as const;

export function EnrollWindowFields({ form, set, bad }: FieldProps) {
  return (
    <>
      {WINDOW.map((w) => (
        <Section key={w.control} label={w.label} invalid={bad(w.control)}>
          <DateTime date={form[w.date]} time={form[w.time]} onDate={(v) => set({ [w.date]: v })} onTime={(v) => set({ [w.time]: v })} />
        </Section>
      ))}
    </>
  );
}
