/**
 * For the crash test and the benchmark: the local cloud CLI as a child process, and the app's
 * front door (POST /functions/<fn> with a dev sign-in token) as a client would use it.
 */
import { spawn, type ChildProcess } from 'child_process';
import { join, resolve } from 'path';
import cloudSdk from 'wx-server-sdk';
import { ensureBaseEnv } from '../localcloud/isolated-env';
import type { Database } from '../server/core/cloud';

const ROOT = resolve(__dirname, '..');

export interface CloudProcess {
  url: string;
  adminUrl: string;
  proc: ChildProcess;
  db: Database;
  /** SIGKILL (no shutdown of any kind) and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

export async function startCloudProcess(dataDir: string, opts: { port?: number; quiet?: boolean } = {}): Promise<CloudProcess> {
  // node itself (not the tsx wrapper, which would leave its child running when killed).
  // BENCH_CLOUD_NODE_ARGS: extra node flags for the cloud process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const extra = (process.env.BENCH_CLOUD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...extra, '--import', 'tsx', join(ROOT, 'localcloud', 'cli.ts'), 'serve', '--port', String(opts.port ?? 0), '--data', dataDir, '--dev', '--no-build', '--quiet'];
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'Asia/Shanghai' } });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`local cloud did not start: ${out.slice(-500)}`)), 30_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/[0-9.:a-z]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    proc.once('exit', (c) => rej(new Error(`local cloud exited (${c}): ${out.slice(-500)}`)));
  });
  proc.stdout!.resume();
  proc.stderr!.resume();
  ensureBaseEnv();
  const sdk = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({
    env: 'local-env',
    serviceUrl: `${url}/admin`,
  });
  return {
    url,
    adminUrl: `${url}/admin`,
    proc,
    db: sdk.database() as unknown as Database,
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

export async function devLogin(url: string, openid: string): Promise<string> {
  const r = await fetch(`${url}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) });
  if (!r.ok) throw new Error(`dev login failed: ${r.status}`);
  return ((await r.json()) as { token: string }).token;
}

export interface CallOutcome<T = unknown> {
  /** Transport failed (e.g. the cloud was killed): the client does not know whether it happened. */
  transportError: boolean;
  ok: boolean;
  code: string;
  data: T | null;
  ms: number;
  /** How long the function itself ran, from the cloud's Server-Timing header (undefined: no answer). */
  fnMs?: number;
}

export async function callFunction<T = unknown>(url: string, token: string, fn: string, action: string, input?: unknown): Promise<CallOutcome<T>> {
  const started = performance.now();
  try {
    const r = await fetch(`${url}/functions/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action, input }),
    });
    const body = (await r.json()) as { ok?: boolean; data?: T; error?: { code: string }; result?: { ok: boolean; data?: T; error?: { code: string } } };
    const res = body && 'result' in body && body.result ? body.result : body;
    const fnMs = /fn;dur=([0-9.]+)/.exec(r.headers.get('server-timing') ?? '')?.[1];
    return {
      transportError: false,
      ok: !!res.ok,
      code: res.ok ? 'OK' : res.error?.code ?? (body as { code?: string })?.code ?? `HTTP_${r.status}`,
      data: (res.data ?? null) as T | null,
      ms: performance.now() - started,
      fnMs: fnMs === undefined ? undefined : Number(fnMs),
    };
  } catch (e) {
    // name the transport failure (fetch wraps it: TypeError 'fetch failed' with the socket error as cause)
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    return { transportError: true, ok: false, code: `TRANSPORT:${why}`, data: null, ms: performance.now() - started };
  }
}
