import type { ReactElement } from 'react';
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
 * or, for several loads, `waitFor(profile, list)` below.
 */
export default function Pending({ signedIn = true, loading, error, onRetry }: PendingProps) {
  if (!signedIn) return <Loading text="正在前往登录…" />;
  if (error && !loading) return <ErrorState error={error} onRetry={onRetry} />;
  return <Loading />;
}

/** A load as useAsync / useProfile / usePageData give it. */
export interface Load {
  loading: boolean;
  error: unknown;
  data: unknown;
  refresh?: () => Promise<unknown>;
  /** false: on the way to sign-in (useProfile, usePageData). */
  signedIn?: boolean;
  /** false: switched off (useAsync's opts.enabled) — passed over, there is nothing to wait for. */
  enabled?: boolean;
}

/**
 * Until every one of these loads has its data (in order: the first that has none decides), what to
 * show instead — Pending with that load's 重试 — or null once all are in. A load keeps its data
 * while it reloads, so a refresh never blanks the page. A switched-off load (enabled: false) is
 * passed over: the page then decides what its absence means (an empty state).
 *   const wait = waitFor(profile, list);
 *   if (wait) return wait;
 *   {waitFor(section) ?? <List items={section.data!} />}
 */
export function waitFor(...loads: Load[]): ReactElement | null {
  for (const l of loads) {
    if (l.signedIn === false) return <Pending signedIn={false} loading error={null} />;
    if (l.data !== undefined || l.enabled === false) continue;
    const retry = l.refresh;
    return <Pending loading={l.loading} error={l.error} onRetry={retry ? () => void retry() : undefined} />;
  }
  return null;
}
