import { View } from '@tarojs/components';

export interface ChipOption<T extends string> {
  value: T;
  label: string;
}

/** A row of choice chips (single or multiple choice). */
export default function Chips<T extends string>(props: {
  options: ChipOption<T>[];
  value: T[];
  onChange(next: T[]): void;
  multiple?: boolean;
  wrap?: boolean;
  testId?: string;
}) {
  const { options, value, onChange, multiple, wrap, testId } = props;
  const toggle = (v: T) => {
    if (multiple) onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v]);
    else onChange(value.includes(v) ? [] : [v]);
  };
  return (
    <View className={`course-chips${wrap ? ' course-chips--wrap' : ''}`} data-testid={testId}>
      {options.map((o) => (
        <View key={o.value} className={`course-chip${value.includes(o.value) ? ' course-chip--on' : ''}`} data-value={o.value} onClick={() => toggle(o.value)}>
          {o.label}
        </View>
      ))}
    </View>
  );
}
