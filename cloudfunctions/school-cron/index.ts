/** Timer jobs of the school domain: deletes the data of families who withdrew consent, after the grace period. */
import { createHandler } from '../../server/core/handler';
import { purgeDueDeletions } from '../../server/school/deletion.service';

export const main = createHandler({}, {
  purgeWithdrawnConsent: (ctx) => purgeDueDeletions(ctx.db, ctx.cloud, ctx.now),
});
