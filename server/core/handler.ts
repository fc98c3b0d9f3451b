/**
 * createHandler(routes): parse → identity → authorise (in the route) → run → Result.
 * Identity comes only from cloud.getWXContext(); the event never carries an openid.
 */
import { z, type ZodTypeAny } from 'zod';
import { ERROR_MESSAGES, type ErrorCode } from '../../types/common/errors';
import type { Result } from '../../types/common/result';
import { getCloud, getDb, type Database } from './cloud';
import { isDomainError } from './errors';
import { MAX_ERROR_DETAILS, MAX_ERROR_DETAIL_CHARS, checkInputLimits, inputLimitText } from '../../types/common/input-limits';
import { loadActor, type Actor } from '../access/actor';
import { customUserIdOfInvocation, validConsoleSession } from '../access/console-session';
import { INPUT_LIMITS, jsonDepthExceeds } from '../../types/common/input-limits';

export interface Ctx {
  requestId: string;
  /** Caller's WeChat OPENID ('' for timer triggers). */
  openid: string;
  /** Where the call came from: 'wx_client', 'wx_devtools', 'wx_http', 'scf' (another function), 'timer', 'console' (the desktop admin console). */
  source: string;
  /** The desktop console session the call came through ('' otherwise). */
  consoleSessionId: string;
  now: Date;
  db: Database;
  cloud: ReturnType<typeof getCloud>;
  /** The caller with their memberships, loaded once per request on first use. */
  actor(): Promise<Actor>;
}

export interface Route<S extends ZodTypeAny = ZodTypeAny, O = unknown> {
  input: S;
  /** true: callable without a signed-in user (e.g. certificate verification). */
  public?: boolean;
  /** true: callable by a user who has not accepted (or has withdrawn) the privacy notice: first open, accepting it. */
  withoutConsent?: boolean;
  /**
   * true: callable only by another cloud function (getWXContext().SOURCE ends in 'scf', which the
   * platform sets and no client can), e.g. a fan-out that continues itself in a chained call.
   */
  internal?: boolean;
  run(ctx: Ctx, input: z.infer<S>): Promise<O>;
}

export function route<S extends ZodTypeAny, O>(
  input: S,
  run: (ctx: Ctx, input: z.infer<S>) => Promise<O>,
  opts: { public?: boolean; withoutConsent?: boolean; internal?: boolean } = {},
): Route<S, O> {
  return { input, run, public: opts.public, withoutConsent: opts.withoutConsent, internal: opts.internal };
}

/**
 * The platform's mark of a timer trigger: WeChat cloud invokes a function's timer with
 * getWXContext().SOURCE 'wx_trigger' and no OPENID. The event body ({ Type: 'Timer', ... }) is the
 * client's to write and never decides anything.
 */
export const TIMER_SOURCE = 'wx_trigger';

export function isTimerInvocation(source: string, openid: string): boolean {
  return source === TIMER_SOURCE && !openid;
}

/** Called by another cloud function: the platform appends 'scf' to SOURCE along the call chain. */
export function isFunctionInvocation(source: string): boolean {
  return /(^|,)scf$/.test(source);
}

export type Routes = Record<string, Route<ZodTypeAny, unknown>>;
export type TimerJobs = Record<string, (ctx: Ctx) => Promise<unknown>>;

interface WxContextLike { OPENID?: string; SOURCE?: string }
interface CloudContextLike { request_id?: string; requestId?: string }

let seq = 0;
function newRequestId(): string {
  seq = (seq + 1) % 1e6;
  return `${Date.now().toString(36)}-${seq.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function failure(requestId: string, code: ErrorCode, details?: unknown): Result<never> {
  const error: { code: ErrorCode; message: string; details?: unknown } = { code, message: ERROR_MESSAGES[code] };
  if (details !== undefined) error.details = details;
  return { ok: false, error, requestId };
}

/** The first MAX_ERROR_DETAILS issues, each short: an error reply stays small whatever the input. */
function zodDetails(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.slice(0, MAX_ERROR_DETAILS).map((i) => ({
    path: i.path.join('.').slice(0, 60),
    message: i.message.slice(0, MAX_ERROR_DETAIL_CHARS),
  }));
}

/**
 * CloudBase HTTP access hands a function the HTTP request ({ httpMethod, headers, body,
 * isBase64Encoded }); its body is our { action, input }. Bounded like the front door before it is
 * parsed. Anything else is the event itself.
 */
function unwrapHttpEvent(event: unknown): { ev: Record<string, unknown>; http: boolean } | { error: string } {
  const raw = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
  if (typeof raw.httpMethod !== 'string' || !('body' in raw)) return { ev: raw, http: false };
  let body = typeof raw.body === 'string' ? raw.body : '';
  if (raw.isBase64Encoded === true) body = Buffer.from(body, 'base64').toString('utf8');
  if (body.length > INPUT_LIMITS.maxEventBytes) return { error: `提交的内容过大（上限 ${INPUT_LIMITS.maxEventBytes / 1024} KB），请分批提交` };
  if (jsonDepthExceeds(body, INPUT_LIMITS.maxDepth + 2)) return { error: `提交的内容层级过深（最多 ${INPUT_LIMITS.maxDepth} 层）` };
  try {
    const parsed = body ? JSON.parse(body) : {};
    return { ev: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}, http: true };
  } catch {
    return { error: '请求内容不是合法的 JSON' };
  }
}

export function createHandler(routes: Routes, timers: TimerJobs = {}) {
  return async function main(event: unknown, context?: CloudContextLike): Promise<Result<unknown>> {
    const requestId = context?.request_id || context?.requestId || newRequestId();
    const cloud = getCloud();
    const wx = (cloud.getWXContext() || {}) as WxContextLike;
    const unwrapped = unwrapHttpEvent(event);
    if ('error' in unwrapped) return failure(requestId, 'VALIDATION_FAILED', [{ path: '', message: unwrapped.error }]);
    const ev = unwrapped.ev;
    let actorPromise: Promise<Actor> | undefined;
    const ctx: Ctx = {
      requestId,
      openid: wx.OPENID || '',
      source: wx.SOURCE || '',
      consoleSessionId: '',
      now: new Date(),
      db: getDb(),
      cloud,
      actor() {
        if (!actorPromise) actorPromise = loadActor(ctx.db, ctx.openid);
        return actorPromise;
      },
    };
    let action = '';
    try {
      // Bound what one call can cost before anything walks the event (zod, the database).
      const tooBig = checkInputLimits(ev);
      if (tooBig) return failure(requestId, 'VALIDATION_FAILED', [{ path: tooBig.path.slice(0, 60), message: inputLimitText(tooBig) }]);
      if (isTimerInvocation(ctx.source, ctx.openid)) {
        const trigger = typeof ev.TriggerName === 'string' ? ev.TriggerName : '';
        action = `timer:${trigger}`;
        const job = Object.prototype.hasOwnProperty.call(timers, trigger) ? timers[trigger] : undefined;
        if (!job) return failure(requestId, 'UNKNOWN_ACTION');
        ctx.source = 'timer';
        return { ok: true, data: await job(ctx), requestId };
      }
      // The desktop console: a custom-login user whose session (not expired, not revoked) names the
      // WeChat user it acts as. No OPENID of its own, so it can never pass for a timer (checked above).
      const customUserId = ctx.openid ? '' : customUserIdOfInvocation();
      if (customUserId) {
        const session = await validConsoleSession(ctx.db, customUserId, ctx.now);
        if (!session) return failure(requestId, 'CONSOLE_SESSION_INVALID');
        ctx.openid = session.openid;
        ctx.source = 'console';
        ctx.consoleSessionId = session._id;
      }
      // A timer-shaped event from anyone but the platform's trigger runs nothing.
      if (ev.Type === 'Timer' || 'TriggerName' in ev) return failure(requestId, 'FORBIDDEN');
      action = typeof ev.action === 'string' ? ev.action : '';
      const r = Object.prototype.hasOwnProperty.call(routes, action) ? routes[action] : undefined;
      if (!r) return failure(requestId, 'UNKNOWN_ACTION', { action: action.slice(0, 60) });
      if (r.internal && !isFunctionInvocation(ctx.source)) return failure(requestId, 'FORBIDDEN');
      if (!r.public && !ctx.openid) return failure(requestId, 'UNAUTHENTICATED');
      const parsed = r.input.safeParse(ev.input === undefined ? {} : ev.input);
      if (!parsed.success) return failure(requestId, 'VALIDATION_FAILED', zodDetails(parsed.error));
      // PIPL: while consent is withdrawn (or not yet given) no function processes the user's data,
      // whatever function it is. Users without a document have no memberships or children anyway.
      if (!r.public && !r.withoutConsent) {
        const actor = await ctx.actor();
        if (actor.user && !actor.user.consent) return failure(requestId, 'CONSENT_REQUIRED');
      }
      const data = await r.run(ctx, parsed.data);
      return { ok: true, data: data === undefined ? null : data, requestId };
    } catch (e) {
      if (isDomainError(e)) return failure(requestId, e.code, e.details);
      // Never log personal data: only the request id, action and error text.
      const msg = e instanceof Error ? e.message : String(e);
      console.error(`[${requestId}] ${action} failed: ${msg.slice(0, 300)}`);
      return failure(requestId, 'INTERNAL');
    }
  };
}
