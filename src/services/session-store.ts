/**
 * The only global client state: who is signed in (H5 dev token). The selected child lives on the
 * server (school.switchChild → profile.currentChildId), so every device shows the same one.
 * Persisted in Taro storage; components read it with useSession() (src/hooks/useSession.ts).
 */
import Taro from '@tarojs/taro';

export interface SessionState {
  /** H5 only: the local cloud's dev token. On weapp WeChat identifies the user and this stays null. */
  token: string | null;
  /** H5 only: the demo user acted as. */
  openid: string | null;
  /** H5 only: the demo user's display label (e.g. "家长 · 一年级1班"). */
  label: string | null;
  role: string | null;
}

const STORAGE_KEY = 'ps.session';
const EMPTY: SessionState = { token: null, openid: null, label: null, role: null };

let state: SessionState | null = null;
const listeners = new Set<() => void>();

function load(): SessionState {
  try {
    const saved = Taro.getStorageSync(STORAGE_KEY);
    if (saved && typeof saved === 'object') return { ...EMPTY, ...(saved as Partial<SessionState>) };
  } catch {
    /* no storage: start empty */
  }
  return { ...EMPTY };
}

export function getSession(): SessionState {
  if (!state) state = load();
  return state;
}

export function setSession(patch: Partial<SessionState>): SessionState {
  state = { ...getSession(), ...patch };
  try {
    Taro.setStorageSync(STORAGE_KEY, state);
  } catch {
    /* keep it in memory */
  }
  listeners.forEach((l) => l());
  return state;
}

export function clearSession(): void {
  state = { ...EMPTY };
  try {
    Taro.removeStorageSync(STORAGE_KEY);
  } catch {
    /* ignore */
  }
  listeners.forEach((l) => l());
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getToken(): string | null {
  return getSession().token;
}

/** True when the app can call functions: on weapp always, on H5 once a demo user is chosen. */
export function isSignedIn(): boolean {
  return process.env.TARO_ENV === 'weapp' ? true : !!getSession().token;
}

/** The token was refused: forget it (H5). Pages that need a user send the visitor to sign-in. */
export function handleUnauthenticated(): void {
  if (process.env.TARO_ENV !== 'weapp' && getSession().token) setSession({ token: null });
}

/** Test helper: forget the in-memory copy so the next read comes from storage. */
export function resetSessionCache(): void {
  state = null;
}
