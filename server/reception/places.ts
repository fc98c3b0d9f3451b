/**
 * Places on a hot document (a reception slot, an open-day activity), taken and given back by ONE
 * conditional update each: `placesLeft` and the `holders` list of claim tokens change together,
 * so `places = placesLeft + holders.length` always holds and a place is never anonymous — a retry
 * finds its own token, a reconciler finds tokens whose record is gone.
 */
import type { Database } from '../core/cloud';

/** The claim token of a record's acquisition: `${recordId}#${gen}`. */
export const claimToken = (recordId: string, gen: number) => `${recordId}#${gen}`;
export function parseToken(token: string): { recordId: string; gen: number } {
  const i = token.lastIndexOf('#');
  return { recordId: token.slice(0, i), gen: Number(token.slice(i + 1)) };
}

/** Take a place if one is left and the document is open; true when taken. */
export async function claimPlace(db: Database, collection: string, docId: string, token: string, now = new Date()): Promise<boolean> {
  const _ = db.command;
  const u = await db
    .collection(collection)
    .where({ _id: docId, closed: false, placesLeft: _.gt(0), holders: _.neq(token) })
    .update({ data: { placesLeft: _.inc(-1), holders: _.push([token]), updatedAt: now } });
  return u.stats.updated > 0;
}

/** Give a place back (idempotent: only a held token is pulled). */
export async function releasePlace(db: Database, collection: string, docId: string, token: string, now = new Date()): Promise<boolean> {
  if (!docId) return false;
  const _ = db.command;
  const u = await db.collection(collection).where({ _id: docId, holders: token }).update({ data: { placesLeft: _.inc(1), holders: _.pull(token), updatedAt: now } });
  return u.stats.updated > 0;
}

/**
 * A place with at most one claim per key (a family on an open-day activity): `holderKeys` lists
 * the key of every held token, changed in the same conditional update, so the hot document itself
 * refuses a family's second claim — no record has to be written first to dedupe it.
 */
export async function claimKeyedPlace(db: Database, collection: string, docId: string, token: string, key: string, now = new Date()): Promise<boolean> {
  const _ = db.command;
  const u = await db
    .collection(collection)
    .where({ _id: docId, closed: false, placesLeft: _.gt(0), holderKeys: _.neq(key) })
    .update({ data: { placesLeft: _.inc(-1), holders: _.push([token]), holderKeys: _.push([key]), updatedAt: now } });
  return u.stats.updated > 0;
}

/** Give a keyed place back (idempotent: only a held token is pulled, with its key). */
export async function releaseKeyedPlace(db: Database, collection: string, docId: string, token: string, key: string, now = new Date()): Promise<boolean> {
  const _ = db.command;
  const u = await db.collection(collection).where({ _id: docId, holders: token }).update({ data: { placesLeft: _.inc(1), holders: _.pull(token), holderKeys: _.pull(key), updatedAt: now } });
  return u.stats.updated > 0;
}
