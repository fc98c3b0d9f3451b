/** The local cloud's database engine (see ./types.ts for the seam with the HTTP server). */
export { createDbService, newDocId } from './service';
export type { DbService, DbServiceOptions, DbReply, DbStats, CreateDbService } from './types';
export { DbError } from './errors';
