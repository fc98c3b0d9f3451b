/**
 * The ONE gateway from the app to the cloud functions.
 *   weapp: Taro.cloud.callFunction({ name, data: { action, input } })
 *   H5:    POST <local cloud>/functions/<name> with the dev token (see session.ts)
 * The branch is decided at compile time (process.env.TARO_ENV is a constant; the other branch vanishes).
 * Returns the function's data or throws a CloudError whose `message` is the Chinese sentence to show.
 */
import Taro from '@tarojs/taro';
import type { FunctionApis } from '@shared/api';
import { ERROR_MESSAGES, type ErrorCode } from '@shared/common/errors';
import type { Result } from '@shared/common/result';
import { cloudBaseUrl } from './cloud-url';
import { getToken, handleUnauthenticated } from './session-store';

export type FunctionName = keyof FunctionApis;
export type ActionName<F extends FunctionName> = keyof FunctionApis[F] & string;
type Spec<F extends FunctionName, A extends ActionName<F>> = FunctionApis[F][A];
export type InputOf<F extends FunctionName, A extends ActionName<F>> = Spec<F, A> extends { input: infer I } ? I : never;
export type OutputOf<F extends FunctionName, A extends ActionName<F>> = Spec<F, A> extends { output: infer O } ? O : never;

const TIMEOUT_MS = 15000;

export class CloudError extends Error {
  readonly code: ErrorCode;
  readonly requestId: string;
  readonly details?: unknown;

  constructor(code: ErrorCode, message?: string, requestId = '', details?: unknown) {
    super(message || ERROR_MESSAGES[code] || ERROR_MESSAGES.INTERNAL);
    this.name = 'CloudError';
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }
}

export function isCloudError(e: unknown): e is CloudError {
  return e instanceof CloudError || (!!e && typeof e === 'object' && (e as { name?: string }).name === 'CloudError');
}

/** The sentence to show for any failure (CloudError → its Chinese message; anything else → generic). */
export function errorMessage(e: unknown): string {
  return isCloudError(e) ? e.message : ERROR_MESSAGES.INTERNAL;
}

function knownCode(code: unknown): ErrorCode {
  return typeof code === 'string' && code in ERROR_MESSAGES ? (code as ErrorCode) : 'INTERNAL';
}

/** Turns what a function returned into data, or throws the CloudError it describes. */
export function unwrap<T>(raw: unknown): T {
  const result = raw as Result<T> | undefined;
  if (!result || typeof result !== 'object' || typeof (result as { ok?: unknown }).ok !== 'boolean') {
    throw new CloudError('INTERNAL');
  }
  if (result.ok) return result.data;
  const code = knownCode(result.error?.code);
  // Show the server's message only for codes we know (it comes from the same ERROR_MESSAGES map).
  const message = code === result.error?.code && result.error.message ? result.error.message : ERROR_MESSAGES[code];
  if (code === 'UNAUTHENTICATED' || code === 'CONSOLE_SESSION_INVALID') handleUnauthenticated();
  throw new CloudError(code, message, result.requestId || '', result.error?.details);
}

async function callH5(name: string, action: string, input: unknown, anonymous = false): Promise<unknown> {
  const token = getToken();
  if (!token && !anonymous) {
    handleUnauthenticated();
    throw new CloudError('UNAUTHENTICATED');
  }
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = controller ? setTimeout(() => controller.abort(), TIMEOUT_MS) : undefined;
  let res: Response;
  try {
    res = await fetch(`${cloudBaseUrl()}/functions/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && !anonymous ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ action, input: input ?? {} }),
      signal: controller?.signal,
    });
  } catch {
    throw new CloudError('NETWORK_ERROR');
  } finally {
    if (timer) clearTimeout(timer);
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (res.status === 401 || res.status === 403) {
    if (res.status === 401) handleUnauthenticated();
    const code: ErrorCode = res.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    throw new CloudError(code, undefined, (body as { requestId?: string } | null)?.requestId || '');
  }
  // The front door answers with the function's Result (possibly wrapped as { result }).
  if (body && typeof body === 'object' && 'result' in body && !('ok' in body)) return (body as { result: unknown }).result;
  if (!res.ok && !(body && typeof body === 'object' && 'ok' in body)) {
    // The front door's own refusals (a call too large or too deep) carry a known code and its sentence.
    const b = body as { code?: string; message?: string; requestId?: string } | null;
    if (b?.code && b.code in ERROR_MESSAGES) throw new CloudError(b.code as ErrorCode, b.message, b.requestId || '');
    throw new CloudError('INTERNAL');
  }
  return body;
}

async function callWeapp(name: string, action: string, input: unknown): Promise<unknown> {
  try {
    const res = await Taro.cloud.callFunction({ name, data: { action, input: input ?? {} } });
    return (res as { result?: unknown }).result;
  } catch {
    throw new CloudError('NETWORK_ERROR');
  }
}

/**
 * A public action (one that acts for nobody, e.g. the desktop sign-in page asking for a login
 * ticket), called without any sign-in. On weapp the same as call().
 */
export async function callPublic<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, input: InputOf<F, A>): Promise<OutputOf<F, A>> {
  const raw = process.env.TARO_ENV === 'weapp' ? await callWeapp(fn, action, input) : await callH5(fn, action, input, true);
  return unwrap<OutputOf<F, A>>(raw);
}

/** Calls `fn`'s `action` with `input`; resolves with its data or throws CloudError. */
export async function call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, input: InputOf<F, A>): Promise<OutputOf<F, A>> {
  const raw = process.env.TARO_ENV === 'weapp' ? await callWeapp(fn, action, input) : await callH5(fn, action, input);
  return unwrap<OutputOf<F, A>>(raw);
}
