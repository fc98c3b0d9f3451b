/**
 * EJSON in and out, as wx-server-sdk 4.0.2 speaks it.
 *  - in: canonical EJSON strings, parsed in relaxed mode (plain numbers, Date), BSON regexps turned
 *    into JS RegExp, `{"$tcb_server_date":{"offset":n}}` resolved to a Date (server time + offset);
 *  - out: canonical EJSON strings, so the SDK hands callers real Date objects.
 */
import { EJSON, BSONRegExp } from 'bson';

export type Doc = Record<string, any>;

/** Realm-independent type checks (jest runs code in vm contexts with their own Date/RegExp). */
export const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
export const isRegExp = (v: unknown): v is RegExp => Object.prototype.toString.call(v) === '[object RegExp]';

const JS_REGEXP_FLAGS = /[^imsu]/g;

/** Parse one EJSON value sent by the SDK (a string, or an already-parsed object). */
export function parseEjson(input: unknown, now: number): any {
  if (input === undefined || input === null || input === '') return undefined;
  if (typeof input === 'string') {
    const fast = fastParse(input, now);
    if (fast !== BAIL) return fast;
  }
  const raw = typeof input === 'string' ? EJSON.parse(input, { relaxed: true }) : EJSON.deserialize(input as Doc, { relaxed: true });
  return normalize(raw, now);
}

/** Turn BSON wrapper values into plain JS values and resolve server dates, recursively. */
export function normalize(v: any, now: number): any {
  if (v === null || typeof v !== 'object') return v;
  if (isDate(v) || isRegExp(v)) return v;
  if (v instanceof BSONRegExp) return new RegExp(v.pattern, (v.options || '').replace(JS_REGEXP_FLAGS, ''));
  if (Array.isArray(v)) return v.map((e) => normalize(e, now));
  const bsontype = (v as { _bsontype?: string })._bsontype;
  if (bsontype) {
    switch (bsontype) {
      case 'Long':
      case 'Int32':
      case 'Double':
      case 'Decimal128':
        return Number(v.toString());
      case 'ObjectId':
      case 'ObjectID':
        return v.toHexString();
      default:
        return v;
    }
  }
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const offset = Number(v.$tcb_server_date?.offset ?? 0) || 0;
    return new Date(now + offset);
  }
  const out: Doc = {};
  for (const k of keys) out[k] = normalize(v[k], now);
  return out;
}

/** Canonical EJSON text of a document (what we store and what the SDK parses). */
export function stringifyDoc(doc: unknown): string {
  const fast = fastStringify(doc);
  return fast !== BAIL ? fast : EJSON.stringify(doc as Doc, { relaxed: false });
}

/** Parse a stored document. */
export function parseStored(text: string): Doc {
  const now = Date.now();
  const fast = fastParse(text, now);
  return fast !== BAIL ? fast : normalize(EJSON.parse(text, { relaxed: true }), now);
}

// ------------------------------------------------------------------ fast paths
//
// bson's EJSON walks every value through its codec table (and, when stringifying, a circular-
// reference check that is linear in the depth), which under `node --cpu-prof` was ~10 % of the
// local cloud's CPU in the enrolment rush. The documents the SDK sends and the store keeps use a
// handful of EJSON forms; these two functions handle exactly those, producing what the bson path
// produces (parse: `normalize(EJSON.parse(text, relaxed))`; stringify: canonical
// `EJSON.stringify`), and give up (BAIL) on anything else, which then takes the bson path.
// localcloud/db/ejson.test.ts compares both paths value by value.

const BAIL: unique symbol = Symbol('bail');
type Bail = typeof BAIL;

/** Keys bson's EJSON reads as a type wrapper (keysToCodecs, $date, $code, DBRef, $dbPointer, $undefined). */
const TYPE_KEYS = new Set(['$oid', '$binary', '$uuid', '$symbol', '$numberInt', '$numberDecimal', '$numberDouble', '$numberLong', '$minKey', '$maxKey', '$regex', '$regularExpression', '$timestamp', '$date', '$code', '$scope', '$ref', '$id', '$db', '$dbPointer', '$undefined']);
const INT_RE = /^-?\d{1,15}$/;
const HEX24 = /^[0-9a-fA-F]{24}$/;
const REGEX_OPTIONS = /^[imxlsu]*$/;

export function fastParse(text: string, now: number): any {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return BAIL;
  }
  try {
    return revive(raw, now, 0);
  } catch (e) {
    if (e === BAIL) return BAIL;
    throw e;
  }
}

function revive(v: unknown, now: number, depth: number): any {
  if (v === null || typeof v !== 'object') return v;
  if (depth > 100) throw BAIL;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = revive(v[i], now, depth + 1);
    return out;
  }
  const o = v as Doc;
  const keys = Object.keys(o);
  let typed = false;
  for (const k of keys) {
    if (k.charCodeAt(0) === 36 /* $ */ && TYPE_KEYS.has(k)) typed = true;
    if (k.includes('\x00') || k === '__proto__') throw BAIL;
  }
  if (typed) return wrapper(o, keys);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const inner = revive(o.$tcb_server_date, now, depth + 1);
    const offset = Number(inner?.offset ?? 0) || 0;
    return new Date(now + offset);
  }
  const out: Doc = {};
  for (const k of keys) out[k] = revive(o[k], now, depth + 1);
  return out;
}

/** The canonical single-key wrappers we know exactly; anything else takes the bson path. */
function wrapper(o: Doc, keys: string[]): any {
  if (keys.length !== 1) throw BAIL;
  const k = keys[0];
  const x = o[k];
  switch (k) {
    case '$numberInt':
      if (typeof x === 'string' && /^-?\d{1,10}$/.test(x)) {
        const n = Number(x);
        if (n >= -0x80000000 && n <= 0x7fffffff) return n;
      }
      throw BAIL;
    case '$numberLong':
      if (typeof x === 'string' && INT_RE.test(x)) return Number(x);
      throw BAIL;
    case '$numberDouble':
      if (typeof x === 'string' && /^-?(\d+(\.\d+)?(e[+-]?\d+)?|Infinity)$/.test(x)) return x === '-0.0' ? -0 : Number(x);
      if (x === 'NaN') return NaN;
      if (x === '-0.0') return -0;
      throw BAIL;
    case '$date': {
      if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
        const ks = Object.keys(x);
        if (ks.length === 1 && ks[0] === '$numberLong' && typeof x.$numberLong === 'string' && INT_RE.test(x.$numberLong)) return new Date(Number(x.$numberLong));
        throw BAIL;
      }
      if (typeof x === 'number') return new Date(x);
      if (typeof x === 'string') return new Date(Date.parse(x));
      throw BAIL;
    }
    case '$oid':
      if (typeof x === 'string' && HEX24.test(x)) return x.toLowerCase();
      throw BAIL;
    case '$regularExpression': {
      if (x === null || typeof x !== 'object' || Array.isArray(x)) throw BAIL;
      const ks = Object.keys(x);
      if (ks.length !== 2 || typeof x.pattern !== 'string' || typeof x.options !== 'string' || !REGEX_OPTIONS.test(x.options) || x.pattern.includes('\x00')) throw BAIL;
      const flags = x.options.replace(JS_REGEXP_FLAGS, '');
      if (new Set(flags).size !== flags.length) throw BAIL;
      return new RegExp(x.pattern, flags);
    }
    default:
      throw BAIL;
  }
}

export function fastStringify(doc: unknown): string | Bail {
  try {
    return JSON.stringify(canonical(doc, 0));
  } catch (e) {
    if (e === BAIL) return BAIL;
    throw e;
  }
}

function canonical(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return null;
    case 'number':
      if (Number.isInteger(v) && !Object.is(v, -0)) {
        if (v >= -0x80000000 && v <= 0x7fffffff) return { $numberInt: v.toString() };
        if (Number.isSafeInteger(v)) return { $numberLong: v.toString() };
        throw BAIL;
      }
      if (Object.is(v, -0)) return { $numberDouble: '-0.0' };
      return { $numberDouble: v.toString() };
    case 'object': {
      if (v === null) return null;
      if (depth > 100) throw BAIL;
      if (Array.isArray(v)) {
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = canonical(v[i], depth + 1);
        return out;
      }
      if (isDate(v)) {
        const t = (v as Date).getTime();
        if (Number.isNaN(t)) throw BAIL;
        return { $date: { $numberLong: t.toString() } };
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== null && Object.getPrototypeOf(proto) !== null) throw BAIL; // class instances, RegExp, Map, BSON values
      const o = v as Doc;
      if (typeof o.toJSON === 'function' || '_bsontype' in o) throw BAIL;
      const out: Doc = {};
      for (const k of Object.keys(o)) {
        if (k === '__proto__') throw BAIL;
        out[k] = canonical(o[k], depth + 1);
      }
      return out;
    }
    default:
      throw BAIL; // bigint, symbol, function
  }
}

/**
 * Deep copy that keeps Dates and RegExps. (Not structuredClone: it builds objects of the main realm,
 * which fail `instanceof Date` and prototype checks inside jest's vm contexts.)
 */
export function cloneDoc<T>(doc: T): T {
  return cloneValue(doc) as T;
}

function cloneValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (isDate(v)) return new Date(v.getTime());
  if (isRegExp(v)) return new RegExp(v.source, v.flags);
  if (Array.isArray(v)) return v.map(cloneValue);
  const proto = Object.getPrototypeOf(v);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return v; // class instances (BSON values) are immutable here
  const out: Doc = {};
  for (const k of Object.keys(v)) out[k] = cloneValue((v as Doc)[k]);
  return out;
}
