/** Diagnostic function: answers who is calling (used by the local cloud's identity tests). */
import { z } from 'zod';
import { createHandler, route } from '../../server/core/handler';

export const main = createHandler({
  whoami: route(z.object({ delayMs: z.number().int().min(0).max(2000).optional() }), async (ctx, input) => {
    if (input.delayMs) await new Promise((r) => setTimeout(r, input.delayMs));
    return { openid: ctx.openid, source: ctx.source };
  }),
});
