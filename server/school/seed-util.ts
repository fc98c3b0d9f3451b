/** Helpers for demo seeds: deterministic randomness and idempotent batch inserts. */
import type { Database } from '../core/cloud';
import type { Doc } from '../core/db-types';

/** mulberry32: the same seed gives the same sequence on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/**
 * Inserts the documents whose _id is not there yet, in batches (one insert per 500 docs).
 * Running a seed twice therefore writes nothing the second time and never overwrites what
 * users changed since. Returns how many were inserted.
 */
export async function insertMissing(db: Database, collection: string, docs: (Doc & { _id: string })[]): Promise<number> {
  if (docs.length === 0) return 0;
  const _ = db.command;
  const existing = new Set<string>();
  const ids = docs.map((d) => d._id);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += 500) chunks.push(ids.slice(i, i + 500));
  for (const chunk of chunks) {
    const r = await db.collection(collection).where({ _id: _.in(chunk) }).field({ _id: true }).limit(1000).get();
    for (const d of r.data) existing.add(String(d._id));
  }
  const missing = docs.filter((d) => !existing.has(d._id));
  for (let i = 0; i < missing.length; i += 500) {
    await (db.collection(collection) as unknown as { add(o: { data: Doc[] }): Promise<unknown> }).add({ data: missing.slice(i, i + 500) });
  }
  return missing.length;
}
