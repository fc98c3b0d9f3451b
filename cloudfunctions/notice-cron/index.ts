/** Timer of the notice domain (every minute): scheduled sends, fan-out continuation, queued reminders, tomorrow's course reminders. */
import { createHandler } from '../../server/core/handler';
import { tick } from '../../server/notice/cron.service';

export const main = createHandler({}, {
  noticeTick: (ctx) => tick(ctx),
});
