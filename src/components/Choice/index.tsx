import { View, Text } from '@tarojs/components';
import './index.scss';

export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
}

export interface ChoiceProps<T extends string> {
  options: ChoiceOption<T>[];
  value: T | null;
  onChange(value: T): void;
  testId?: string;
  /** Marked as rejected (a failure named this field). */
  invalid?: boolean;
}

/** A row of tappable choices, one selected (radio-like, with aria roles for screen readers). */
export default function Choice<T extends string>({ options, value, onChange, testId, invalid }: ChoiceProps<T>) {
  return (
    <View className={`ps-choice${invalid ? ' ps-choice--invalid' : ''}`} data-testid={testId}>
      {options.map((o) => (
        <Text
          key={o.value}
          className={`ps-choice__item${o.value === value ? ' ps-choice__item--on' : ''}`}
          data-value={o.value}
          aria-checked={o.value === value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </Text>
      ))}
    </View>
  );
}
