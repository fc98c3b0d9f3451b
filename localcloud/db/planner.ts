/**
 * Query planner: turns the simple parts of a MongoDB filter into a SQL pre-filter that reads only
 * candidate rows through an index; mingo then applies the full filter to the candidates. The plan is
 * always a SUPERSET of the matching documents, so the result is exact.
 *
 * Translated (top level and inside $and): `_id` equality/$in (primary key), and on an indexed field
 * equality, $eq, $in of scalars, and ranges ($gt/$gte/$lt/$lte) of one type; failing those, an $or
 * whose every branch is translatable becomes the union of the branches' candidates.
 *
 * Several indexed conditions: given a counter of index entries, the one with the fewest entries
 * wins (counted with growing caps, so a large field costs little when another one is small);
 * without it, or on a tie, the kind of condition decides (unique equality, equality, $in, range).
 */
import type { CollMeta, Plan } from './store';
import { encodeKey, isPlainObject, type Key, KeyType } from './keys';
import type { Doc } from './ejson';

interface FieldCond {
  eq?: Key;
  in?: Key[];
  range?: { t: number; lo?: { v: number | string; incl: boolean }; hi?: { v: number | string; incl: boolean } };
  /** eq/in values of _id as strings */
  ids?: string[];
}

export type IndexPlan = Extract<Plan, { kind: 'index' }>;
/** How many index entries a plan reads, counting at most `cap`. */
export type CountEntries = (plan: IndexPlan, cap: number) => number;

/** Caps of the entry counts: most queries decide at the first. */
const COUNT_CAPS = [256, 8192, Infinity];

function fewestEntries(cands: { rank: number; plan: IndexPlan }[], count: CountEntries): IndexPlan {
  for (const cap of COUNT_CAPS) {
    const ns = cands.map((c) => count(c.plan, cap));
    const min = Math.min(...ns);
    // ties keep the order by kind (cands are sorted by rank)
    if (min < cap || cap === Infinity) return cands[ns.indexOf(min)].plan;
  }
  return cands[0].plan;
}

export function planQuery(meta: CollMeta, query: Doc | undefined, count?: CountEntries): Plan {
  if (!query || typeof query !== 'object') return { kind: 'all' };
  const conds = new Map<string, FieldCond>();
  const ors: Doc[][] = [];
  collectConds(query, conds, ors);
  const idCond = conds.get('_id');
  if (idCond?.ids) return { kind: 'ids', ids: idCond.ids };
  const cands: { rank: number; plan: IndexPlan }[] = [];
  const uniqueFields = new Set(meta.uniques.filter((u) => u.keys.length === 1).map((u) => u.keys[0].field));
  for (const [field, c] of conds) {
    if (!meta.indexedFields.has(field)) continue;
    if (c.eq) cands.push({ rank: uniqueFields.has(field) ? 0 : 1, plan: { kind: 'index', field, keys: [c.eq] } });
    else if (c.in) cands.push({ rank: 2, plan: { kind: 'index', field, keys: c.in } });
    else if (c.range && (c.range.lo || c.range.hi)) cands.push({ rank: c.range.lo && c.range.hi ? 3 : 4, plan: { kind: 'index', field, range: c.range } });
  }
  cands.sort((a, b) => a.rank - b.rank);
  if (cands.length === 1 || (cands.length > 1 && (cands[0].rank === 0 || !count))) return cands[0].plan;
  if (cands.length > 1) return fewestEntries(cands, count!);
  // An $or whose every branch can use an index: the union of the branches' candidates.
  for (const branches of ors) {
    const plans = branches.map((b) => (isPlainObject(b) ? planQuery(meta, b, count) : ({ kind: 'all' } as Plan)));
    if (plans.length && plans.every((p) => p.kind !== 'all')) return { kind: 'union', plans };
  }
  return { kind: 'all' };
}

function collectConds(query: Doc, conds: Map<string, FieldCond>, ors: Doc[][]): void {
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) if (isPlainObject(sub)) collectConds(sub, conds, ors);
      continue;
    }
    if (key === '$or' && Array.isArray(value)) {
      ors.push(value as Doc[]);
      continue;
    }
    if (key.startsWith('$')) continue;
    const c = conds.get(key) ?? {};
    conds.set(key, c);
    if (isOperatorObject(value)) {
      for (const [op, arg] of Object.entries(value)) applyOp(key, c, op, arg);
    } else {
      applyOp(key, c, '$eq', value);
    }
  }
}

function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function applyOp(field: string, c: FieldCond, op: string, arg: unknown): void {
  switch (op) {
    case '$eq': {
      const k = encodeKey(arg);
      if (!k || k[0] === KeyType.Other) return;
      if (field === '_id') {
        if (typeof arg === 'string') c.ids = [arg];
        return;
      }
      c.eq = k;
      return;
    }
    case '$in': {
      if (!Array.isArray(arg)) return;
      if (field === '_id') {
        if (arg.every((a) => typeof a === 'string')) c.ids = arg as string[];
        return;
      }
      const keys: Key[] = [];
      for (const a of arg) {
        const k = encodeKey(a);
        if (!k || k[0] === KeyType.Other) return;
        keys.push(k);
      }
      c.in = keys;
      return;
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const k = encodeKey(arg);
      if (!k || (k[0] !== KeyType.Number && k[0] !== KeyType.String && k[0] !== KeyType.Date)) return;
      if (c.range && c.range.t !== k[0]) return;
      c.range = c.range ?? { t: k[0] };
      const bound = { v: k[1], incl: op.endsWith('e') };
      if (op.startsWith('$gt')) {
        if (!c.range.lo || compare(bound.v, c.range.lo.v) > 0) c.range.lo = bound;
      } else if (!c.range.hi || compare(bound.v, c.range.hi.v) < 0) c.range.hi = bound;
      return;
    }
    default:
      return;
  }
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
