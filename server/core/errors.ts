import type { ErrorCode } from '../../types/common/errors';

/** A failure the user can act on. Thrown inside services, turned into `{ ok:false }` by the handler. */
export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}

export function fail(code: ErrorCode, details?: unknown, message?: string): never {
  throw new DomainError(code, details, message);
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'DomainError');
}
