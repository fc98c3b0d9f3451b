/**
 * Sign-in. On weapp there is nothing to do: WeChat identifies the user (OPENID) on every call.
 * On H5 the local cloud (dev mode) lists demo users (GET /dev/users) and issues a token for one
 * (POST /dev/login { openid }); the token is kept in storage and sent by the gateway.
 */
import { ERROR_MESSAGES } from '@shared/common/errors';
import { CloudError } from './cloud';
import { cloudBaseUrl } from './cloud-url';
import { clearSession, setSession, type SessionState } from './session-store';

export { getSession, isSignedIn, subscribeSession, clearSession, type SessionState } from './session-store';

export interface DemoUser {
  openid: string;
  label: string;
  role: string;
  schoolName?: string;
  description?: string;
}

async function devRequest(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${cloudBaseUrl()}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new CloudError('NETWORK_ERROR', '无法连接本地云服务，请确认已运行 npm start');
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  if (res.status === 404) throw new CloudError('NOT_FOUND', '本地云未开启开发模式（--dev），无法使用演示账号登录');
  if (!res.ok) {
    const code = (json as { error?: { code?: string } } | null)?.error?.code;
    throw new CloudError(code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INTERNAL', code === 'NOT_FOUND' ? '没有找到该演示账号' : ERROR_MESSAGES.INTERNAL);
  }
  return json;
}

function toDemoUser(raw: Record<string, unknown>): DemoUser | null {
  const openid = String(raw.openid ?? raw._id ?? '');
  if (!openid) return null;
  return {
    openid,
    label: String(raw.label ?? openid),
    role: String(raw.role ?? ''),
    schoolName: raw.schoolName ? String(raw.schoolName) : undefined,
    description: raw.description ? String(raw.description) : undefined,
  };
}

/** H5 dev: the demo users the seed wrote (dev_demo_users). */
export async function listDemoUsers(): Promise<DemoUser[]> {
  const json = await devRequest('GET', '/dev/users');
  const list = Array.isArray(json) ? json : ((json as { users?: unknown[] } | null)?.users ?? []);
  return (list as Record<string, unknown>[]).map(toDemoUser).filter((u): u is DemoUser => !!u);
}

/** H5 dev: act as the demo user `user` from now on (replaces any previous user). */
export async function signIn(user: Pick<DemoUser, 'openid'> & Partial<DemoUser>): Promise<SessionState> {
  const json = (await devRequest('POST', '/dev/login', { openid: user.openid })) as { token?: string } | null;
  if (!json?.token) throw new CloudError('INTERNAL');
  return setSession({ token: json.token, openid: user.openid, label: user.label ?? null, role: user.role ?? null });
}

/** Sign out (H5) / forget local choices (weapp). */
export function signOut(): void {
  clearSession();
}
