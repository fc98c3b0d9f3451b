import { View, Text } from '@tarojs/components';
import './index.scss';

/**
 * The message of a failed action, announced to screen readers (role="alert"); nothing when there
 * is none. Give it `useAction().failure` (already the sentence of failureText()). `boxed`: on a
 * tinted box, where the failure is the page's main news (sign-in pages).
 */
export default function FailureAlert({ failure, testId, boxed }: { failure: string | null | undefined; testId?: string; boxed?: boolean }) {
  if (!failure) return null;
  return (
    <View role="alert" className={`ps-failure${boxed ? ' ps-failure--boxed' : ''}`} data-testid={testId ?? 'failure'}>
      <Text className="ps-failure__text">{failure}</Text>
    </View>
  );
}
