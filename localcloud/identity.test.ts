/** Identity isolation: concurrent in-process invocations never see each other's OPENID. */
import { startTestCloud, type TestCloud } from '../test/helpers/local-cloud';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());

interface Who { openid: string; openidAfterAwait: string; source: string; appid: string; env: string }

test('100 concurrent invocations as 100 users each see only their own OPENID', async () => {
  const users = Array.from({ length: 100 }, (_, i) => `user-${String(i).padStart(3, '0')}`);
  // Staggered delays make the invocations interleave across awaits.
  const results = await Promise.all(users.map((u, i) => cloud.call<Who>('echo', u, 'whoami', { delayMs: (i * 7) % 40 })));
  results.forEach((r, i) => {
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.data.openid).toBe(users[i]);
      expect(r.data.openidAfterAwait).toBe(users[i]);
      expect(r.data.source).toBe('wx_client');
      expect(r.data.env).toBe('local-env');
    }
  });
  expect(new Set(results.map((r) => (r.ok ? r.data.openid : ''))).size).toBe(100);
});

test('100 concurrent requests through the HTTP front door keep their identities', async () => {
  const users = Array.from({ length: 100 }, (_, i) => `http-user-${i}`);
  const tokens = await Promise.all(
    users.map(async (openid) => {
      const res = await fetch(`${cloud.url}/dev/login`, { method: 'POST', body: JSON.stringify({ openid }) });
      return ((await res.json()) as { token: string }).token;
    }),
  );
  const replies = await Promise.all(
    users.map(async (_, i) => {
      const res = await fetch(`${cloud.url}/functions/echo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'whoami', input: { delayMs: (i * 13) % 30 } }),
      });
      return (await res.json()) as { ok: boolean; data: Who };
    }),
  );
  replies.forEach((r, i) => {
    expect(r.data.openid).toBe(users[i]);
    expect(r.data.openidAfterAwait).toBe(users[i]);
  });
});

test('a nested cloud.callFunction carries the caller OPENID and SOURCE "<caller>,scf"', async () => {
  const users = Array.from({ length: 30 }, (_, i) => `nested-${i}`);
  const results = await Promise.all(users.map((u) => cloud.call<{ outer: Who; inner: Who }>('echo', u, 'nested', { delayMs: 5 })));
  results.forEach((r, i) => {
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.outer).toEqual({ openid: users[i], source: 'wx_client' });
    expect(r.data.inner.openid).toBe(users[i]);
    expect(r.data.inner.openidAfterAwait).toBe(users[i]);
    expect(r.data.inner.source).toBe('wx_client,scf');
  });
});

test('outside any invocation the process env carries no identity', async () => {
  await cloud.call('echo', 'someone', 'whoami', {});
  expect(process.env.WX_OPENID).toBeUndefined();
  const r = await cloud.call('echo', '', 'whoami', {});
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error.code).toBe('UNAUTHENTICATED');
});
