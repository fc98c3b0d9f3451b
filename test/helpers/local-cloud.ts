/**
 * Test harness: a local cloud on a random port with in-memory SQLite, dev mode, the bundled
 * cloud functions (jest globalSetup builds them), and the real wx-server-sdk database for
 * arranging and asserting.
 *
 *   const cloud = await startTestCloud();
 *   const r = await cloud.call('course', 'demo-parent-001', 'enroll', { courseId });
 *   await cloud.db.collection('courses').doc(id).get();
 *   cloud.outbox();
 *   await cloud.close();
 */
import cloudSdk from 'wx-server-sdk';
import type { Result } from '../../types/common/result';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions, type OutboxEntry } from '../../localcloud';
import type { Database } from '../../server/core/cloud';

export interface TestCloud {
  url: string;
  /** The SDK endpoint (<url>/admin). */
  adminUrl: string;
  /** Call `fn` as the user `openid` ('' = not signed in) with `{ action, input }`; resolves to the function's Result. */
  call<T = unknown>(fn: string, openid: string, action: string, input?: unknown): Promise<Result<T>>;
  /** Invoke `fn` with any event (e.g. a timer event) as `openid`; resolves to the raw return value. */
  invoke(fn: string, event: unknown, openid?: string): Promise<unknown>;
  /** The real wx-server-sdk database of this cloud (admin). */
  db: Database;
  /** The wx-server-sdk instance bound to this cloud (storage, callFunction, openapi from the test). */
  sdk: typeof cloudSdk;
  /** Open-API calls so far (subscribe messages, QR codes), oldest first. */
  outbox(): OutboxEntry[];
  /** The user tapped "allow" for these subscribe-message templates (one send each). */
  acceptSubscriptions(openid: string, templateIds: string[]): void;
  /** Fire a declared timer trigger by hand. */
  fireTimer(fn: string, triggerName: string): Promise<unknown>;
  /** The underlying local cloud. */
  cloud: LocalCloud;
  close(): Promise<void>;
}

export async function startTestCloud(opts: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false, ...opts });
  const sdk = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({
    env: cloud.envId,
    serviceUrl: cloud.adminUrl,
  });
  const db = sdk.database() as unknown as Database;

  const unwrap = (fn: string, r: Awaited<ReturnType<LocalCloud['invoke']>>) => {
    if (!r.ok) throw new Error(`cloud function ${fn} failed: ${r.code} ${r.message}`);
    return r.result;
  };

  return {
    url: cloud.url,
    adminUrl: cloud.adminUrl,
    db,
    sdk,
    cloud,
    async call<T>(fn: string, openid: string, action: string, input?: unknown) {
      const r = await cloud.invoke(fn, input === undefined ? { action } : { action, input }, { openid, source: openid ? 'wx_client' : '' });
      return unwrap(fn, r) as Result<T>;
    },
    async invoke(fn, event, openid = '') {
      return unwrap(fn, await cloud.invoke(fn, event, { openid, source: openid ? 'wx_client' : '' }));
    },
    outbox: () => cloud.outbox(),
    acceptSubscriptions: (openid, ids) => {
      cloud.acceptSubscriptions(openid, ids);
    },
    async fireTimer(fn, name) {
      const r = await cloud.triggers.fire(fn, name);
      if (!r) throw new Error(`no timer trigger ${name} in cloudfunctions/${fn}/config.json`);
      return unwrap(fn, r);
    },
    close: () => cloud.close(),
  };
}
