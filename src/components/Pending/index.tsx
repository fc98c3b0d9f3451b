import Loading from '../Loading';
import ErrorState from '../ErrorState';

export interface PendingProps {
  /** false while the app is on its way to the sign-in page. */
  signedIn?: boolean;
  loading: boolean;
  error: unknown;
  onRetry?: () => void;
}

/**
 * What a page shows until it has its data: on the way to sign-in, loading, or the failed load with
 * 重试. Pages render it in place of their content:
 *   if (!signedIn || !data) return <Pending signedIn={signedIn} loading={loading} error={error} onRetry={refresh} />;
 */
export default function Pending({ signedIn = true, loading, error, onRetry }: PendingProps) {
  if (!signedIn) return <Loading text="正在前往登录…" />;
  if (error && !loading) return <ErrorState error={error} onRetry={onRetry} />;
  return <Loading />;
}
