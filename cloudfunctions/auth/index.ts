/** auth: the desktop admin console's sign-in by scanning a mini-program code, and its sessions. Routes only. */
import { createHandler, route } from '../../server/core/handler';
import { CreateLoginTicketInputSchema, EmptyInputSchema, PollLoginTicketInputSchema, SessionInputSchema, TicketInputSchema } from '../../types/auth/auth.schema';
import {
  confirmLoginTicket,
  createLoginTicket,
  describeLoginTicket,
  listSessions,
  logout,
  pollLoginTicket,
  rejectLoginTicket,
  revokeSession,
} from '../../server/auth/console-login.service';

export const routes = {
  /** The desktop page, before anyone is signed in. */
  createLoginTicket: route(CreateLoginTicketInputSchema, createLoginTicket, { public: true }),
  pollLoginTicket: route(PollLoginTicketInputSchema, pollLoginTicket, { public: true }),
  /** The staff member who scanned, in the mini-program. */
  describeLoginTicket: route(TicketInputSchema, describeLoginTicket),
  confirmLoginTicket: route(TicketInputSchema, confirmLoginTicket),
  rejectLoginTicket: route(TicketInputSchema, rejectLoginTicket),
  /** 我的 → 已登录的电脑 */
  listSessions: route(EmptyInputSchema, (ctx) => listSessions(ctx)),
  revokeSession: route(SessionInputSchema, revokeSession),
  logout: route(EmptyInputSchema, (ctx) => logout(ctx)),
};

export const main = createHandler(routes);
