import { useEffect, useSyncExternalStore } from 'react';
import Taro from '@tarojs/taro';
import { getSession, isSignedIn, subscribeSession, type SessionState } from '@/services/session-store';

/**
 * Where an H5 visitor signs in: the demo users of the local cloud (dev builds), or — for the
 * production admin console (TARO_APP_SIGN_IN=console at build time) — the scan-to-sign-in page.
 */
export const SIGN_IN_PAGE = typeof SIGN_IN_MODE !== 'undefined' && SIGN_IN_MODE === 'console' ? '/pages/console-login/index' : '/pages/dev-login/index';

/** The signed-in session (re-renders on sign-in, sign-out, child switch). */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/**
 * H5: pages that need a user send the visitor to the dev sign-in while nobody is signed in.
 * weapp: always signed in (WeChat). Returns whether the page may load data.
 */
export function useRequireSignIn(): boolean {
  const session = useSession();
  const signedIn = process.env.TARO_ENV === 'weapp' ? true : !!session.token;
  useEffect(() => {
    if (process.env.TARO_ENV !== 'weapp' && !isSignedIn()) goToSignIn();
  }, [signedIn]);
  return signedIn;
}

let signInRedirect = false;

/** Whether the browser is already on (or on its way to) the sign-in page. */
function onSignInPage(): boolean {
  const route = Taro.getCurrentPages?.().at(-1)?.route ?? '';
  if ('/' + route.replace(/^\//, '') === SIGN_IN_PAGE) return true;
  if (typeof window === 'undefined') return false;
  const { hash, pathname } = window.location;
  return hash.split('?')[0] === `#${SIGN_IN_PAGE}` || pathname.endsWith(SIGN_IN_PAGE);
}

/**
 * One redirect to the sign-in page at a time, and none while the visitor is already there: a page
 * whose effect runs late (a slow phone) must not stack a second sign-in page over the first.
 */
export function goToSignIn(): void {
  if (signInRedirect || onSignInPage()) return;
  signInRedirect = true;
  void Promise.resolve(Taro.reLaunch({ url: SIGN_IN_PAGE }))
    .catch(() => undefined)
    .then(() => {
      signInRedirect = false;
    });
}
