import { View, Text } from '@tarojs/components';
import './index.scss';

export interface LoadingProps {
  text?: string;
}

/** A centred spinner with a line of text (default 加载中…). */
export default function Loading({ text = '加载中…' }: LoadingProps) {
  return (
    <View className="ps-loading" aria-busy="true">
      <View className="ps-loading__spinner" />
      <Text className="ps-loading__text">{text}</Text>
    </View>
  );
}
