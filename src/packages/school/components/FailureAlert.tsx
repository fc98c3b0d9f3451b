import { View, Text } from '@tarojs/components';

/** The message of a failed action, announced to screen readers (role="alert"); nothing when there is none. */
export default function FailureAlert({ failure }: { failure: string | null }) {
  if (!failure) return null;
  return (
    <View role="alert">
      <Text className="school-error">{failure}</Text>
    </View>
  );
}
