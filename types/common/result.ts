/** The one shape every cloud function returns. */
import type { ErrorCode } from './errors';

export interface ApiError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Ok<T> = { ok: true; data: T; requestId: string };
export type Fail = { ok: false; error: ApiError; requestId: string };
export type Result<T> = Ok<T> | Fail;

/** Event sent to every cloud function: `{ action, input }`. */
export interface FunctionEvent<A extends string = string, I = unknown> {
  action: A;
  input?: I;
}
