import { View, Text } from '@tarojs/components';
import type { StarDistribution, Drill } from '@shared/oversight/oversight.schema';
import { barPercent } from '../dashboard-view';

/** Families per star level as plain bars (a chart adds nothing here); a level opens its families. */
export default function StarBars({ stars, onDrill }: { stars: StarDistribution; onDrill?: (d: Drill) => void }) {
  const max = Math.max(0, ...stars.counts);
  return (
    <View className="ov-stars" data-testid="star-bars">
      {stars.counts.map((n, level) => {
        const drill = stars.drills[level];
        return (
          <View key={level} className="ov-stars__row" onClick={drill && onDrill ? () => onDrill(drill) : undefined}>
            <Text className="ov-stars__label">{level === 0 ? '未评星' : `${level} 星`}</Text>
            <View className="ov-stars__track">
              <View className="ov-stars__fill" style={{ width: `${barPercent(n, max)}%` }} />
            </View>
            <Text className="ov-stars__count">{n} 户</Text>
          </View>
        );
      })}
    </View>
  );
}
