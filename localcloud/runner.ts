/**
 * Runs bundled cloud functions (`<functionsDir>/<name>/index.js`) in this process, one
 * AsyncLocalStorage env layer per invocation (see isolated-env.ts and bench/localcloud-isolation.ts
 * for why this beats a worker per call or a warm worker pool).
 */
import { randomBytes } from 'crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { ensureBaseEnv, runWithEnv, type EnvStore } from './isolated-env';

export interface Identity {
  openid?: string;
  appid?: string;
  unionid?: string;
  /** getWXContext().SOURCE: 'wx_client', 'wx_trigger', 'wx_client,scf' … */
  source?: string;
  clientIp?: string;
  /** CloudBase custom-login uid (a web page signed in with a custom ticket): TCB_CUSTOM_USER_ID. */
  customUserId?: string;
}

export interface TriggerDecl {
  name: string;
  type: string;
  config: string;
}

export interface FunctionConfig {
  /** Seconds; WeChat's default is 3. */
  timeout: number;
  triggers: TriggerDecl[];
  permissions?: { openapi?: string[] };
  /** A diagnostic of the local cloud (e.g. echo): served only in dev mode, never deployed. */
  devOnly?: boolean;
}

export type InvokeOutcome =
  | { ok: true; result: unknown; requestId: string; ms: number }
  | { ok: false; code: 'FUNCTION_NOT_FOUND' | 'FUNCTION_TIMEOUT' | 'FUNCTION_ERROR'; message: string; requestId: string; ms: number };

export interface RunnerOptions {
  functionsDir: string;
  /** The SDK endpoint functions talk to (this server's /admin). */
  adminUrl: () => string;
  envId: string;
  appid: string;
  /** Log function errors to stderr (never event data). */
  log?: (line: string) => void;
  /** Environment variables every function gets (as the deploy writes them on WeChat cloud). */
  functionEnv?: () => Record<string, string>;
}

interface Loaded {
  main: (event: unknown, context: unknown) => unknown;
  mtimeMs: number;
  file: string;
}

const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
export const DEFAULT_TIMEOUT_S = 3;

export class FunctionRunner {
  private loaded = new Map<string, Loaded>();
  private configs = new Map<string, { mtimeMs: number; config: FunctionConfig }>();
  /** WX_API_TOKEN of each running invocation → its identity (for nested callFunction). */
  private tokens = new Map<string, { fn: string; identity: Identity }>();

  constructor(private readonly opts: RunnerOptions) {
    ensureBaseEnv();
  }

  get functionsDir(): string {
    return this.opts.functionsDir;
  }

  /** Functions with a bundled index.js. */
  list(): string[] {
    if (!existsSync(this.opts.functionsDir)) return [];
    return readdirSync(this.opts.functionsDir)
      .filter((n) => NAME_RE.test(n) && existsSync(join(this.opts.functionsDir, n, 'index.js')))
      .sort();
  }

  exists(name: string): boolean {
    return NAME_RE.test(name) && existsSync(join(this.opts.functionsDir, name, 'index.js'));
  }

  config(name: string): FunctionConfig {
    const file = join(this.opts.functionsDir, name, 'config.json');
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      /* no config.json: defaults */
    }
    const cached = this.configs.get(name);
    if (cached && cached.mtimeMs === mtimeMs) return cached.config;
    let raw: Record<string, unknown> = {};
    if (mtimeMs >= 0) {
      try {
        raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      } catch (e) {
        throw new Error(`cloudfunctions/${name}/config.json is not valid JSON: ${(e as Error).message}`);
      }
    }
    const timeout = typeof raw.timeout === 'number' && raw.timeout > 0 ? Math.min(raw.timeout, 900) : DEFAULT_TIMEOUT_S;
    const triggers = Array.isArray(raw.triggers)
      ? (raw.triggers as TriggerDecl[]).filter((t) => t && typeof t.name === 'string' && typeof t.config === 'string')
      : [];
    const config: FunctionConfig = { timeout, triggers, permissions: raw.permissions as FunctionConfig['permissions'], devOnly: raw.devOnly === true };
    this.configs.set(name, { mtimeMs, config });
    return config;
  }

  /** The running invocation (function and identity) that owns this WX_API_TOKEN. */
  callerOfToken(token: unknown): { fn: string; identity: Identity } | undefined {
    return typeof token === 'string' && token ? this.tokens.get(token) : undefined;
  }

  /** Load (or reload after a rebuild) a function's bundle. Returns the load time in ms. */
  load(name: string): { ms: number; fresh: boolean } {
    const file = join(this.opts.functionsDir, name, 'index.js');
    const mtimeMs = statSync(file).mtimeMs;
    const cur = this.loaded.get(name);
    if (cur && cur.mtimeMs === mtimeMs) return { ms: 0, fresh: false };
    const started = performance.now();
    const resolved = require.resolve(file);
    if (cur && require.cache) delete require.cache[resolved];
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(resolved) as { main?: Loaded['main'] };
    if (typeof mod.main !== 'function') throw new Error(`cloudfunctions/${name}/index.js exports no main()`);
    this.loaded.set(name, { main: mod.main, mtimeMs, file: resolved });
    return { ms: performance.now() - started, fresh: true };
  }

  /** Forget loaded bundles (next invocation loads again). */
  unloadAll(): void {
    for (const l of this.loaded.values()) if (require.cache) delete require.cache[l.file];
    this.loaded.clear();
  }

  envFor(identity: Identity, apiToken: string): EnvStore {
    return {
      ...(this.opts.functionEnv?.() ?? {}),
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrl() }),
      TCB_CUSTOM_USER_ID: identity.customUserId ?? '',
      TCB_ENV: this.opts.envId,
      SCF_NAMESPACE: this.opts.envId,
      TCB_SOURCE: identity.source ?? '',
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_API_TOKEN',
      WX_OPENID: identity.openid ?? '',
      WX_APPID: identity.openid ? identity.appid ?? this.opts.appid : identity.appid ?? '',
      WX_UNIONID: identity.unionid ?? '',
      WX_CLIENTIP: identity.clientIp ?? '',
      WX_API_TOKEN: apiToken,
    };
  }

  async invoke(name: string, event: unknown, identity: Identity = {}): Promise<InvokeOutcome> {
    const requestId = randomBytes(16).toString('hex');
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
    if (!this.exists(name)) {
      return { ok: false, code: 'FUNCTION_NOT_FOUND', message: `函数 ${String(name).slice(0, 60)} 不存在`, requestId, ms: elapsed() };
    }
    let timeoutS = DEFAULT_TIMEOUT_S;
    try {
      timeoutS = this.config(name).timeout;
      this.load(name);
    } catch (e) {
      this.opts.log?.(`[${requestId}] ${name} failed to load: ${(e as Error).message}`);
      return { ok: false, code: 'FUNCTION_ERROR', message: `函数 ${name} 加载失败：${(e as Error).message}`, requestId, ms: elapsed() };
    }
    const fn = this.loaded.get(name)!;
    const apiToken = randomBytes(16).toString('hex');
    this.tokens.set(apiToken, { fn: name, identity: { ...identity } });
    const context = {
      request_id: requestId,
      function_name: name,
      function_version: '$LATEST',
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutS * 1000,
      namespace: this.opts.envId,
      environ: '',
    };
    let timer: NodeJS.Timeout | undefined;
    // Events cross a JSON boundary in WeChat: the function gets its own copy.
    const ev = event === undefined ? {} : JSON.parse(JSON.stringify(event));
    try {
      const run = runWithEnv(this.envFor(identity, apiToken), () => Promise.resolve().then(() => fn.main(ev, context)));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(timeoutS)), timeoutS * 1000);
      });
      const result = await Promise.race([run, timeout]);
      // The reply crosses JSON too (Dates become strings, undefined disappears), as in WeChat.
      const json = result === undefined ? null : JSON.parse(JSON.stringify(result) ?? 'null');
      return { ok: true, result: json, requestId, ms: elapsed() };
    } catch (e) {
      if (e instanceof TimeoutError) {
        this.opts.log?.(`[${requestId}] ${name} timed out after ${timeoutS} s`);
        return { ok: false, code: 'FUNCTION_TIMEOUT', message: `函数 ${name} 执行超时（${timeoutS} 秒）`, requestId, ms: elapsed() };
      }
      const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.opts.log?.(`[${requestId}] ${name} threw: ${msg.slice(0, 300)}`);
      return { ok: false, code: 'FUNCTION_ERROR', message: `函数 ${name} 执行出错：${msg.slice(0, 500)}`, requestId, ms: elapsed() };
    } finally {
      if (timer) clearTimeout(timer);
      // Keep the token a little longer than the invocation: a late nested call still resolves.
      setTimeout(() => this.tokens.delete(apiToken), 1000).unref();
    }
  }
}

class TimeoutError extends Error {
  constructor(seconds: number) {
    super(`timed out after ${seconds} s`);
  }
}
