import { z } from 'zod';

const TicketId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, '登录二维码无效，请在电脑上刷新后重新扫码');
const SessionId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, '没有找到该登录设备');

export const CreateLoginTicketInputSchema = z.object({ userAgent: z.string().max(300).optional() }).strict();
export const TicketInputSchema = z.object({ ticketId: TicketId }).strict();
export const PollLoginTicketInputSchema = z.object({ ticketId: TicketId, pollSecret: z.string().regex(/^[A-Za-z0-9_-]{32}$/, '登录凭据无效，请刷新后重试') }).strict();
export const SessionInputSchema = z.object({ sessionId: SessionId }).strict();
export const EmptyInputSchema = z.object({}).strict();

export interface LoginTicketDoc {
  _id: string;
  /** sha256 of the poll secret only the desktop page knows. */
  pollSecretHash: string;
  status: 'pending' | 'confirmed' | 'claimed' | 'rejected';
  createdAt: Date;
  expiresAt: Date;
  device: string;
  clientIp: string;
  confirmedByUserId?: string;
  confirmedAt?: Date;
  sessionId?: string;
  claimedAt?: Date;
}

export interface ConsoleSessionDoc {
  _id: string;
  userId: string;
  openid: string;
  createdAt: Date;
  expiresAt: Date;
  device: string;
  clientIp: string;
  revokedAt: Date | null;
  revokedBy?: string;
}

export interface CreateLoginTicketOutput {
  ticketId: string;
  pollSecret: string;
  expiresAt: string;
  /** The mini-program code to scan, as a data: URL (PNG). */
  qrDataUrl: string;
}

export interface DescribeLoginTicketOutput {
  phase: 'waiting' | 'confirmed' | 'claimed' | 'rejected' | 'expired';
  device: string;
  ip: string;
  createdAt: string;
  expiresAt: string;
}

export type PollLoginTicketOutput =
  | { phase: 'waiting' | 'rejected' | 'expired' }
  | { phase: 'signedIn'; customLoginTicket: string; sessionExpiresAt: string };

export interface ConsoleSessionDto {
  sessionId: string;
  device: string;
  ip: string;
  createdAt: string;
  expiresAt: string;
  /** This very session (when listed from the console itself). */
  current: boolean;
}

export interface ListSessionsOutput {
  sessions: ConsoleSessionDto[];
}
