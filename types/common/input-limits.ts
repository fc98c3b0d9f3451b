/**
 * Limits on the shape of a call's data, checked before anything walks it (zod, the database, the
 * local cloud). They bound what one call can cost: a 100,000-deep array or a million-element list
 * must be refused at once with a clear message, never overflow a stack or hold a process for
 * seconds. The real platform also bounds a call: WeChat advises marking data over 256 KB with
 * wx.cloud.CDN, and a synchronous SCF invocation event is capped at 6 MB. Nothing the app sends
 * comes close to these limits (the largest input, a notice body, is 2,000 characters).
 */
export const INPUT_LIMITS = {
  /** JSON bytes of a whole call at the front door (and any HTTP adapter). */
  maxEventBytes: 256 * 1024,
  /** Nesting of objects/arrays. */
  maxDepth: 12,
  /** Elements of any one array. */
  maxArrayLength: 1000,
  /** Keys of any one object. */
  maxObjectKeys: 200,
  /** Characters of any one string. */
  maxStringLength: 20000,
  /** Values in the whole input. */
  maxNodes: 20000,
} as const;

export type InputLimitViolation =
  | { kind: 'depth'; path: string; limit: number }
  | { kind: 'array'; path: string; limit: number }
  | { kind: 'keys'; path: string; limit: number }
  | { kind: 'string'; path: string; limit: number }
  | { kind: 'nodes'; path: string; limit: number };

/**
 * Walks `value` iteratively (no recursion: a deep value cannot overflow the stack) and answers the
 * first limit it breaks, or null. Arrays and objects are measured before their elements are
 * visited, so a huge array costs one length check.
 */
export function checkInputLimits(value: unknown, limits: typeof INPUT_LIMITS = INPUT_LIMITS): InputLimitViolation | null {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }];
  let nodes = 0;
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    nodes++;
    if (nodes > limits.maxNodes) return { kind: 'nodes', path, limit: limits.maxNodes };
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) return { kind: 'string', path, limit: limits.maxStringLength };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limits.maxDepth) return { kind: 'depth', path, limit: limits.maxDepth };
    if (Array.isArray(v)) {
      if (v.length > limits.maxArrayLength) return { kind: 'array', path, limit: limits.maxArrayLength };
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, path: path ? `${path}.${i}` : String(i) });
      continue;
    }
    const keys = Object.keys(v as object);
    if (keys.length > limits.maxObjectKeys) return { kind: 'keys', path, limit: limits.maxObjectKeys };
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i];
      stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1, path: path ? `${path}.${k}` : k });
    }
  }
  return null;
}

/** The Chinese sentence for a violation (what the user, or the developer of a client, reads). */
export function inputLimitText(v: InputLimitViolation): string {
  switch (v.kind) {
    case 'depth':
      return `提交的内容层级过深（最多 ${v.limit} 层）`;
    case 'array':
      return `一次最多提交 ${v.limit} 项`;
    case 'keys':
      return `提交的字段过多（最多 ${v.limit} 个）`;
    case 'string':
      return `填写的文字过长（最多 ${v.limit} 字）`;
    case 'nodes':
      return '提交的内容过多，请分批提交';
  }
}

/**
 * Scans JSON text for its nesting depth without parsing it (strings skipped), so a body can be
 * refused before JSON.parse or anything else builds or walks a deep structure.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Validation details returned to a client: at most this many issues, each message this short. */
export const MAX_ERROR_DETAILS = 20;
export const MAX_ERROR_DETAIL_CHARS = 120;

/** C0/C1 control characters other than tab and newlines: never meaningful in a form's text. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
