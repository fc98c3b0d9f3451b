/**
 * The common update without mingo's per-call setup: `$set` and `$inc` of top-level fields.
 *
 * mingo 7.2's `update()` builds fresh compute options for every call (a copy of all its operator
 * tables, then four more `addOps` copies in updater.js); under `node --cpu-prof` that was ~5 % of
 * the local cloud's CPU in the enrolment rush, where almost every write is a `$set`/`$inc` of
 * top-level fields (`_.inc` of counters, a seat's holder, a record's status). For exactly that
 * shape this applies the same rules as mingo's `$set` (no change when `isEqual`) and `$inc`
 * (a missing field counts as 0; anything but a number, NaN included, is left alone); anything else
 * (dotted or positional paths, other operators, a field in both) returns undefined and goes
 * through mingo. update-fast.test.ts compares both on generated documents and updates.
 */
import { isEqual, isNumber } from 'mingo/util';
import { cloneDoc, type Doc } from './ejson';

const SIMPLE_FIELD = /^[^.$]+$/;

const isPlain = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Apply `mod` to `doc` in place if it is a top-level `$set`/`$inc`; whether anything changed, or undefined (not handled, doc untouched). */
export function fastUpdate(doc: Doc, mod: Doc): boolean | undefined {
  const ops = Object.keys(mod);
  const seen = new Set<string>();
  for (const op of ops) {
    if (op !== '$set' && op !== '$inc') return undefined;
    const spec = mod[op];
    if (!isPlain(spec)) return undefined;
    for (const f of Object.keys(spec)) {
      if (!SIMPLE_FIELD.test(f) || f === '__proto__' || seen.has(f)) return undefined;
      if (op === '$inc' && !isNumber(spec[f])) return undefined;
      seen.add(f);
    }
  }
  let changed = false;
  for (const op of ops) {
    const spec = mod[op] as Doc;
    for (const f of Object.keys(spec)) {
      const val = spec[f];
      if (op === '$set') {
        if (isEqual(doc[f], val)) continue;
        doc[f] = cloneDoc(val);
        changed = true;
      } else if (isNumber(doc[f]) || doc[f] === undefined) {
        const previous = doc[f];
        doc[f] ||= 0;
        doc[f] += val;
        if (doc[f] !== previous) changed = true;
      }
    }
  }
  return changed;
}
