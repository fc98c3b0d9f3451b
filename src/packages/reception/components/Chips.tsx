import { View } from '@tarojs/components';

export interface ChipOption<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

/** A wrapping row of choice chips (single choice unless `multiple`); disabled chips are struck through. */
export default function Chips<T extends string>(props: { options: ChipOption<T>[]; value: T[]; onChange(next: T[]): void; multiple?: boolean; testId?: string }) {
  const { options, value, onChange, multiple, testId } = props;
  const toggle = (o: ChipOption<T>) => {
    if (o.disabled) return;
    if (multiple) onChange(value.includes(o.value) ? value.filter((x) => x !== o.value) : [...value, o.value]);
    else onChange([o.value]);
  };
  return (
    <View className="rc-chips" data-testid={testId}>
      {options.map((o) => (
        <View
          key={o.value}
          className={`rc-chip${value.includes(o.value) ? ' rc-chip--on' : ''}${o.disabled ? ' rc-chip--off' : ''}`}
          data-value={o.value}
          onClick={() => toggle(o)}
        >
          {o.label}
        </View>
      ))}
    </View>
  );
}
