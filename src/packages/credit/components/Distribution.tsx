import { View, Text } from '@tarojs/components';
import '../credit.scss';

/** Families per star level (0–5): a distribution, never a ranking. */
export default function Distribution({ counts }: { counts: number[] }) {
  const max = Math.max(1, ...counts);
  return (
    <View className="cr-dist" data-testid="star-distribution">
      {counts.map((n, level) => (
        <View key={level} className="cr-dist__col">
          <Text className="cr-dist__label">{n}</Text>
          <View className="cr-dist__bar" style={{ height: `${Math.round((n / max) * 150)}px` }} />
          <Text className="cr-dist__label">{level === 0 ? '未评星' : `${level}星`}</Text>
        </View>
      ))}
    </View>
  );
}
