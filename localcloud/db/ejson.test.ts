/**
 * The fast EJSON paths (ejson.ts) produce exactly what bson's EJSON produces, or step aside.
 * Reference: parse = normalize(EJSON.parse(text, relaxed)), stringify = EJSON.stringify(canonical).
 */
import { EJSON, Long, ObjectId, BSONRegExp, Decimal128, Int32, Double } from 'bson';
import { fastParse, fastStringify, normalize, parseEjson, parseStored, stringifyDoc } from './ejson';

const NOW = Date.UTC(2026, 11, 2, 6, 0, 0);
const slowParse = (text: string) => normalize(EJSON.parse(text, { relaxed: true }), NOW);
const slowStringify = (v: unknown) => EJSON.stringify(v as never, { relaxed: false });

/** Deep equality that tells -0 from 0, NaN from NaN-less, Dates by time, RegExps by source+flags, and checks prototypes. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime());
  if (a instanceof RegExp) return a.source === (b as RegExp).source && [...a.flags].sort().join('') === [...(b as RegExp).flags].sort().join('');
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

// a seeded generator of documents of every shape the SDK and the store see
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
function value(r: () => number, depth: number): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 9 : 12));
  switch (pick) {
    case 0: return Math.floor(r() * 2000) - 1000;
    case 1: return (r() - 0.5) * 10 ** Math.floor(r() * 30 - 10);
    case 2: return [0, -0, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 53 - 1, -(2 ** 53) + 1, Infinity, -Infinity, NaN, 0.1, 1e21, 5e-324][Math.floor(r() * 13)];
    case 3: return ['', 'a', '中文 名字', '$gt', 'line\nbreak', '"q"', '\\', '\u2028'][Math.floor(r() * 8)];
    case 4: return r() < 0.5;
    case 5: return null;
    case 6: return new Date(Math.floor(r() * 4e12) - 1e12);
    case 7: return undefined;
    case 8: return `s${Math.floor(r() * 1e6)}`;
    case 9: return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const keys = ['a', 'b', '_id', '1', '$inc', '$set', 'x.y', 'holder', 'seq', '$tcb_server_date'];
      for (let i = Math.floor(r() * 5); i > 0; i--) o[keys[Math.floor(r() * keys.length)]] = value(r, depth + 1);
      return o;
    }
  }
}

describe('fast EJSON paths agree with bson', () => {
  test('stringify: 3,000 generated documents, byte for byte (or bson is used)', () => {
    const r = rng(8);
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const doc = { _id: `d${i}`, v: value(r, 0), w: value(r, 0) };
      const expected = slowStringify(doc);
      const got = fastStringify(doc);
      if (typeof got === 'string') {
        fast++;
        expect(got).toBe(expected);
      }
      expect(stringifyDoc(doc)).toBe(expected);
    }
    expect(fast).toBeGreaterThan(2500); // the fast path does carry the common documents
  });

  test('parse: the canonical text of those documents, and the relaxed and legacy forms the SDK sends', () => {
    const r = rng(9);
    const texts: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const doc = { _id: `d${i}`, v: value(r, 0), w: value(r, 0) };
      texts.push(slowStringify(doc), EJSON.stringify(doc as never, { relaxed: true }));
    }
    texts.push(
      '{"a":{"$tcb_server_date":{"offset":1500}}}',
      '{"a":{"$tcb_server_date":{}}}',
      '{"a":{"$tcb_server_date":{"offset":{"$numberInt":"-1000"}}}}',
      '{"a":{"$tcb_server_date":{"offset":{"$numberDouble":"2.5"}}},"b":{"$tcb_server_date":null}}',
      '{"a":{"$date":"2026-12-02T06:00:00.000Z"}}',
      '{"a":{"$date":1764655200000}}',
      '{"a":{"$date":{"$numberLong":"-62135596800000"}}}',
      '{"a":{"$oid":"5F1A2B3C4D5E6F7A8B9C0D1E"}}',
      '{"a":{"$regularExpression":{"pattern":"^a.b$","options":"ix"}}}',
      '{"a":{"$regularExpression":{"pattern":"x","options":"ims"}}}',
      '{"a":{"$numberLong":"9007199254740993"}}',
      '{"a":{"$numberLong":"123"}}',
      '{"a":{"$numberInt":"-0"}}',
      '{"a":{"$numberDouble":"-0.0"}}',
      '{"a":{"$numberDouble":"1e-7"}}',
      '{"a":{"$numberDouble":"NaN"}}',
      '{"a":{"$numberDouble":"-Infinity"}}',
      '{"a":{"$numberDecimal":"1.5"}}',
      '{"a":{"$numberInt":"1","b":2}}',
      '{"a":{"$gt":{"$numberInt":"3"}},"b":{"$in":[{"$numberInt":"1"},"x"]}}',
      '{"$and":[{"a":{"$exists":true}},{"b":{"$ne":null}}]}',
      '{"a":{"$undefined":true}}',
      '{"a":{"$binary":{"base64":"AQID","subType":"00"}}}',
      '{"a":{"$ref":"c","$id":"x"}}',
      '{"a":{"$minKey":1}}',
      '[1,{"$numberInt":"2"},[{"$date":{"$numberLong":"5"}}]]',
      '"just a string"',
      '42',
      'null',
    );
    let fast = 0;
    for (const t of texts) {
      const expected = slowParse(t);
      const got = fastParse(t, NOW);
      if (typeof got !== 'symbol') {
        fast++;
        if (!same(got, expected)) throw new Error(`fast parse differs for ${t}: ${String(got)} vs ${String(expected)}`);
      }
      expect(same(parseEjson(t, NOW), expected)).toBe(true);
    }
    expect(fast).toBeGreaterThan(texts.length * 0.9);
  });

  test('what the fast paths leave to bson still works as before', () => {
    for (const v of [new ObjectId(), Long.fromString('9007199254740993'), new BSONRegExp('a', 'i'), /x/gi, Decimal128.fromString('1.5'), new Int32(3), new Double(2), 2 ** 60, 10n, new Date(NaN)]) {
      const doc = { v };
      expect(fastStringify(doc)).not.toEqual(expect.any(String));
      let expected: string | Error;
      try {
        expected = slowStringify(doc);
      } catch (e) {
        expected = e as Error;
      }
      if (typeof expected === 'string') expect(stringifyDoc(doc)).toBe(expected);
      else expect(() => stringifyDoc(doc)).toThrow();
    }
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(() => stringifyDoc(circular)).toThrow(/circular/i);
    expect(parseStored('{"a":{"$numberDecimal":"1.5"}}').a).toBe(1.5); // bson's Decimal128, normalised to a number
    expect(() => parseEjson('{"a":{"$numberLong":"x1"}}', NOW)).toThrow();
    expect(() => parseEjson('not json', NOW)).toThrow();
  });
});
