/**
 * The local cloud: one HTTP server that speaks wx-server-sdk 4.0.2's wire protocol (POST /admin,
 * routed on body.action) over the SQLite database engine in ./db, runs the bundled cloud functions
 * in-process with per-invocation identity, and serves the app's front door (POST /functions/<name>).
 * See docs/localcloud.md.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { join, resolve } from 'path';
import { COLLECTIONS } from '../server/db/collections';
import type { CollectionDecl } from '../server/db/collection-decl';
import { createDbService } from './db';
import type { CreateDbService, DbService } from './db/types';
import {
  HttpError,
  MAX_BODY_BYTES,
  bearer,
  corsHeaders,
  parseJson,
  parseMultipart,
  readBody,
  sendBytes,
  sendStoredFile,
  sendError,
  sendJson,
} from './http-util';
import { INPUT_LIMITS, jsonDepthExceeds } from '../types/common/input-limits';
import { decodeOpenApiRequest, handleOpenApi } from './openapi';
import { Outbox, type OutboxEntry } from './outbox';
import { FunctionRunner, type Identity, type InvokeOutcome } from './runner';
import { Storage, pathOfFileId } from './storage';
import { Subscriptions } from './subscriptions';
import { TriggerScheduler } from './triggers';
import { registerInProcess } from './in-process-transport';
import { customLoginKey, verifyCustomLoginTicket } from './custom-login';

export type { OutboxEntry } from './outbox';
export type { Identity, InvokeOutcome } from './runner';

export interface LocalCloudOptions {
  /** 0 = a random free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Data directory (SQLite file, storage, outbox), or ':memory:'. */
  data: string;
  /** Dev mode: /dev/* sign-in and tools, GET /outbox. */
  dev: boolean;
  /** Default: the repository's cloudfunctions/. */
  functionsDir?: string;
  /** No request/function logs. */
  quiet?: boolean;
  /** Cloud environment id the functions see (TCB_ENV). Default 'local-env'. */
  envId?: string;
  /** Collections to create (default: server/db/collections). */
  collections?: CollectionDecl[];
  /** Run timer triggers on their cron (default true). */
  timers?: boolean;
  /** Database engine factory (default ./db createDbService). */
  createDb?: CreateDbService;
  /** Extra environment variables of the functions (over the dev defaults, see devFunctionEnv). */
  functionEnv?: Record<string, string>;
  /**
   * How SDK calls from this process reach /admin: 'in-process' (default; no socket, same bytes and
   * handler, localcloud/in-process-transport.ts) or 'http' (loopback HTTP, as a separate process).
   * Env LOCALCLOUD_TRANSPORT=http sets the default.
   */
  transport?: 'in-process' | 'http';
}

export interface LocalCloud {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The SDK endpoint: <url>/admin */
  adminUrl: string;
  port: number;
  envId: string;
  db: DbService;
  runner: FunctionRunner;
  outbox(): OutboxEntry[];
  /** Run a function in-process as `identity` (what POST /functions/<name> does). */
  invoke(fn: string, event: unknown, identity?: Identity): Promise<InvokeOutcome>;
  /** A dev sign-in token for `openid` (dev mode). */
  devToken(openid: string): string;
  /** Record that `openid` tapped "allow" for these subscribe-message templates. */
  acceptSubscriptions(openid: string, templateIds: string[]): Record<string, number>;
  triggers: TriggerScheduler;
  close(): Promise<void>;
}

export class LocalCloudError extends Error {
  constructor(
    readonly code: 'PORT_IN_USE' | 'DATA_DIR_UNUSABLE' | 'LISTEN_FAILED',
    message: string,
  ) {
    super(message);
  }
}

export const REPO_ROOT = resolve(__dirname, '..');
export const DEFAULT_FUNCTIONS_DIR = join(REPO_ROOT, 'cloudfunctions');
export const DB_FILE_NAME = 'db.sqlite';
const APPID = 'wxlocalcloud000000';
/** Idle keep-alive sockets stay open this long; clients are told KEEP_ALIVE_HINT_S (see createServer). */
export const KEEP_ALIVE_IDLE_S = 30;
export const KEEP_ALIVE_HINT_S = 10;
const OPENID_RE = /^[A-Za-z0-9_-]{1,128}$/;
const TEMPLATE_ID_RE = /^[A-Za-z0-9_-]{1,128}$/;

/** Make sure the data dir exists and is readable and writable; throws LocalCloudError otherwise. */
export function prepareDataDir(dir: string): string {
  const abs = resolve(dir);
  try {
    if (existsSync(abs) && !statSync(abs).isDirectory()) throw new Error('不是目录');
    mkdirSync(abs, { recursive: true });
    accessSync(abs, constants.R_OK | constants.W_OK | constants.X_OK);
    const dbFile = join(abs, DB_FILE_NAME);
    if (existsSync(dbFile)) accessSync(dbFile, constants.R_OK | constants.W_OK);
  } catch (e) {
    throw new LocalCloudError('DATA_DIR_UNUSABLE', `数据目录不可用：${abs}（${(e as Error).message}）`);
  }
  return abs;
}

/**
 * One local cloud process per data dir: a second one would share the SQLite file without sharing
 * the transaction queue. A pid file left by a killed process is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, 'server.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    let alive = false;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (alive) {
      throw new LocalCloudError(
        'DATA_DIR_UNUSABLE',
        `数据目录 ${dir} 正被另一个本地云进程（pid ${pid}）使用：请先停止它，或用 seed --url 向运行中的本地云写入数据`,
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

function devSecret(dataDir: string | undefined): Buffer {
  if (!dataDir) return randomBytes(32);
  const file = join(dataDir, 'dev-secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  const s = randomBytes(32);
  writeFileSync(file, s.toString('hex'), { mode: 0o600 });
  return s;
}

/**
 * What the WeChat console would set as function environment variables, for local use: the
 * certificate function's HMAC key (CERT_HMAC_KEYS, key id "D"), derived from the data directory's
 * dev secret so certificates keep verifying across restarts. A key set in the real environment wins.
 */
export function devFunctionEnv(secret: Buffer): Record<string, string> {
  if (process.env.CERT_HMAC_KEYS) return {};
  const key = createHmac('sha256', secret).update('certificate-hmac-dev-key').digest('hex');
  return { CERT_HMAC_KEYS: `D:${key}`, CERT_HMAC_ACTIVE: 'D' };
}

/** Dev uploads from the H5 app (covers, photos): WeChat's client limit for images is far below this. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const memory = opts.data === ':memory:';
  const dataDir = memory ? undefined : prepareDataDir(opts.data);
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  const envId = opts.envId ?? 'local-env';
  const log = opts.quiet ? () => undefined : (line: string) => console.error(`[localcloud] ${line}`);
  const createDb = opts.createDb ?? createDbService;
  let db: DbService;
  try {
    db = createDb({ file: dataDir ? join(dataDir, DB_FILE_NAME) : ':memory:', collections: opts.collections ?? COLLECTIONS });
  } catch (e) {
    unlock();
    throw new LocalCloudError('DATA_DIR_UNUSABLE', `无法打开数据库：${(e as Error).message}`);
  }
  const storage = new Storage(dataDir ? join(dataDir, 'storage') : undefined);
  const outbox = new Outbox(dataDir ? join(dataDir, 'outbox.jsonl') : undefined);
  const subscriptions = new Subscriptions(dataDir ? join(dataDir, 'subscriptions.json') : undefined);
  const secret = devSecret(dataDir);
  // CloudBase custom login (the desktop console's sign-in): this environment's key pair.
  const loginKey = customLoginKey(envId, dataDir);

  let baseUrl = '';
  const devEnv = devFunctionEnv(secret);
  const runner = new FunctionRunner({
    functionsDir: opts.functionsDir ?? DEFAULT_FUNCTIONS_DIR,
    adminUrl: () => `${baseUrl}/admin`,
    envId,
    appid: APPID,
    log,
    functionEnv: () => ({ CONSOLE_LOGIN_KEY: loginKey.keyFileJson, ...devEnv, ...(opts.functionEnv ?? {}) }),
  });
  const triggers = new TriggerScheduler(
    runner,
    (fn, name, r) => log(`timer ${fn}/${name}: ${r.ok ? 'ok' : `${r.code} ${r.message}`} (${r.ms} ms)`),
    log,
  );

  // ------------------------------------------------------------ dev sign-in tokens
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  const devToken = (openid: string) => {
    const p = Buffer.from(openid).toString('base64url');
    return `${p}.${sign(p)}`;
  };
  const openidOfToken = (token: string | undefined): string | undefined => {
    if (!token) return undefined;
    const [p, s] = token.split('.');
    if (!p || !s) return undefined;
    const want = Buffer.from(sign(p));
    const got = Buffer.from(s);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
    return Buffer.from(p, 'base64url').toString('utf8');
  };
  // Console access tokens: what a web page holds after signing in with a custom-login ticket
  // (CloudBase issues its own; here an HMAC-signed { uid, exp }). Valid in every mode: this is the
  // production path of the H5 admin console.
  const CONSOLE_TOKEN_TTL_S = 2 * 60 * 60;
  const consoleToken = (uid: string) => {
    const p = Buffer.from(JSON.stringify({ u: uid, e: Date.now() + CONSOLE_TOKEN_TTL_S * 1000 })).toString('base64url');
    return `c.${p}.${sign(`c.${p}`)}`;
  };
  const uidOfConsoleToken = (token: string): string | undefined => {
    const [c, p, s] = token.split('.');
    if (c !== 'c' || !p || !s) return undefined;
    const want = Buffer.from(sign(`c.${p}`));
    const got = Buffer.from(s);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
    const v = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { u?: string; e?: number };
    return typeof v.u === 'string' && typeof v.e === 'number' && v.e > Date.now() ? v.u : undefined;
  };
  const requireDevUser = (req: IncomingMessage): string => {
    const openid = openidOfToken(bearer(req));
    if (!openid) throw new HttpError(401, 'INVALID_TOKEN', '登录已失效，请重新选择演示用户登录');
    return openid;
  };

  // ------------------------------------------------------------ SDK wire: POST /admin
  // request ids: a random prefix per server and a counter (no crypto call per request)
  const requestIdPrefix = randomBytes(4).toString('hex');
  let requestSeq = 0;
  async function handleAdmin(contentType: string | undefined, raw: Buffer): Promise<{ json?: Record<string, unknown>; bytes?: Buffer }> {
    const requestId = `${requestIdPrefix}${(++requestSeq).toString(16).padStart(8, '0')}`;
    const ct = String(contentType ?? '');
    if (ct.startsWith('multipart/form-data')) {
      const form = await parseMultipart(raw, ct);
      const action = form.get('action');
      if (action !== 'wx.openApi') return { json: { code: 'INVALID_ACTION', message: `不支持的 action：${String(action)}`, requestId } };
      const apiName = String(form.get('apiName') ?? '');
      const data = form.get('requestData');
      if (!apiName || !Buffer.isBuffer(data)) return { json: { code: 'INVALID_PARAM', message: 'wx.openApi 缺少 apiName 或 requestData', requestId } };
      const caller = runner.callerOfToken(form.get('wxCloudApiToken'));
      const permissions = caller ? runner.config(caller.fn).permissions?.openapi ?? [] : undefined;
      const reply = await handleOpenApi(decodeOpenApiRequest(apiName, data), {
        fromFunction: caller?.fn,
        permissions,
        subscriptions,
        outbox,
      });
      return { bytes: reply.body };
    }
    const body = parseJson(raw);
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { json: { code: 'INVALID_PARAM', message: '请求体必须是 JSON 对象', requestId } };
    const b = body as Record<string, unknown>;
    const action = typeof b.action === 'string' ? b.action : '';
    if (action.startsWith('database.')) {
      try {
        return { json: { ...(await db.handle(b)), requestId } };
      } catch (e) {
        return { json: { code: 'DATABASE_REQUEST_FAILED', message: (e as Error).message, requestId } };
      }
    }
    switch (action) {
      case 'functions.invokeFunction': {
        const name = String(b.function_name ?? '');
        let event: unknown = {};
        if (typeof b.request_data === 'string' && b.request_data) {
          try {
            event = JSON.parse(b.request_data);
          } catch {
            return { json: { code: 'INVALID_PARAM', message: 'request_data 不是合法的 JSON', requestId } };
          }
        }
        const caller = runner.callerOfToken(b.wxCloudApiToken);
        // WeChat: SOURCE follows the call chain, e.g. 'wx_client' in A and 'wx_client,scf' in B.
        const identity: Identity = caller
          ? { ...caller.identity, source: caller.identity.source ? `${caller.identity.source},scf` : 'scf' }
          : { source: 'scf' };
        const r = await runner.invoke(name, event, identity);
        if (!r.ok) return { json: { code: 'FUNCTIONS_EXECUTE_FAIL', message: r.message, requestId: r.requestId } };
        return { json: { data: { response_data: JSON.stringify(r.result) }, requestId: r.requestId } };
      }
      case 'storage.getUploadMetadata': {
        const path = Storage.cleanPath(String(b.path ?? ''));
        if (!path) return { json: { code: 'INVALID_PARAM', message: `非法的云存储路径：${String(b.path)}`, requestId } };
        return {
          json: {
            data: {
              url: `${baseUrl}/__cos/${encodeURIComponent(path)}`,
              token: 'local-token',
              authorization: 'local-authorization',
              fileId: fileIdOf(path),
              cosFileId: `local-${randomBytes(8).toString('hex')}`,
            },
            requestId,
          },
        };
      }
      case 'storage.batchGetDownloadUrl': {
        const list = Array.isArray(b.file_list) ? (b.file_list as { fileid?: unknown; max_age?: unknown }[]) : [];
        const download_list = list.map((f) => {
          const path = pathOfFileId(f?.fileid);
          const ok = !!path && storage.has(path);
          const item: Record<string, unknown> = {
            fileID: f?.fileid,
            tempFileURL: ok ? `${baseUrl}/__cos/${path}` : '',
            code: ok ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST',
          };
          if (typeof f?.max_age === 'number') item.maxAge = f.max_age;
          return item;
        });
        return { json: { data: { download_list }, requestId } };
      }
      case 'storage.batchDeleteFile': {
        const list = Array.isArray(b.fileid_list) ? (b.fileid_list as unknown[]) : [];
        const delete_list = list.map((id) => {
          const path = pathOfFileId(id);
          return { fileID: id, code: path && storage.delete(path) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
        });
        return { json: { data: { delete_list }, requestId } };
      }
      default:
        return { json: { code: 'INVALID_ACTION', message: `本地云不支持的 action：${action || '（空）'}`, requestId } };
    }
  }
  const fileIdOf = (path: string) => `cloud://${envId}.6c6f-${envId}-1250000000/${path}`;

  // ------------------------------------------------------------ front door and tools
  function functionReply(req: IncomingMessage, res: ServerResponse, r: InvokeOutcome): void {
    res.setHeader('x-request-id', r.requestId);
    // how long the function itself ran (the rest of a caller's wait is the door: accept, body, queue)
    res.setHeader('server-timing', `fn;dur=${r.ms}`);
    if (r.ok) return sendJson(req, res, 200, r.result);
    const status = r.code === 'FUNCTION_NOT_FOUND' ? 404 : r.code === 'FUNCTION_TIMEOUT' ? 504 : 500;
    sendJson(req, res, status, { code: r.code, message: r.message, requestId: r.requestId });
  }

  // Dev-only doors (sign-in, outbox, uploads, firing timers by hand, diagnostics): only in dev mode
  // and only to a client on this machine's loopback interface, whatever interface we listen on.
  const isLoopback = (req: IncomingMessage) => {
    const a = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    return a === '127.0.0.1' || a === '::1' || a.startsWith('127.');
  };
  const requireDev = (req: IncomingMessage) => {
    if (!opts.dev || !isLoopback(req)) throw new HttpError(404, 'NOT_FOUND', '仅开发模式提供此接口（--dev，且只接受本机访问）');
  };
  /** A function the front door serves: deployed ones always, dev-only diagnostics (echo) in dev mode. */
  const served = (req: IncomingMessage, name: string) =>
    runner.exists(name) && (!runner.config(name).devOnly || (opts.dev && isLoopback(req)));
  /**
   * A call's JSON body, bounded before anything walks it: the platform caps a call's data, and a
   * deep or huge body must cost one cheap scan, never a stack overflow or seconds of parsing.
   */
  const readEvent = async (req: IncomingMessage): Promise<{ event: unknown; text: string }> => {
    let raw: Buffer;
    try {
      raw = await readBody(req, INPUT_LIMITS.maxEventBytes);
    } catch (e) {
      if (e instanceof HttpError && e.status === 413) {
        throw new HttpError(413, 'VALIDATION_FAILED', `提交的内容过大（上限 ${INPUT_LIMITS.maxEventBytes / 1024} KB），请分批提交`);
      }
      throw e;
    }
    const text = raw.toString('utf8');
    if (jsonDepthExceeds(text, INPUT_LIMITS.maxDepth + 2)) {
      throw new HttpError(400, 'VALIDATION_FAILED', `提交的内容层级过深（最多 ${INPUT_LIMITS.maxDepth} 层）`);
    }
    return { event: parseJson(raw), text };
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localcloud');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, corsHeaders(req));
      res.end();
      return;
    }
    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      return sendJson(req, res, 200, { ok: true, env: envId, dev: opts.dev, functions: runner.list() });
    }
    if (path === '/admin' && method === 'POST') {
      const raw = await readBody(req);
      const out = await handleAdmin(req.headers['content-type'], raw);
      if (out.bytes) return sendBytes(req, res, 200, out.bytes, 'application/octet-stream');
      return sendJson(req, res, 200, out.json);
    }
    if (path.startsWith('/__cos/')) {
      const p = Storage.cleanPath(decodeURIComponent(path.slice('/__cos/'.length)));
      if (!p) throw new HttpError(400, 'INVALID_PATH', '非法的云存储路径');
      if (method === 'PUT') {
        let bytes: Buffer;
        try {
          bytes = await readBody(req);
        } catch (e) {
          if (e instanceof HttpError && e.status === 413) {
            res.writeHead(413, { 'content-type': 'application/xml' });
            res.end(`<?xml version='1.0' encoding='utf-8' ?><Error><Code>EntityTooLarge</Code><Message>${e.message}</Message><RequestId>local</RequestId><TraceId>local</TraceId></Error>`);
            return;
          }
          throw e;
        }
        storage.put(p, bytes);
        res.writeHead(200, corsHeaders(req));
        res.end();
        return;
      }
      if (method === 'GET' || method === 'HEAD') {
        const bytes = storage.get(p);
        if (!bytes) throw new HttpError(404, 'STORAGE_FILE_NONEXIST', `文件不存在：${p}`);
        return sendStoredFile(req, res, p, bytes);
      }
    }
    let m = /^\/functions\/([^/]+)$/.exec(path);
    if (m && method === 'POST') {
      const name = decodeURIComponent(m[1]);
      const token = bearer(req);
      let openid = '';
      let customUserId = '';
      if (token?.startsWith('c.')) {
        // The H5 admin console, as through CloudBase's HTTP access with a custom-login user.
        const uid = uidOfConsoleToken(token);
        if (!uid) throw new HttpError(401, 'CONSOLE_SESSION_INVALID', '电脑端登录已失效，请重新扫码登录');
        customUserId = uid;
      } else if (token) {
        const o = openidOfToken(token);
        if (!o || !opts.dev) throw new HttpError(401, 'INVALID_TOKEN', '登录已失效，请重新登录');
        openid = o;
      }
      const { event, text } = await readEvent(req);
      if (!served(req, name)) throw new HttpError(404, 'FUNCTION_NOT_FOUND', `云函数 ${name.slice(0, 60)} 不存在`);
      const clientIp = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const r = customUserId
        ? // HTTP access hands the function the request itself; its body is { action, input }.
          await runner.invoke(
            name,
            { httpMethod: 'POST', path: `/${name}`, headers: { 'content-type': 'application/json', 'user-agent': String(req.headers['user-agent'] ?? '').slice(0, 300) }, body: text, isBase64Encoded: false },
            { customUserId, source: '', clientIp },
          )
        : await runner.invoke(name, event, { openid, source: 'wx_client', clientIp });
      if (!opts.quiet) log(`${name}${event && typeof event === 'object' && 'action' in event ? `.${String((event as { action: unknown }).action)}` : ''} ${r.ok ? 'ok' : r.code} ${r.ms} ms`);
      return functionReply(req, res, r);
    }
    m = /^\/triggers\/([^/]+)\/([^/]+)$/.exec(path);
    if (m && method === 'POST') {
      // Firing a timer by hand is a developer's tool: a client must never run a job (or choose when).
      requireDev(req);
      const [fn, name] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      await readBody(req, 1024);
      if (!runner.exists(fn)) throw new HttpError(404, 'FUNCTION_NOT_FOUND', `云函数 ${fn.slice(0, 60)} 不存在`);
      const r = await triggers.fire(fn, name);
      if (!r) throw new HttpError(404, 'TRIGGER_NOT_FOUND', `云函数 ${fn} 的 config.json 中没有名为 ${name.slice(0, 60)} 的定时触发器`);
      return functionReply(req, res, r);
    }
    if (path === '/triggers' && method === 'GET') {
      requireDev(req);
      return sendJson(req, res, 200, { triggers: triggers.list() });
    }
    if (path === '/auth/custom/signin' && method === 'POST') {
      // A web page signs in with a custom-login ticket a function made (CloudBase custom login).
      const body = parseJson(await readBody(req, 8 * 1024)) as { ticket?: unknown };
      const v = verifyCustomLoginTicket(body && typeof body === 'object' ? body.ticket : undefined, loginKey, envId);
      if ('error' in v) throw new HttpError(401, 'CUSTOM_LOGIN_FAILED', v.error);
      return sendJson(req, res, 200, { accessToken: consoleToken(v.uid), uid: v.uid, expiresIn: CONSOLE_TOKEN_TTL_S });
    }
    if (path === '/outbox' && method === 'GET') {
      requireDev(req);
      return sendJson(req, res, 200, { outbox: outbox.list() });
    }
    if (path === '/dev/login' && method === 'POST') {
      requireDev(req);
      const body = parseJson(await readBody(req)) as { openid?: unknown };
      const openid = body && typeof body === 'object' ? body.openid : undefined;
      if (typeof openid !== 'string' || !OPENID_RE.test(openid)) throw new HttpError(400, 'INVALID_OPENID', 'openid 须为 1–128 位字母、数字、下划线或连字符');
      return sendJson(req, res, 200, { token: devToken(openid), openid });
    }
    if (path === '/dev/users' && method === 'GET') {
      requireDev(req);
      const users = db.readAll('dev_demo_users', 1000);
      return sendJson(req, res, 200, { users });
    }
    if (path === '/dev/subscribe' && method === 'POST') {
      requireDev(req);
      const openid = requireDevUser(req);
      const body = parseJson(await readBody(req)) as { templateIds?: unknown };
      const ids = body && typeof body === 'object' ? body.templateIds : undefined;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 5 || !ids.every((t) => typeof t === 'string' && TEMPLATE_ID_RE.test(t))) {
        throw new HttpError(400, 'INVALID_TEMPLATE_IDS', 'templateIds 须为 1–5 个模板 ID');
      }
      return sendJson(req, res, 200, { accepted: subscriptions.accept(openid, ids as string[]) });
    }
    if (path === '/dev/upload' && method === 'POST') {
      // The H5 app's wx.cloud.uploadFile: body = the file's bytes, ?cloudPath=<path>; a signed-in
      // dev user only. Answers like wx.cloud.uploadFile: { fileID: 'cloud://…', statusCode: 200 }.
      requireDev(req);
      requireDevUser(req);
      const cloudPath = Storage.cleanPath(url.searchParams.get('cloudPath') ?? '');
      if (!cloudPath) throw new HttpError(400, 'INVALID_PATH', 'cloudPath 须为合法的云存储路径');
      const bytes = await readBody(req, MAX_UPLOAD_BYTES);
      if (bytes.length === 0) throw new HttpError(400, 'EMPTY_FILE', '上传的文件为空');
      storage.put(cloudPath, bytes);
      return sendJson(req, res, 200, { fileID: fileIdOf(cloudPath), statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
    }
    if (path === '/dev/subscriptions' && method === 'GET') {
      requireDev(req);
      return sendJson(req, res, 200, { accepted: subscriptions.of(requireDevUser(req)) });
    }
    throw new HttpError(404, 'NOT_FOUND', `没有这个接口：${method} ${path}`);
  }

  const server: Server = createServer((req, res) => {
    // Keep-alive race: Node advertises `Keep-Alive: timeout=<keepAliveTimeout>` and clients that
    // honour it (undici/fetch: hint − 1 s) reuse an idle socket until 1 s before the server closes
    // it. A loaded client reads the reply late, so its deadline passes the server's: it writes the
    // next request into a socket the server is closing and gets "read ECONNRESET" / "other side
    // closed" (seen in the 5,000-family rush). Like nginx's `keepalive_timeout 30s 10s`, we tell
    // clients 10 s and keep idle sockets open 30 s: a 20 s margin for a lagging client.
    if (req.httpVersion === '1.1' && !/\bclose\b/i.test(String(req.headers.connection ?? ''))) {
      res.setHeader('connection', 'keep-alive');
      res.setHeader('keep-alive', `timeout=${KEEP_ALIVE_HINT_S}`);
    }
    route(req, res).catch((e) => {
      if (!(e instanceof HttpError)) log(`${req.method} ${req.url} failed: ${(e as Error).stack ?? e}`);
      if (res.headersSent) res.destroy();
      else sendError(req, res, e);
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_IDLE_S * 1000;
  server.headersTimeout = 35_000;

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      db.close();
      unlock();
      if (e.code === 'EADDRINUSE') reject(new LocalCloudError('PORT_IN_USE', `端口 ${opts.port} 已被占用：请换一个端口（--port）或先停止占用它的进程`));
      else reject(new LocalCloudError('LISTEN_FAILED', `无法监听 ${host}:${opts.port ?? 0}：${e.message}`));
    });
    // A backlog of 4096 (Linux caps it at net.core.somaxconn): with Node's default 511, a burst of
    // 1,000 simultaneous callers on a busy machine overflows the accept queue and the kernel
    // resets connections (clients see ECONNRESET / "fetch failed").
    server.listen({ port: opts.port ?? 0, host, backlog: 4096 }, () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  // SDK calls from this process (the functions, tests' admin SDK) skip the loopback socket: the
  // same bytes reach the same handleAdmin (localcloud/in-process-transport.ts).
  const transport = opts.transport ?? (process.env.LOCALCLOUD_TRANSPORT === 'http' ? 'http' : 'in-process');
  const stopInProcess =
    transport === 'in-process'
      ? registerInProcess(`${baseUrl}/admin`, async (wire) => {
          const json = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify(body)) });
          // the answers route() + sendError give over HTTP
          if (wire.method !== 'POST') return json(404, { code: 'NOT_FOUND', message: `没有这个接口：${wire.method} /admin` });
          if (wire.body.length > MAX_BODY_BYTES) return json(413, { code: 'REQUEST_TOO_LARGE', message: `请求体超过 ${MAX_BODY_BYTES / 1024 / 1024} MB 上限` });
          try {
            const out = await handleAdmin(wire.headers['content-type'], wire.body);
            if (out.bytes) return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: out.bytes };
            return json(200, out.json);
          } catch (e) {
            if (e instanceof HttpError) return json(e.status, { code: e.code, message: e.message });
            log(`POST /admin failed: ${(e as Error).stack ?? e}`);
            return json(500, { code: 'INTERNAL', message: `本地云内部错误：${e instanceof Error ? e.message : String(e)}` });
          }
        })
      : () => undefined;
  if (opts.timers !== false) triggers.start();

  let closed = false;
  return {
    url: baseUrl,
    adminUrl: `${baseUrl}/admin`,
    port,
    envId,
    db,
    runner,
    triggers,
    outbox: () => outbox.list(),
    invoke: (fn, event, identity = {}) => runner.invoke(fn, event, identity),
    devToken,
    acceptSubscriptions: (openid, ids) => subscriptions.accept(openid, ids),
    async close() {
      if (closed) return;
      closed = true;
      stopInProcess();
      triggers.stop();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      db.close();
      unlock();
    },
  };
}
