/**
 * Index keys, MongoDB style: every value found at a dotted path (arrays are expanded one level,
 * as a multikey index does; a missing field is indexed as null), encoded as a (type, value) pair that
 * SQLite can compare: equality and range scans stay inside one type bracket, as MongoDB does.
 */
import { isDate, isRegExp, stringifyDoc, type Doc } from './ejson';

export const enum KeyType {
  Null = 0,
  Number = 1,
  String = 2,
  Bool = 3,
  Date = 4,
  Other = 5,
}

export type Key = [KeyType, number | string];

/** Values at a dotted path; arrays expanded one level; missing → undefined. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(v: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(v)) {
      for (const e of v) out.push(e);
    } else {
      out.push(v);
    }
    return;
  }
  if (Array.isArray(v)) {
    const part = parts[i];
    if (/^\d+$/.test(part)) collect(v[Number(part)], parts, i + 1, out);
    let descended = false;
    for (const e of v) {
      if (isPlainObject(e)) {
        descended = true;
        collect(e, parts, i, out);
      }
    }
    if (!descended && !/^\d+$/.test(part)) out.push(undefined);
    return;
  }
  if (isPlainObject(v)) {
    collect((v as Doc)[parts[i]], parts, i + 1, out);
    return;
  }
  out.push(undefined);
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  // Object.prototype of any realm (jest runs tests in vm contexts), or a null-prototype object.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Encode a scalar value as an index key; undefined for values that are not scalars (arrays, documents). */
export function encodeKey(v: unknown): Key | undefined {
  if (v === null || v === undefined) return [KeyType.Null, 0];
  switch (typeof v) {
    case 'number':
      return [KeyType.Number, v];
    case 'string':
      return [KeyType.String, v];
    case 'boolean':
      return [KeyType.Bool, v ? 1 : 0];
    default:
      break;
  }
  if (isDate(v)) return [KeyType.Date, v.getTime()];
  if (Array.isArray(v) || isPlainObject(v) || isRegExp(v)) return undefined;
  return [KeyType.Other, stringifyDoc({ v })];
}

/** Index entries of a document for one field (deduplicated). Non-scalars are stored as Other. */
export function entriesFor(doc: Doc, field: string): Key[] {
  const seen = new Set<string>();
  const out: Key[] = [];
  for (const v of valuesAtPath(doc, field)) {
    const k = encodeKey(v) ?? ([KeyType.Other, stringifyDoc({ v })] as Key);
    const sig = `${k[0]}:${k[1]}`;
    if (!seen.has(sig)) {
      seen.add(sig);
      out.push(k);
    }
  }
  return out;
}

/**
 * Keys of a unique index for one document. Single-field: one key per distinct value (multikey);
 * compound: the tuple of each field's value (a missing field counts as null).
 */
export function uniqueKeysFor(doc: Doc, fields: string[]): string[] {
  if (fields.length === 1) {
    return entriesFor(doc, fields[0]).map((k) => JSON.stringify([k]));
  }
  const tuple = fields.map((f) => {
    const vals = valuesAtPath(doc, f);
    const v = vals.length === 1 ? vals[0] : vals;
    return encodeKey(v) ?? [KeyType.Other, stringifyDoc({ v })];
  });
  return [JSON.stringify(tuple)];
}
