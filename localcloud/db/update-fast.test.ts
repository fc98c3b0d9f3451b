/** The fast `$set`/`$inc` path (update-fast.ts) changes documents exactly as mingo's update does. */
import { update as mingoUpdate } from 'mingo';
import { cloneDoc, stringifyDoc, type Doc } from './ejson';
import { fastUpdate } from './update-fast';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const FIELDS = ['a', 'b', 'n', 'holder', 'status', 'list', 'obj'];
function val(r: () => number): unknown {
  switch (Math.floor(r() * 9)) {
    case 0: return Math.floor(r() * 5) - 2;
    case 1: return r() * 3;
    case 2: return ['x', 'y', ''][Math.floor(r() * 3)];
    case 3: return null;
    case 4: return new Date(Math.floor(r() * 3) * 1000);
    case 5: return [1, Math.floor(r() * 2)];
    case 6: return { k: Math.floor(r() * 2), d: new Date(0) };
    case 7: return r() < 0.5;
    default: return NaN;
  }
}
function doc(r: () => number): Doc {
  const d: Doc = { _id: 'x' };
  for (const f of FIELDS) if (r() < 0.6) d[f] = val(r);
  return d;
}
function mod(r: () => number): Doc {
  const m: Doc = {};
  const used = new Set<string>();
  const pick = () => {
    const f = FIELDS[Math.floor(r() * FIELDS.length)];
    return used.has(f) ? null : (used.add(f), f);
  };
  if (r() < 0.7) {
    m.$set = {};
    for (let i = 1 + Math.floor(r() * 3); i > 0; i--) {
      const f = pick();
      if (f) m.$set[f] = val(r);
    }
  }
  if (r() < 0.6) {
    m.$inc = {};
    for (let i = 1 + Math.floor(r() * 2); i > 0; i--) {
      const f = pick();
      if (f) m.$inc[f] = [1, -1, 0, 2.5][Math.floor(r() * 4)];
    }
  }
  if (r() < 0.5) return Object.fromEntries(Object.entries(m).reverse());
  return m;
}

describe('fastUpdate', () => {
  test('5,000 generated $set/$inc updates: same document and same "changed" as mingo', () => {
    const r = rng(4);
    let handled = 0;
    for (let i = 0; i < 5000; i++) {
      const d = doc(r);
      const m = mod(r);
      const viaMingo = cloneDoc(d);
      const paths = mingoUpdate(viaMingo, cloneDoc(m) as never);
      const viaFast = cloneDoc(d);
      const changed = fastUpdate(viaFast, cloneDoc(m));
      expect(changed).not.toBeUndefined();
      handled++;
      if (changed !== paths.length > 0 || stringifyDoc(viaFast) !== stringifyDoc(viaMingo)) {
        throw new Error(`differs: doc ${stringifyDoc(d)} mod ${stringifyDoc(m)}: fast ${changed} ${stringifyDoc(viaFast)} mingo ${paths.length > 0} ${stringifyDoc(viaMingo)}`);
      }
    }
    expect(handled).toBe(5000);
  });

  test('leaves every other update to mingo, untouched', () => {
    for (const m of [{ $set: { 'a.b': 1 } }, { $set: { 'list.$.k': 1 } }, { $push: { list: 1 } }, { $unset: { a: '' } }, { $set: { a: 1 }, $inc: { a: 1 } }, { $inc: { n: '1' } }, { $set: [] }]) {
      const d: Doc = { _id: 'x', a: { b: 0 }, n: 1, list: [{ k: 0 }] };
      const before = stringifyDoc(d);
      expect(fastUpdate(d, m as Doc)).toBeUndefined();
      expect(stringifyDoc(d)).toBe(before);
    }
  });

  test('a $set value is copied, not shared with the update', () => {
    const value = { k: [1] };
    const d: Doc = { _id: 'x' };
    expect(fastUpdate(d, { $set: { obj: value } })).toBe(true);
    value.k.push(2);
    expect(d.obj).toEqual({ k: [1] });
  });
});
