import { View, Text } from '@tarojs/components';
import './index.scss';

/**
 * The message of a failed action, announced to screen readers (role="alert"); nothing when there
 * is none. Give it `useAction().failure` (already the sentence of failureText()).
 */
export default function FailureAlert({ failure, testId }: { failure: string | null | undefined; testId?: string }) {
  if (!failure) return null;
  return (
    <View role="alert" className="ps-failure" data-testid={testId ?? 'failure'}>
      <Text className="ps-failure__text">{failure}</Text>
    </View>
  );
}
