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
  return EJSON.stringify(doc as Doc, { relaxed: false });
}

/** Parse a stored document. */
export function parseStored(text: string): Doc {
  const fast = plainCanonical(JSON.parse(text));
  if (fast !== NOT_PLAIN) return fast as Doc;
  return normalize(EJSON.parse(text, { relaxed: true }), Date.now());
}

/**
 * The fast path of parseStored (most documents; a third of the time of EJSON.parse + normalize):
 * plain JSON whose only wrappers are canonical numbers and dates, turned into what the EJSON path
 * gives (numbers, Date). Any other `$` key (regexps, binary, server dates …) takes the EJSON path.
 */
const NOT_PLAIN: unique symbol = Symbol('not plain canonical EJSON');

function plainCanonical(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      if (e !== null && typeof e === 'object') {
        const r = plainCanonical(e);
        if (r === NOT_PLAIN) return NOT_PLAIN;
        v[i] = r;
      }
    }
    return v;
  }
  const o = v as Record<string, unknown>;
  let n = 0;
  for (const k in o) {
    if (k.charCodeAt(0) === 36) return n === 0 ? wrapper(o) : NOT_PLAIN;
    n++;
    const e = o[k];
    if (e !== null && typeof e === 'object') {
      const r = plainCanonical(e);
      if (r === NOT_PLAIN) return NOT_PLAIN;
      o[k] = r;
    }
  }
  return o;
}

function wrapper(o: Record<string, unknown>): unknown {
  const keys = Object.keys(o);
  if (keys.length !== 1) return NOT_PLAIN;
  const x = o[keys[0]];
  switch (keys[0]) {
    case '$numberInt':
    case '$numberDouble':
    case '$numberLong':
      return typeof x === 'string' ? Number(x) : NOT_PLAIN;
    case '$date': {
      const t = x !== null && typeof x === 'object' ? wrapper(x as Record<string, unknown>) : x;
      return typeof t === 'number' || typeof t === 'string' ? new Date(t) : NOT_PLAIN;
    }
    default:
      return NOT_PLAIN;
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
