import { View, Text } from '@tarojs/components';
import type { UnitRow } from '@shared/oversight/oversight.schema';
import { unitRowView } from '../dashboard-view';

/**
 * The grades of a school, the classes of a grade, or the member schools of a 教联体, side by side.
 * `target`: the share of families that must meet the goal (unitGoalTarget); a row below it is
 * orange, at it green, without one neutral.
 */
export default function UnitTable({ rows, target, onOpen, testId }: { rows: UnitRow[]; target: number | null; onOpen?: (r: UnitRow) => void; testId?: string }) {
  return (
    <View className="ov-units" data-testid={testId ?? 'units'}>
      {rows.map((r) => {
        const v = unitRowView(r, target);
        return (
          <View key={r.label} className={`ov-unit ov-unit--${v.status}`} data-testid="unit-row" data-status={v.status} onClick={onOpen ? () => onOpen(r) : undefined}>
            <View className="ov-unit__head">
              <Text className="ov-unit__name">{r.label}</Text>
              <Text className="ov-unit__rate">{v.rateText}</Text>
            </View>
            <View className="ov-bar" aria-hidden>
              <View className="ov-bar__fill" style={{ width: `${v.percent}%` }} />
            </View>
            <Text className="ov-unit__detail">
              {r.familiesMeetingGoal} / {r.families} 户达到学时要求 · 共 {Number.isInteger(r.hours) ? r.hours : r.hours.toFixed(1)} 课时
              {onOpen ? ' ›' : ''}
            </Text>
          </View>
        );
      })}
    </View>
  );
}
