/**
 * Runs pages of the real weapp build (dist/weapp) under miniprogram-simulate with the official
 * WXML compiler (toolchain notes, pitfall 8). The mini-program runtime is stood in for by small
 * shims: App/getApp/getCurrentPages, Page → Component, storage, navigation (recorded), and a
 * `wx.cloud` that calls the REAL local cloud's front door as a demo user (global setup).
 */
import { existsSync } from 'fs';
import { join, resolve } from 'path';
import { pollUntil, sleep } from '../helpers/poll';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const simulate = require('miniprogram-simulate');

export const WEAPP_DIST = resolve(__dirname, '../../dist/weapp');

export interface Navigation {
  api: string;
  url: string;
}

type AnyFn = (...args: unknown[]) => unknown;
type Cfg = Record<string, unknown>;

export interface WeappRuntime {
  navigations: Navigation[];
  cloudCalls: { name: string; action: string }[];
  toasts: string[];
  /** Render dist/weapp/<route> (e.g. 'pages/me/index') and attach it. */
  loadPage(route: string, query?: Record<string, string>): Promise<SimComponent>;
}

export interface SimComponent {
  dom: HTMLElement;
  querySelector(sel: string): SimComponent | undefined;
  querySelectorAll(sel: string): SimComponent[];
  dispatchEvent(name: string, opts?: unknown): void;
  attach(parent: Element): void;
  detach(): void;
  instance: Cfg;
}

function ensureBuilt(): void {
  if (!existsSync(join(WEAPP_DIST, 'app.js'))) {
    throw new Error('dist/weapp 不存在：请先运行 npm run build:weapp（npm test 会先构建）');
  }
}

async function devToken(cloudUrl: string, openid: string): Promise<string> {
  const res = await fetch(`${cloudUrl}/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) });
  if (!res.ok) throw new Error(`dev login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

function callback<T>(opts: Cfg | undefined, ok: boolean, res: T): Promise<T> {
  const o = opts || {};
  if (ok) (o.success as AnyFn | undefined)?.(res);
  else (o.fail as AnyFn | undefined)?.(res);
  (o.complete as AnyFn | undefined)?.(res);
  return ok ? Promise.resolve(res) : Promise.reject(res);
}

let booted: WeappRuntime | null = null;

/** Boots app.js once per test file, acting as `openid` against the local cloud at `cloudUrl`. */
export async function bootWeapp(cloudUrl: string, openid: string): Promise<WeappRuntime> {
  if (booted) return booted;
  ensureBuilt();
  const token = await devToken(cloudUrl, openid);
  const g = globalThis as unknown as Record<string, unknown>;
  const storage = new Map<string, unknown>();
  const navigations: Navigation[] = [];
  const cloudCalls: { name: string; action: string }[] = [];
  const toasts: string[] = [];
  let currentPage: Cfg | null = null;
  let appCfg: Cfg | null = null;
  let pendingRoute = '';
  let pendingQuery: Record<string, string> = {};

  const nav = (api: string) => (opts: Cfg) => {
    navigations.push({ api, url: String(opts.url) });
    return callback(opts, true, { errMsg: `${api}:ok` });
  };
  const ok = (api: string) => (opts?: Cfg) => callback(opts, true, { errMsg: `${api}:ok` });

  const wxShim: Cfg = {
    cloud: {
      init: () => undefined,
      callFunction: async (opts: Cfg) => {
        const name = String(opts.name);
        const data = (opts.data || {}) as { action?: string };
        cloudCalls.push({ name, action: String(data.action) });
        try {
          const res = await fetch(`${cloudUrl}/functions/${encodeURIComponent(name)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify(data),
          });
          const result = await res.json();
          if (!res.ok) return callback(opts, false, { errMsg: `cloud.callFunction:fail ${res.status}` });
          return callback(opts, true, { result, errMsg: 'cloud.callFunction:ok', requestID: res.headers.get('x-request-id') });
        } catch (e) {
          return callback(opts, false, { errMsg: `cloud.callFunction:fail ${(e as Error).message}` });
        }
      },
    },
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    switchTab: nav('switchTab'),
    navigateTo: nav('navigateTo'),
    redirectTo: nav('redirectTo'),
    reLaunch: nav('reLaunch'),
    navigateBack: ok('navigateBack'),
    showToast: (opts: Cfg) => {
      toasts.push(String(opts.title));
      return callback(opts, true, { errMsg: 'showToast:ok' });
    },
    hideToast: ok('hideToast'),
    showLoading: ok('showLoading'),
    hideLoading: ok('hideLoading'),
    stopPullDownRefresh: ok('stopPullDownRefresh'),
    requestSubscribeMessage: (opts: Cfg) => callback(opts, true, { errMsg: 'requestSubscribeMessage:ok' }),
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2, SDKVersion: '3.5.0', language: 'zh_CN' }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, screenWidth: 375, screenHeight: 667 }),
    getMenuButtonBoundingClientRect: () => ({ top: 24, bottom: 56, left: 280, right: 367, width: 87, height: 32 }),
  };
  g.wx = Object.assign((g.wx as Cfg) || {}, wxShim);

  g.App = (cfg: Cfg) => {
    appCfg = cfg;
  };
  g.getApp = () => appCfg;
  g.getCurrentPages = () => (currentPage ? [currentPage] : []);
  g.Page = (cfg: Cfg) => {
    const methods: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(cfg)) if (typeof v === 'function') methods[k] = v;
    const route = pendingRoute;
    const query = pendingQuery;
    return (g.Component as AnyFn)({
      data: cfg.data || {},
      options: cfg.options,
      methods,
      lifetimes: {
        attached(this: Cfg) {
          this.route = route;
          this.__route__ = route;
          this.options = query;
          currentPage = this;
          (this.onLoad as AnyFn)(query);
          (this.onShow as AnyFn | undefined)?.();
        },
        ready(this: Cfg) {
          (this.onReady as AnyFn | undefined)?.();
        },
        detached(this: Cfg) {
          (this.onUnload as AnyFn | undefined)?.();
        },
      },
    });
  };

  require(join(WEAPP_DIST, 'app.js'));
  const app = appCfg as Cfg | null;
  if (!app) throw new Error('app.js did not call App()');
  (app.onLaunch as AnyFn | undefined)?.call(app, { path: 'pages/home/index', query: {}, scene: 1001 });
  (app.onShow as AnyFn | undefined)?.call(app, { path: 'pages/home/index', query: {}, scene: 1001 });

  booted = {
    navigations,
    cloudCalls,
    toasts,
    async loadPage(route, query = {}) {
      pendingRoute = route;
      pendingQuery = query;
      const id = simulate.load(join(WEAPP_DIST, route), { rootPath: WEAPP_DIST, compiler: 'official' });
      const comp = simulate.render(id) as SimComponent;
      const parent = document.createElement('parent-wrapper');
      document.body.appendChild(parent);
      comp.attach(parent);
      await simulate.sleep(0);
      return comp;
    },
  };
  return booted;
}

/** Waits until `check` passes (polling; the page renders after real HTTP round trips). */
export function until<T>(check: () => T, timeoutMs = 5000): Promise<T> {
  return pollUntil(check, timeoutMs, () => sleep(25));
}
