/**
 * A page's own server state behind the sign-in: the visitor is sent to sign in (H5) and the load
 * starts once signed in. Same shape as useProfile(), so `waitFor(profile, page)` takes either.
 *   const page = usePageData(() => auth.listSessions(), []);
 *   const wait = waitFor(page);
 *   if (wait) return wait;
 */
import { useAsync, type AsyncState } from './useAsync';
import { useRequireSignIn } from './useSession';

export type PageData<T> = AsyncState<T> & { signedIn: boolean };

export function usePageData<T>(load: () => Promise<T>, deps: readonly unknown[], opts: { enabled?: boolean } = {}): PageData<T> {
  const signedIn = useRequireSignIn();
  const state = useAsync(load, deps, { enabled: signedIn && opts.enabled !== false });
  return { ...state, signedIn };
}
