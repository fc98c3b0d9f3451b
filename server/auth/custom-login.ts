/**
 * CloudBase custom login (自定义登录): a ticket that the console page exchanges for a CloudBase
 * sign-in whose uid is our console session id. Signed by @cloudbase/node-sdk's createTicket (an
 * RS256 JWT, no network) with the environment's custom-login private key, which the deploy writes
 * into the function's environment as CONSOLE_LOGIN_KEY (the JSON file the CloudBase console
 * downloads: { private_key_id, private_key, env_id }). The local cloud provides its own key pair
 * and verifies the ticket as CloudBase would (localcloud/custom-login.ts).
 */
import { fail } from '../core/errors';

interface NodeSdk {
  init(config: Record<string, unknown>): { auth(): { createTicket(uid: string, opts?: { refresh?: number; expire?: number }): string } };
  SYMBOL_CURRENT_ENV: symbol;
}

let app: ReturnType<NodeSdk['init']> | null = null;
let appKey = '';

export function createCustomLoginTicket(sessionId: string): string {
  const key = process.env.CONSOLE_LOGIN_KEY ?? '';
  if (!key) fail('INTERNAL', undefined, 'CONSOLE_LOGIN_KEY is not set');
  if (!app || appKey !== key) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tcb = require('@cloudbase/node-sdk') as NodeSdk;
    app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV, credentials: JSON.parse(key) });
    appKey = key;
  }
  return app.auth().createTicket(sessionId, { refresh: 3600 * 1000 });
}
