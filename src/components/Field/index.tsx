/**
 * A labelled text field that tells its limit as the user types ("12/40", and "最多 40 个字" once
 * reached) and shows itself rejected when a failure named it (useAction().invalid(path)).
 *   <Field label="标题" value={title} onInput={setTitle} max={40} invalid={action.invalid('title')} testId="title" />
 * For a field that is not text (choices, pickers) wrap it: <Field label="形式" invalid={…}>…</Field>.
 */
import type { ReactNode } from 'react';
import { View, Text, Input, Textarea } from '@tarojs/components';
import './index.scss';

export interface FieldProps {
  label: string;
  value?: string;
  onInput?(value: string): void;
  /** Longest allowed text (the server's limit); shown as a counter. */
  max?: number;
  /** false: a fixed-length entry (a phone number) — no counter, no "最多" line. */
  counter?: boolean;
  placeholder?: string;
  invalid?: boolean;
  /** A line under the field (what to enter, a rule). */
  hint?: string;
  multiline?: boolean;
  type?: 'text' | 'number' | 'digit' | 'idcard';
  testId?: string;
  disabled?: boolean;
  children?: ReactNode;
}

/** How many characters a user sees (an emoji is one). */
export function charCount(s: string): number {
  return Array.from(s).length;
}

export default function Field(p: FieldProps) {
  const text = p.value ?? '';
  const n = charCount(text);
  const counted = p.max !== undefined && p.counter !== false && !!p.onInput;
  const atLimit = counted && n >= p.max!;
  const cls = `ps-field${p.invalid ? ' ps-field--invalid' : ''}`;
  const common = {
    className: `ps-field__input${p.multiline ? ' ps-field__input--multi' : ''}`,
    value: text,
    placeholder: p.placeholder,
    disabled: p.disabled,
    maxlength: p.max ?? 140,
    'data-testid': p.testId,
    'aria-invalid': p.invalid ? true : undefined,
    'aria-label': p.label,
    onInput: (e: { detail: { value: string } }) => p.onInput?.(e.detail.value),
  };
  return (
    <View className={cls} data-testid={p.testId ? `field-${p.testId}` : undefined}>
      <View className="ps-field__head">
        <Text className="ps-field__label">{p.label}</Text>
        {counted ? (
          <Text className={`ps-field__count${atLimit ? ' ps-field__count--full' : ''}`} data-testid={p.testId ? `count-${p.testId}` : undefined}>
            {n}/{p.max}
          </Text>
        ) : null}
      </View>
      {p.children ?? (p.multiline ? <Textarea {...common} autoHeight /> : <Input {...common} type={p.type ?? 'text'} />)}
      {atLimit ? <Text className="ps-field__hint ps-field__hint--warn">{p.label}最多 {p.max} 个字</Text> : p.hint ? <Text className="ps-field__hint">{p.hint}</Text> : null}
    </View>
  );
}
