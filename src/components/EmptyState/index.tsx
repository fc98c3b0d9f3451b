import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import './index.scss';

export interface EmptyStateProps {
  title?: string;
  description?: string;
  /** e.g. a button that leads to where the list gets filled. */
  action?: ReactNode;
}

/** What a list shows when it has nothing in it. */
export default function EmptyState({ title = '暂无内容', description, action }: EmptyStateProps) {
  return (
    <View className="ps-state ps-state--empty">
      <View className="ps-state__icon">○</View>
      <Text className="ps-state__title">{title}</Text>
      {description ? <Text className="ps-state__desc">{description}</Text> : null}
      {action ? <View className="ps-state__action">{action}</View> : null}
    </View>
  );
}
