import { View } from '@tarojs/components';
import './index.scss';

export interface ChipOption<T extends string> {
  value: T;
  label: string;
  /** Shown struck through and not tappable (a full slot). */
  disabled?: boolean;
}

export interface ChipsProps<T extends string> {
  options: ChipOption<T>[];
  value: T[];
  onChange(next: T[]): void;
  multiple?: boolean;
  /** Wrap onto several lines instead of scrolling sideways. */
  wrap?: boolean;
  testId?: string;
  /** A test id per chip, e.g. (v) => `audience-${v}`. */
  itemTestId?(value: T): string;
  invalid?: boolean;
}

/** A row of choice chips (single or multiple choice; tapping the selected one again clears it). */
export default function Chips<T extends string>({ options, value, onChange, multiple, wrap, testId, itemTestId, invalid }: ChipsProps<T>) {
  const toggle = (v: T, disabled?: boolean) => {
    if (disabled) return;
    if (multiple) onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v]);
    else onChange(value.includes(v) ? [] : [v]);
  };
  return (
    <View className={`ps-chips${wrap ? ' ps-chips--wrap' : ''}${invalid ? ' ps-chips--invalid' : ''}`} data-testid={testId}>
      {options.map((o) => (
        <View
          key={o.value}
          className={`ps-chip${value.includes(o.value) ? ' ps-chip--on' : ''}${o.disabled ? ' ps-chip--off' : ''}`}
          data-value={o.value}
          data-testid={itemTestId?.(o.value)}
          role={multiple ? 'checkbox' : 'radio'}
          aria-checked={value.includes(o.value)}
          aria-disabled={o.disabled ? true : undefined}
          onClick={() => toggle(o.value, o.disabled)}
        >
          {o.label}
        </View>
      ))}
    </View>
  );
}
