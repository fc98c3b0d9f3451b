/**
 * The desktop admin console's sign-in (H5) and the sessions a staff member keeps (mini-program):
 * ticket → mini-program code → confirmed on the phone → one exchange for a custom-login ticket →
 * signed in as that WeChat user. See types/auth/auth.rules.ts.
 */
import { call, callPublic, CloudError } from './cloud';
import { cloudBaseUrl } from './cloud-url';
import { setSession } from './session-store';

export const auth = {
  createLoginTicket: (userAgent?: string) => callPublic('auth', 'createLoginTicket', userAgent ? { userAgent: userAgent.slice(0, 300) } : {}),
  pollLoginTicket: (ticketId: string, pollSecret: string) => callPublic('auth', 'pollLoginTicket', { ticketId, pollSecret }),
  describeLoginTicket: (ticketId: string) => call('auth', 'describeLoginTicket', { ticketId }),
  confirmLoginTicket: (ticketId: string) => call('auth', 'confirmLoginTicket', { ticketId }),
  rejectLoginTicket: (ticketId: string) => call('auth', 'rejectLoginTicket', { ticketId }),
  listSessions: () => call('auth', 'listSessions', {}),
  revokeSession: (sessionId: string) => call('auth', 'revokeSession', { sessionId }),
  logout: () => call('auth', 'logout', {}),
};

/**
 * Signs the page in with a custom-login ticket (CloudBase custom login: the cloud checks the
 * ticket's signature and answers an access token for its uid); the gateway then sends that token.
 */
export async function signInWithCustomTicket(ticket: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${cloudBaseUrl()}/auth/custom/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticket }) });
  } catch {
    throw new CloudError('NETWORK_ERROR');
  }
  const json = (await res.json().catch(() => null)) as { accessToken?: string; message?: string } | null;
  if (!res.ok || !json?.accessToken) throw new CloudError('CONSOLE_SESSION_INVALID', json?.message ? `登录失败：${json.message}，请刷新二维码重试` : undefined);
  setSession({ token: json.accessToken, openid: null, label: '电脑端管理后台', role: 'console' });
}
