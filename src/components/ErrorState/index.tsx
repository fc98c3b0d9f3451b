import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { errorMessage, isCloudError } from '@/services/cloud';
import '../EmptyState/index.scss';

export interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}

/** A failed load: the Chinese message of the error, its request id (for support), and 重试. */
export default function ErrorState({ error, onRetry, title = '加载失败' }: ErrorStateProps) {
  const requestId = isCloudError(error) ? error.requestId : '';
  return (
    <View className="ps-state ps-state--error" role="alert">
      <View className="ps-state__icon">!</View>
      <Text className="ps-state__title">{title}</Text>
      <Text className="ps-state__desc">{errorMessage(error)}</Text>
      {requestId ? <Text className="ps-state__desc">请求编号：{requestId}</Text> : null}
      {onRetry ? (
        <View className="ps-state__action">
          <Button type="primary" fill="outline" onClick={onRetry}>
            重试
          </Button>
        </View>
      ) : null}
    </View>
  );
}
