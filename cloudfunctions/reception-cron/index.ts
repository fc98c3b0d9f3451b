/** Timer job of the reception domain: evening-before reminders (19:00), overdue follow-ups reopened, slots reconciled, orphan open-day claims given back. */
import { createHandler } from '../../server/core/handler';
import { hourly } from '../../server/reception/reminder.service';

export const main = createHandler({}, {
  receptionHourly: (ctx) => hourly(ctx),
});
