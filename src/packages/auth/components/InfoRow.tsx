import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';

/** One line of a sign-in's facts: 电脑, 网络地址, 登录于 … */
export default function InfoRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="auth-page__row">
      <Text className="auth-page__label">{label}</Text>
      <Text className="auth-page__value">{children}</Text>
    </View>
  );
}
