import { View, Text } from '@tarojs/components';
import type { StarView } from '@shared/credit/credit.schema';
import '../credit.scss';

/** ★★☆☆☆ with progress to the next level and what to do next. Only ever the viewer's own level. */
export default function StarLevel({ star }: { star: StarView }) {
  const unit = star.basis === 'hours' ? '课时' : '次活动';
  return (
    <View className="ps-card" data-testid="star-level" data-level={star.level}>
      <Text className="cr-title">星级家长</Text>
      <View className="cr-stars" aria-label={`${star.level} 星`}>
        {Array.from({ length: 5 }, (_, i) => (
          <Text key={i} className={i < star.level ? '' : 'cr-stars__off'}>
            ★
          </Text>
        ))}
      </View>
      <Text className="cr-line">
        {star.level > 0 ? `已达到 ${star.level} 星` : '尚未获得星级'} · 本学年累计 {star.value} {unit}
      </Text>
      <View className="cr-bar">
        <View className="cr-bar__fill" style={{ width: `${Math.round(star.progress * 100)}%` }} />
      </View>
      <Text className="cr-line" data-testid="star-hint">
        {star.hint}
      </Text>
    </View>
  );
}
