/**
 * Diagnostic function for the local cloud's own tests: who is calling, nested calls, open APIs,
 * timeouts and timer triggers. Tiny on purpose; deploys like any other function.
 */
import { z } from 'zod';
import { createHandler, route } from '../../server/core/handler';

const delay = z.object({ delayMs: z.number().int().min(0).max(2000).optional() });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface WxError { errCode?: number; errMsg?: string }

export const main = createHandler(
  {
    whoami: route(delay, async (ctx, input) => {
      if (input.delayMs) await sleep(input.delayMs);
      // read again after the await: another invocation may have run meanwhile
      const wx = ctx.cloud.getWXContext();
      return { openid: ctx.openid, openidAfterAwait: wx.OPENID, source: ctx.source, appid: wx.APPID, env: wx.ENV };
    }),
    /** Calls echo.whoami through cloud.callFunction (identity must carry over, SOURCE gains ",scf"). */
    nested: route(delay, async (ctx, input) => {
      const res = (await ctx.cloud.callFunction({ name: 'echo', data: { action: 'whoami', input } })) as unknown as { result: { data: unknown } };
      return { outer: { openid: ctx.openid, source: ctx.source }, inner: res.result.data };
    }),
    /** Sends a subscribe message to the caller; returns WeChat's errCode (0 = sent). */
    notify: route(z.object({ templateId: z.string(), data: z.record(z.object({ value: z.string() })), page: z.string().optional() }), async (ctx, input) => {
      try {
        await ctx.cloud.openapi.subscribeMessage.send({ touser: ctx.openid, templateId: input.templateId, page: input.page, data: input.data, miniprogramState: 'developer' });
        return { errCode: 0 };
      } catch (e) {
        return { errCode: (e as WxError).errCode ?? -1 };
      }
    }),
    /** A mini-program code PNG for scene/page, base64. */
    qr: route(z.object({ scene: z.string(), page: z.string().optional() }), async (ctx, input) => {
      const res = (await ctx.cloud.openapi.wxacode.getUnlimited({ scene: input.scene, page: input.page, checkPath: false })) as { contentType: string; buffer: Buffer };
      return { contentType: res.contentType, png: Buffer.from(res.buffer).toString('base64') };
    }),
    /** Never answers: the runner must time out. */
    hang: route(z.object({}), () => new Promise<never>(() => undefined)),
  },
  {
    tick: async (ctx) => ({ source: ctx.source, at: ctx.now.toISOString() }),
  },
);
