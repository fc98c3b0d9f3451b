import { View, Text } from '@tarojs/components';

export interface ChoiceProps<T extends string> {
  options: { value: T; label: string }[];
  value: T | null;
  onChange(value: T): void;
  testId?: string;
}

/** A row of tappable choices (one selected). */
export default function Choice<T extends string>({ options, value, onChange, testId }: ChoiceProps<T>) {
  return (
    <View className="school-choice" data-testid={testId}>
      {options.map((o) => (
        <Text
          key={o.value}
          className={`school-choice__item${o.value === value ? ' school-choice__item--on' : ''}`}
          data-value={o.value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </Text>
      ))}
    </View>
  );
}
