/** Timer job of the oversight domain: the nightly recount of every school's rollups (heals drift a crash left). */
import { createHandler } from '../../server/core/handler';
import { nightlyRecount } from '../../server/oversight/recount-action.service';

export const main = createHandler({}, {
  oversightNightly: (ctx) => nightlyRecount(ctx),
});
