/**
 * Identity of a call from the desktop admin console. On WeChat cloud a mini-program call carries
 * the user's OPENID (getWXContext); a call from the H5 console through CloudBase's HTTP access
 * carries the CloudBase custom-login user instead — CloudBase sets TCB_CUSTOM_USER_ID for it, the
 * variable @cloudbase/node-sdk's auth().getUserInfo().customUserId reads. Our custom-login uid is a
 * console session id (collection console_sessions), created when a staff member confirmed the
 * login in the mini-program; the call then acts as that WeChat user, exactly as from
 * getWXContext(), until the session expires or is revoked (我的 → 已登录的电脑).
 */
import type { Database } from '../core/cloud';
import type { ConsoleSessionDoc } from '../../types/auth/auth.schema';
import { sessionValid } from '../../types/auth/auth.rules';

export const CONSOLE_SESSIONS = 'console_sessions';

/** The custom-login user of this invocation ('' for mini-program calls, timers and other functions). */
export function customUserIdOfInvocation(): string {
  const v = process.env.TCB_CUSTOM_USER_ID;
  return typeof v === 'string' ? v : '';
}

/** The valid session behind a custom-login uid, or null (unknown, expired or revoked). */
export async function validConsoleSession(db: Database, sessionId: string, now: Date): Promise<ConsoleSessionDoc | null> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(sessionId)) return null;
  const r = await db.collection<ConsoleSessionDoc>(CONSOLE_SESSIONS).where({ _id: sessionId }).limit(1).get();
  const s = (r.data[0] as ConsoleSessionDoc | undefined) ?? null;
  return s && sessionValid(s, now) ? s : null;
}
