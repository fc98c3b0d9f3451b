/**
 * The seam between the local cloud's HTTP server (localcloud/server*) and its database engine
 * (localcloud/db/*). The server routes every `database.*` action body here unchanged.
 */
import type { CollectionDecl } from '../../server/db/collection-decl';

export interface DbServiceOptions {
  /** SQLite file path, or ':memory:'. */
  file: string;
  /** Collections and indexes to create at start (server/db/collections). */
  collections: CollectionDecl[];
  /** Abandoned transactions are aborted after this many ms (default 10 000). */
  transactionTimeoutMs?: number;
  /**
   * A write outside any transaction to a document an open transaction has written waits at most
   * this long for that transaction to end, then fails with DATABASE_TRANSACTION_CONFLICT
   * (default: transactionTimeoutMs, by when the holder has been aborted anyway).
   */
  plainWriteWaitMs?: number;
}

/** A reply body without requestId: `{ data: ... }`, `{ transactionId }`, `{}` or `{ code, message }` on error. */
export type DbReply = Record<string, unknown>;

export interface DbStats {
  /** Database actions served, in total and by action name (for benchmarks: DB ops per use case). */
  ops: number;
  byAction: Record<string, number>;
  /** Documents read from storage to serve those actions (index use keeps this small). */
  docsExamined?: number;
}

export interface DbService {
  /** Serve one `database.*` action body as the SDK sent it (EJSON strings inside). */
  handle(body: Record<string, unknown>): Promise<DbReply>;
  stats(): DbStats;
  resetStats(): void;
  /** Plain read for the dev tools (e.g. /dev/users): documents of a collection as JS objects. */
  readAll(collection: string, limit?: number): Record<string, unknown>[];
  /** Drop all data and recreate the declared collections. */
  reset(): void;
  close(): void;
}

export type CreateDbService = (opts: DbServiceOptions) => DbService;
