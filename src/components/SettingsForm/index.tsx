/**
 * The pieces a school admin's settings page is made of (证书设置, 接待与开放日设置): a card of number
 * fields from a table (label, unit, hint), each marked when the server named it, and the card that
 * saves (the failure above its button).
 *   const [nums, setNums] = useState(() => numberTexts(FIELDS, saved));
 *   <NumberFields fields={FIELDS} values={nums} onChange={setNums} invalid={(k) => action.invalid(k)} testIdPrefix="set-" />
 *   <SaveCard action={action} onSave={save} label="保存设置" testId="settings-save" />
 */
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Field from '../Field';
import FailureAlert from '../FailureAlert';

export interface NumberFieldDef<K extends string> {
  key: K;
  label: string;
  /** Shown after the label: 累计学时不少于（课时）. */
  unit?: string;
  hint?: string;
}

/** The stored numbers as the fields show them ('' for one that is not set). */
export function numberTexts<K extends string>(fields: readonly NumberFieldDef<K>[], saved: Record<K, number | null | undefined>): Record<K, string> {
  return Object.fromEntries(fields.map((f) => [f.key, saved[f.key] == null ? '' : String(saved[f.key])])) as Record<K, string>;
}

/** A number as typed: '' stays missing (the server names the field), anything else is sent as a number. */
export function typedNumber(s: string): number | undefined {
  return s.trim() === '' ? undefined : Number(s);
}

export interface NumberFieldsProps<K extends string> {
  fields: readonly NumberFieldDef<K>[];
  values: Record<K, string>;
  onChange(next: Record<K, string>): void;
  /** Did the last failure name this field? */
  invalid?(key: K): boolean;
  /** Each input's test id is `${testIdPrefix}${key}`. */
  testIdPrefix: string;
  /** 'digit' for halves (1.5 课时). */
  type?: 'number' | 'digit';
  /** Longest entry in characters. */
  max?: number;
}

export function NumberFields<K extends string>({ fields, values, onChange, invalid, testIdPrefix, type = 'number', max = 4 }: NumberFieldsProps<K>) {
  return (
    <>
      {fields.map((f) => (
        <Field
          key={f.key}
          label={f.unit ? `${f.label}（${f.unit}）` : f.label}
          type={type}
          value={values[f.key]}
          onInput={(v) => onChange({ ...values, [f.key]: v })}
          hint={f.hint}
          counter={false}
          max={max}
          invalid={invalid?.(f.key)}
          testId={`${testIdPrefix}${f.key}`}
        />
      ))}
    </>
  );
}

/** The last card of a settings page: why the save failed, and the button (busy while saving). */
export function SaveCard({ action, onSave, label, testId, className = 'ps-card' }: { action: { busy: boolean; failure: string | null }; onSave(): void; label: string; testId: string; className?: string }) {
  return (
    <View className={className}>
      <FailureAlert failure={action.failure} />
      <Button type="primary" block loading={action.busy} disabled={action.busy} onClick={onSave} data-testid={testId}>
        {label}
      </Button>
    </View>
  );
}
