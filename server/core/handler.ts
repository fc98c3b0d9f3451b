/**
 * createHandler(routes): parse → identity → authorise (in the route) → run → Result.
 * Identity comes only from cloud.getWXContext(); the event never carries an openid.
 */
import { z, type ZodTypeAny } from 'zod';
import { ERROR_MESSAGES, type ErrorCode } from '../../types/common/errors';
import type { Result } from '../../types/common/result';
import { getCloud, getDb, type Database } from './cloud';
import { isDomainError } from './errors';
import { asFieldIssues, fieldIssues, labelsOf, validationSentence } from '../../types/common/validation';
import { loadActor, type Actor } from '../access/actor';

export interface Ctx {
  requestId: string;
  /** Caller's WeChat OPENID ('' for timer triggers). */
  openid: string;
  /** Where the call came from: 'wx_client', 'wx_devtools', 'wx_http', 'scf' (another function), 'timer'. */
  source: string;
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
  run(ctx: Ctx, input: z.infer<S>): Promise<O>;
}

export function route<S extends ZodTypeAny, O>(
  input: S,
  run: (ctx: Ctx, input: z.infer<S>) => Promise<O>,
  opts: { public?: boolean; withoutConsent?: boolean } = {},
): Route<S, O> {
  return { input, run, public: opts.public, withoutConsent: opts.withoutConsent };
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

function failure(requestId: string, code: ErrorCode, details?: unknown, message?: string): Result<never> {
  const error: { code: ErrorCode; message: string; details?: unknown } = { code, message: message ?? ERROR_MESSAGES[code] };
  if (details !== undefined) error.details = details;
  return { ok: false, error, requestId };
}

/** A rejected input: one Chinese sentence per field naming the field and the limit (types/common/validation.ts). */
function validationFailure(requestId: string, schema: ZodTypeAny, err: z.ZodError): Result<never> {
  const issues = fieldIssues(err.issues, labelsOf(schema));
  return failure(requestId, 'VALIDATION_FAILED', issues, validationSentence(issues));
}

/**
 * A service that knows exactly what went wrong says so in `details.message` (Chinese: '该年级已有同名班级',
 * '该手机号已登记为本校其他教职工'); the user reads that instead of the code's general sentence.
 */
function specificMessage(details: unknown): string | undefined {
  const m = details && typeof details === 'object' && !Array.isArray(details) ? (details as { message?: unknown }).message : undefined;
  return typeof m === 'string' && /[\u4e00-\u9fa5]/.test(m) ? m : undefined;
}

export function createHandler(routes: Routes, timers: TimerJobs = {}) {
  return async function main(event: unknown, context?: CloudContextLike): Promise<Result<unknown>> {
    const requestId = context?.request_id || context?.requestId || newRequestId();
    const cloud = getCloud();
    const wx = (cloud.getWXContext() || {}) as WxContextLike;
    const ev = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
    let actorPromise: Promise<Actor> | undefined;
    const ctx: Ctx = {
      requestId,
      openid: wx.OPENID || '',
      source: wx.SOURCE || '',
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
      if (ev.Type === 'Timer' && typeof ev.TriggerName === 'string') {
        action = `timer:${ev.TriggerName}`;
        // A timer trigger carries no user; a signed-in client sending a timer-shaped event is not one.
        if (ctx.openid) return failure(requestId, 'FORBIDDEN');
        const job = timers[ev.TriggerName];
        if (!job) return failure(requestId, 'UNKNOWN_ACTION');
        ctx.source = 'timer';
        return { ok: true, data: await job(ctx), requestId };
      }
      action = typeof ev.action === 'string' ? ev.action : '';
      const r = Object.prototype.hasOwnProperty.call(routes, action) ? routes[action] : undefined;
      if (!r) return failure(requestId, 'UNKNOWN_ACTION', { action });
      if (!r.public && !ctx.openid) return failure(requestId, 'UNAUTHENTICATED');
      const parsed = r.input.safeParse(ev.input === undefined ? {} : ev.input);
      if (!parsed.success) return validationFailure(requestId, r.input, parsed.error);
      // PIPL: while consent is withdrawn (or not yet given) no function processes the user's data,
      // whatever function it is. Users without a document have no memberships or children anyway.
      if (!r.public && !r.withoutConsent) {
        const actor = await ctx.actor();
        if (actor.user && !actor.user.consent) return failure(requestId, 'CONSENT_REQUIRED');
      }
      const data = await r.run(ctx, parsed.data);
      return { ok: true, data: data === undefined ? null : data, requestId };
    } catch (e) {
      if (isDomainError(e)) {
        // A service's own field check ({ path, message }[]): the same sentences as a schema's.
        if (e.code === 'VALIDATION_FAILED' && Array.isArray(e.details) && e.details.length) {
          const issues = asFieldIssues(e.details);
          return failure(requestId, e.code, issues, validationSentence(issues));
        }
        return failure(requestId, e.code, e.details, specificMessage(e.details));
      }
      // Never log personal data: only the request id, action and error text.
      const msg = e instanceof Error ? e.message : String(e);
      console.error(`[${requestId}] ${action} failed: ${msg.slice(0, 300)}`);
      return failure(requestId, 'INTERNAL');
    }
  };
}
