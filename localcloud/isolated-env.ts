/**
 * Per-invocation process.env: wx-server-sdk reads identity (WX_OPENID …) and its endpoint
 * (TCB_CONTEXT_CNFG) from the global process.env on every call. We replace process.env once with a
 * Proxy that consults the AsyncLocalStorage store of the current invocation first, so concurrent
 * in-process invocations each see only their own identity, across awaits.
 */
import { AsyncLocalStorage } from 'async_hooks';

export type EnvStore = Record<string, string>;

const MARK = Symbol.for('localcloud.isolatedEnv');

interface Installed {
  als: AsyncLocalStorage<EnvStore>;
}

function install(): Installed {
  const proc = process as unknown as Record<symbol, Installed | undefined> & { env: NodeJS.ProcessEnv };
  const existing = proc[MARK];
  if (existing) return existing;
  const als = new AsyncLocalStorage<EnvStore>();
  const base = process.env;
  // A plain-object copy of the real env for reads: the SDK reads ~20 variables per request, and
  // each read of Node's real process.env is a native getenv. Writes go to both (set/deleteProperty).
  const mirror: Record<string, string | undefined> = { ...base };
  const own = Object.prototype.hasOwnProperty;
  const proxy = new Proxy(base, {
    get(target, key) {
      if (typeof key !== 'string') return Reflect.get(target, key);
      const store = als.getStore();
      if (store && own.call(store, key)) return store[key];
      return own.call(mirror, key) ? mirror[key] : undefined;
    },
    has(target, key) {
      const store = als.getStore();
      if (store && typeof key === 'string' && Object.prototype.hasOwnProperty.call(store, key)) return true;
      return Reflect.has(target, key);
    },
    set(target, key, value) {
      const store = als.getStore();
      // A function writing process.env during an invocation writes only its own view.
      if (store && typeof key === 'string') {
        store[key] = String(value);
        return true;
      }
      const ok = Reflect.set(target, key, value);
      if (typeof key === 'string') mirror[key] = Reflect.get(target, key) as string | undefined;
      return ok;
    },
    deleteProperty(target, key) {
      const store = als.getStore();
      if (store && typeof key === 'string' && Object.prototype.hasOwnProperty.call(store, key)) {
        delete store[key];
        return true;
      }
      if (typeof key === 'string') delete mirror[key];
      return Reflect.deleteProperty(target, key);
    },
    ownKeys(target) {
      const store = als.getStore();
      const keys = Reflect.ownKeys(target);
      if (!store) return keys;
      const set = new Set<string | symbol>(keys);
      for (const k of Object.keys(store)) set.add(k);
      return [...set];
    },
    getOwnPropertyDescriptor(target, key) {
      const store = als.getStore();
      if (store && typeof key === 'string' && Object.prototype.hasOwnProperty.call(store, key)) {
        return { value: store[key], writable: true, enumerable: true, configurable: true };
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  process.env = proxy;
  const installed = { als };
  Object.defineProperty(process, MARK, { value: installed, enumerable: false });
  return installed;
}

/** Run `fn` with `env` layered over process.env for everything it awaits. */
export function runWithEnv<T>(env: EnvStore, fn: () => T): T {
  return install().als.run({ ...env }, fn);
}

/** The env layer of the current invocation, if any. */
export function currentEnv(): EnvStore | undefined {
  return install().als.getStore();
}

/** Process-wide settings the SDK needs in every invocation and in the harness (no identity here). */
export function ensureBaseEnv(): void {
  install();
  const e = process.env;
  // Dummy credentials: without them node-sdk fires an un-awaited credential lookup that crashes Node 20.
  if (!e.TENCENTCLOUD_SECRETID) e.TENCENTCLOUD_SECRETID = 'local-secret-id';
  if (!e.TENCENTCLOUD_SECRETKEY) e.TENCENTCLOUD_SECRETKEY = 'local-secret-key';
  // Without SCF the SDK resolves metadata.tencentyun.com on every request.
  if (!e.TENCENTCLOUD_RUNENV) e.TENCENTCLOUD_RUNENV = 'SCF';
  if (!e.TENCENTCLOUD_REGION) e.TENCENTCLOUD_REGION = 'ap-shanghai';
  if (!e.SCF_NAMESPACE) e.SCF_NAMESPACE = 'local-env';
  if (!e.TCB_ENV) e.TCB_ENV = 'local-env';
}
