/**
 * Page cursors: opaque to the client, but client input all the same. A cursor is base64url JSON
 * { t: sort key as epoch ms, i: document id }; decoding validates both, so a forged cursor is a
 * VALIDATION_FAILED with a Chinese message, never an invalid date or id reaching the database.
 */
import { z } from 'zod';
import { fail } from './errors';

export interface PageCursor {
  t: number;
  i: string;
}

const CursorBody = z
  .object({
    /** 2000-01-01 … 2100-01-01 */
    t: z.number().int().min(946684800000).max(4102444800000),
    i: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  })
  .strict();

const MESSAGE = '分页参数有误，请刷新列表后重试';

/** The cursor in a list action's input, decoded; a forged one is VALIDATION_FAILED. */
export function pageCursorOf(s: string | undefined, path = 'cursor'): PageCursor | null {
  if (!s) return null;
  const c = decodePageCursor(s);
  if (!c) fail('VALIDATION_FAILED', [{ path, message: MESSAGE }]);
  return c;
}

export function encodePageCursor(c: PageCursor): string {
  return Buffer.from(JSON.stringify({ t: c.t, i: c.i })).toString('base64url');
}

export function decodePageCursor(s: string): PageCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(s)) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const r = CursorBody.safeParse(v);
  return r.success ? r.data : null;
}
