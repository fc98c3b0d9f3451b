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
  return normalize(EJSON.parse(text, { relaxed: true }), Date.now());
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
