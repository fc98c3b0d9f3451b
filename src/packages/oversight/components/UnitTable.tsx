import { View, Text } from '@tarojs/components';
import type { UnitRow } from '@shared/oversight/oversight.schema';

const pct = (r: number) => `${Math.round(r * 100)}%`;

/** The grades of a school, the classes of a grade, or the member schools of a 教联体, side by side. */
export default function UnitTable({ rows, onOpen, testId }: { rows: UnitRow[]; onOpen?: (r: UnitRow) => void; testId?: string }) {
  return (
    <View className="ov-units" data-testid={testId ?? 'units'}>
      {rows.map((r) => (
        <View key={r.label} className="ov-unit" data-testid="unit-row" onClick={onOpen ? () => onOpen(r) : undefined}>
          <View className="ov-unit__head">
            <Text className="ov-unit__name">{r.label}</Text>
            <Text className="ov-unit__rate">{pct(r.goalRate)} 达标</Text>
          </View>
          <View className="ov-bar" aria-hidden>
            <View className="ov-bar__fill" style={{ width: `${Math.round(r.goalRate * 100)}%` }} />
          </View>
          <Text className="ov-unit__detail">
            {r.familiesMeetingGoal} / {r.families} 户达到学时要求 · 共 {Number.isInteger(r.hours) ? r.hours : r.hours.toFixed(1)} 课时
            {onOpen ? ' ›' : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}
