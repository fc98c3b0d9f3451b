import { useEffect, useSyncExternalStore } from 'react';
import Taro from '@tarojs/taro';
import { getSession, isSignedIn, subscribeSession, type SessionState } from '@/services/session-store';

export const SIGN_IN_PAGE = '/pages/dev-login/index';

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
    if (process.env.TARO_ENV !== 'weapp' && !isSignedIn()) void Taro.reLaunch({ url: SIGN_IN_PAGE });
  }, [signedIn]);
  return signedIn;
}
