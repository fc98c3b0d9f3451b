/**
 * The gateway's H5 branch against a REAL local cloud (test/ui/global-setup.js): dev sign-in over
 * HTTP, POST /functions/<name> with the token, and the typed CloudError of each failure.
 */
import { call, CloudError, isCloudError } from '@/services/cloud';
import { listDemoUsers, signIn, signOut } from '@/services/session';
import { getSession, resetSessionCache, setSession } from '@/services/session-store';
import { cloudBaseUrl } from '@/services/cloud-url';
import { requestSubscribe } from '@/services/subscribe';
import { ERROR_MESSAGES } from '@shared/common/errors';

async function failureOf(p: Promise<unknown>): Promise<CloudError> {
  try {
    await p;
  } catch (e) {
    if (isCloudError(e)) return e;
    throw e;
  }
  throw new Error('expected a CloudError');
}

describe('cloud gateway (H5) against the local cloud', () => {
  beforeEach(() => signOut());

  it('uses the build-time local cloud URL', () => {
    expect(cloudBaseUrl()).toBe(process.env.UI_TEST_CLOUD_URL);
  });

  it('signs in as a demo user and calls a function as that user', async () => {
    const users = await listDemoUsers();
    expect(users.map((u) => u.openid)).toEqual(expect.arrayContaining(['ui-parent-001', 'ui-admin-001']));
    const parent = users.find((u) => u.openid === 'ui-parent-001')!;
    await signIn(parent);
    expect(getSession()).toMatchObject({ openid: 'ui-parent-001', label: '家长 · 测试一', role: 'parent' });
    expect(getSession().token).toEqual(expect.any(String));

    const who = await call('echo', 'whoami', {});
    expect(who).toMatchObject({ openid: 'ui-parent-001', source: 'wx_client' });

    // switching user: the next call is made as the other user
    await signIn({ openid: 'ui-admin-001' });
    await expect(call('echo', 'whoami', {})).resolves.toMatchObject({ openid: 'ui-admin-001' });
  });

  it('persists the session in storage', async () => {
    await signIn({ openid: 'ui-parent-002' });
    resetSessionCache();
    expect(getSession().openid).toBe('ui-parent-002');
    await expect(call('echo', 'whoami', {})).resolves.toMatchObject({ openid: 'ui-parent-002' });
  });

  it('turns a validation failure into a CloudError with the Chinese message and a request id', async () => {
    await signIn({ openid: 'ui-parent-001' });
    const e = await failureOf(call('echo', 'whoami', { delayMs: -5 }));
    expect(e).toBeInstanceOf(CloudError);
    expect(e.code).toBe('VALIDATION_FAILED');
    // One Chinese sentence naming the field and its limit (types/common/validation.ts), no zod English.
    expect(e.message).toMatch(/不能小于 0$/);
    expect(e.message).not.toMatch(/[A-Za-z]{4,}/);
    expect(e.requestId).not.toBe('');
  });

  it('reports an unknown action as UNKNOWN_ACTION', async () => {
    await signIn({ openid: 'ui-parent-001' });
    const e = await failureOf(call('echo', 'nope' as 'whoami', {}));
    expect(e.code).toBe('UNKNOWN_ACTION');
    expect(e.message).toBe(ERROR_MESSAGES.UNKNOWN_ACTION);
  });

  it('refuses to call without a session (UNAUTHENTICATED), and forgets a token the cloud rejects', async () => {
    const none = await failureOf(call('echo', 'whoami', {}));
    expect(none.code).toBe('UNAUTHENTICATED');
    expect(none.message).toBe(ERROR_MESSAGES.UNAUTHENTICATED);

    setSession({ token: 'forged-token', openid: 'ui-parent-001' });
    const forged = await failureOf(call('echo', 'whoami', {}));
    expect(forged.code).toBe('UNAUTHENTICATED');
    expect(getSession().token).toBeNull();
  });

  it('reports an unreachable cloud as NETWORK_ERROR', async () => {
    await signIn({ openid: 'ui-parent-001' });
    const saved = window.location.href;
    window.history.replaceState(null, '', '/?cloud=http://127.0.0.1:9');
    try {
      const e = await failureOf(call('echo', 'whoami', {}));
      expect(e.code).toBe('NETWORK_ERROR');
      expect(e.message).toBe(ERROR_MESSAGES.NETWORK_ERROR);
    } finally {
      // ?cloud= is remembered: point it back at the test cloud.
      window.history.replaceState(null, '', `/?cloud=${encodeURIComponent(process.env.UI_TEST_CLOUD_URL!)}`);
      expect(cloudBaseUrl()).toBe(process.env.UI_TEST_CLOUD_URL);
      window.history.replaceState(null, '', saved);
    }
  });

  it('records subscribe-message acceptance in dev (H5)', async () => {
    await signIn({ openid: 'ui-parent-001' });
    await expect(requestSubscribe(['TPL_COURSE_REMINDER'])).resolves.toEqual({ TPL_COURSE_REMINDER: 'accept' });
    const res = await fetch(`${cloudBaseUrl()}/dev/subscriptions`, { headers: { authorization: `Bearer ${getSession().token}` } });
    expect(await res.json()).toEqual({ accepted: { TPL_COURSE_REMINDER: 1 } });
  });
});
