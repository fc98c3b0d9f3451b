import type { ActionSpec } from '../common/api-spec';
import type { CreateLoginTicketOutput, DescribeLoginTicketOutput, ListSessionsOutput, PollLoginTicketOutput } from './auth.schema';

export interface AuthApi {
  /** Desktop page, nobody signed in: a new login ticket and its mini-program code. */
  createLoginTicket: ActionSpec<{ userAgent?: string }, CreateLoginTicketOutput>;
  /** Desktop page: has the ticket been confirmed? Once it has, the first poll gets the sign-in. */
  pollLoginTicket: ActionSpec<{ ticketId: string; pollSecret: string }, PollLoginTicketOutput>;
  /** Mini-program, after scanning. */
  describeLoginTicket: ActionSpec<{ ticketId: string }, DescribeLoginTicketOutput>;
  confirmLoginTicket: ActionSpec<{ ticketId: string }, { sessionExpiresAt: string }>;
  rejectLoginTicket: ActionSpec<{ ticketId: string }, { rejected: boolean }>;
  /** 我的 → 已登录的电脑 */
  listSessions: ActionSpec<Record<string, never>, ListSessionsOutput>;
  revokeSession: ActionSpec<{ sessionId: string }, { revoked: boolean }>;
  logout: ActionSpec<Record<string, never>, { revoked: boolean }>;
}
