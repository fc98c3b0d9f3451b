/**
 * In-process transport for the SDK wire protocol: when a cloud function (or a test) runs in the
 * same process as the local cloud, the real wx-server-sdk's `POST <adminUrl>` is handed to the
 * local cloud's `/admin` handler without a socket.
 *
 * Where it intercepts: `@cloudbase/node-sdk` (inside wx-server-sdk 4.0.2) sends every database,
 * function and storage-metadata call with `http.request(url, options, cb)` from
 * `dist/utils/request-core.js`, looking `request` up on Node's `http` module at call time. We wrap
 * that one function: a request whose URL is a registered admin URL gets a small ClientRequest
 * stand-in that collects exactly the bytes the SDK writes (its JSON body, or the multipart body of
 * `wx.openApi`) and its headers, runs the server's own handler on them (the same code path as
 * `POST /admin` over HTTP: parse → route on `body.action` → db service → reply JSON), and answers
 * with an IncomingMessage stand-in carrying the reply bytes. Any other URL (the front door,
 * `/__cos` uploads, another process's cloud) goes to Node's real `http.request` untouched.
 *
 * What is skipped: HTTP framing, the loopback socket (two kernel round trips per call), Node's
 * http client/agent/server machinery. What is kept: the SDK's request building, signing and
 * serialisation, the wire body byte for byte, the server's parsing and routing, the SDK's reply
 * parsing and error mapping. The handler runs in the async context of the cloud's start (as a
 * request arriving on a server connection would), never in the caller's AsyncLocalStorage store.
 *
 * Off with `LOCALCLOUD_TRANSPORT=http` (or `startLocalCloud({ transport: 'http' })`).
 */
import { AsyncResource } from 'async_hooks';
import { EventEmitter } from 'events';
import http from 'http';
import { Readable } from 'stream';

export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}
export type WireHandler = (req: WireRequest) => Promise<WireReply>;

interface Route {
  handler: WireHandler;
  /** The async context of the server's start: the handler never runs in a caller's context. */
  scope: AsyncResource;
}

const MARK = Symbol.for('localcloud.inProcessTransport');
interface Installed {
  routes: Map<string, Route>;
  calls: { count: number };
}

function install(): Installed {
  const h = http as unknown as Record<symbol, Installed | undefined> & { request: typeof http.request };
  const existing = h[MARK];
  if (existing) return existing;
  const state: Installed = { routes: new Map(), calls: { count: 0 } };
  const real = h.request;
  const wrapped = function request(this: unknown, ...args: unknown[]) {
    if (state.routes.size > 0 && typeof args[0] === 'string') {
      const route = state.routes.get(routeKey(args[0]));
      if (route) {
        const options = (typeof args[1] === 'object' && args[1] ? args[1] : {}) as http.RequestOptions;
        const cb = (typeof args[1] === 'function' ? args[1] : args[2]) as ((res: http.IncomingMessage) => void) | undefined;
        state.calls.count++;
        return new InProcessRequest(args[0], options, route, cb);
      }
    }
    return (real as (...a: unknown[]) => http.ClientRequest).apply(this, args);
  };
  Object.defineProperty(h, 'request', { value: wrapped, writable: true, configurable: true, enumerable: true });
  Object.defineProperty(h, MARK, { value: state });
  return state;
}

/** scheme://host:port/path without the query string (the SDK appends ?env=…&seqId=…). */
function routeKey(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** Serve `adminUrl` in-process from now on; returns the function that stops it. */
export function registerInProcess(adminUrl: string, handler: WireHandler): () => void {
  const state = install();
  const key = routeKey(adminUrl);
  state.routes.set(key, { handler, scope: new AsyncResource('localcloud.admin') });
  return () => {
    const r = state.routes.get(key);
    if (r && r.handler === handler) {
      state.routes.delete(key);
      r.scope.emitDestroy();
    }
  };
}

/** How many SDK requests went in-process so far (tests use it to prove the path was taken). */
export function inProcessCalls(): number {
  return install().calls.count;
}

const fakeSocket = () => Object.assign(new EventEmitter(), { connecting: false, remoteAddress: '127.0.0.1', setTimeout() {}, setNoDelay() {}, setKeepAlive() {}, destroy() {}, ref() {}, unref() {} });

/** What request-core.js uses of a ClientRequest: write/end, setTimeout, abort/destroy, events. */
class InProcessRequest extends EventEmitter {
  readonly reusedSocket = false;
  readonly socket = fakeSocket();
  readonly protocol = 'http:';
  readonly host: string;
  readonly path: string;
  readonly method: string;
  private readonly headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private done = false;
  private timer: NodeJS.Timeout | undefined;
  private timeoutMs = 0;

  constructor(
    url: string,
    options: http.RequestOptions,
    private readonly route: Route,
    cb?: (res: http.IncomingMessage) => void,
  ) {
    super();
    const u = new URL(url);
    this.host = u.hostname;
    this.path = `${u.pathname}${u.search}`;
    this.method = (options.method ?? 'GET').toUpperCase();
    for (const [k, v] of Object.entries(options.headers ?? {})) if (v !== undefined) this.headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    if (cb) this.once('response', cb);
    // 'socket' then 'connect', as a fresh connection: a timeout is then ESOCKETTIMEDOUT (connected,
    // no reply), which the SDK does not retry, exactly as over loopback HTTP
    process.nextTick(() => {
      this.emit('socket', this.socket);
      this.socket.emit('connect');
    });
  }

  setHeader(name: string, value: string | number): void {
    this.headers[name.toLowerCase()] = String(value);
  }
  getHeader(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }
  setTimeout(ms: number, cb?: () => void): this {
    this.timeoutMs = ms;
    if (cb) this.once('timeout', cb);
    this.armTimer();
    return this;
  }
  write(chunk: string | Buffer, encoding?: BufferEncoding | (() => void), cb?: () => void): boolean {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk);
    const done = typeof encoding === 'function' ? encoding : cb;
    if (done) process.nextTick(done);
    return true;
  }
  end(chunk?: string | Buffer | (() => void), encoding?: BufferEncoding | (() => void), cb?: () => void): this {
    if (typeof chunk === 'function') cb = chunk;
    else if (chunk !== undefined) this.write(chunk, typeof encoding === 'string' ? encoding : undefined);
    if (typeof encoding === 'function') cb = encoding;
    if (this.ended) return this;
    this.ended = true;
    if (cb) process.nextTick(cb);
    const wire: WireRequest = { method: this.method, path: this.path, headers: this.headers, body: Buffer.concat(this.chunks) };
    // Like a request arriving on a server connection: not in the caller's async context.
    this.route.scope.runInAsyncScope(() => {
      this.route.handler(wire).then(
        (reply) => this.respond(reply),
        (e: unknown) => this.fail(Object.assign(new Error(`socket hang up: ${(e as Error)?.message ?? e}`), { code: 'ECONNRESET' })),
      );
    });
    return this;
  }
  abort(): void {
    this.destroy();
  }
  destroy(err?: Error): this {
    if (this.done) return this;
    this.done = true;
    clearTimeout(this.timer);
    if (err) process.nextTick(() => this.emit('error', err));
    else process.nextTick(() => this.emit('abort'));
    return this;
  }

  private armTimer(): void {
    clearTimeout(this.timer);
    if (this.timeoutMs > 0 && !this.done) {
      this.timer = setTimeout(() => {
        if (!this.done) this.emit('timeout');
      }, this.timeoutMs);
      this.timer.unref?.();
    }
  }
  private fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.emit('error', err);
  }
  private respond(reply: WireReply): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    const res = new Readable({ read() {} }) as Readable & Partial<http.IncomingMessage>;
    Object.assign(res, {
      statusCode: reply.status,
      statusMessage: http.STATUS_CODES[reply.status] ?? '',
      headers: { ...reply.headers, 'content-length': String(reply.body.length) },
      httpVersion: '1.1',
      socket: this.socket,
    });
    res.push(reply.body);
    res.push(null);
    this.emit('response', res);
  }
}
