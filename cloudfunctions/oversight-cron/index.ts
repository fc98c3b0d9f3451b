/** Timer job of the oversight domain: every minute the rollups marked changed are recomputed; at 02:30 a full recount heals any drift. */
import { createHandler } from '../../server/core/handler';
import { minutely } from '../../server/oversight/recount-action.service';

export const main = createHandler({}, {
  oversightMinutely: (ctx) => minutely(ctx),
});
