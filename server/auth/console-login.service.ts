/**
 * The desktop console's sign-in (see types/auth/auth.rules.ts): tickets, confirmation in the
 * mini-program, the one-time exchange for a CloudBase custom-login ticket, and the sessions a
 * user can see and revoke. Every state change is one single-document conditional update, so a
 * ticket is confirmed once and claimed once whatever races (two scans, two polls).
 */
import { createHash, randomBytes } from 'crypto';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findById } from '../core/persistence';
import { CONSOLE_SESSIONS } from '../access/console-session';
import {
  CONFIRM_LOGIN_PAGE,
  CONSOLE_SESSION_TTL_MS,
  LOGIN_TICKET_TTL_MS,
  deviceLabel,
  maskIp,
  mayUseConsole,
  sceneOfTicket,
  sessionValid,
  ticketPhase,
} from '../../types/auth/auth.rules';
import type {
  ConsoleSessionDoc,
  CreateLoginTicketOutput,
  DescribeLoginTicketOutput,
  ListSessionsOutput,
  LoginTicketDoc,
  PollLoginTicketOutput,
} from '../../types/auth/auth.schema';
import { createCustomLoginTicket } from './custom-login';

export const LOGIN_TICKETS = 'login_tickets';
export const LOGIN_TICKET_RATE = 'login_ticket_rate';
/** Tickets one client address may ask for per minute. */
export const TICKETS_PER_MINUTE = 12;

const newId = () => randomBytes(16).toString('base64url').slice(0, 22);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function clientIpOf(ctx: Ctx): string {
  const wx = (ctx.cloud.getWXContext() || {}) as { CLIENTIP?: string };
  return (wx.CLIENTIP || process.env.TCB_SOURCE_IP || '').slice(0, 64);
}

/** Counts this address's tickets in the current minute; refuses beyond the limit (one conditional update or insert). */
async function takeTicketAllowance(ctx: Ctx, ip: string): Promise<void> {
  const minute = Math.floor(ctx.now.getTime() / 60000);
  const id = `${sha(ip || 'unknown').slice(0, 24)}_${minute}`;
  const _ = ctx.db.command;
  const up = await ctx.db.collection(LOGIN_TICKET_RATE).where({ _id: id, count: _.lt(TICKETS_PER_MINUTE) }).update({ data: { count: _.inc(1) } });
  if (up.stats.updated === 1) return;
  try {
    await ctx.db.collection(LOGIN_TICKET_RATE).add({ data: { _id: id, count: 1, expiresAt: new Date((minute + 2) * 60000) } });
  } catch {
    // Exists: either at the limit or a racing first request — try the conditional increment once more.
    const again = await ctx.db.collection(LOGIN_TICKET_RATE).where({ _id: id, count: _.lt(TICKETS_PER_MINUTE) }).update({ data: { count: _.inc(1) } });
    if (again.stats.updated !== 1) fail('LOGIN_TOO_MANY_TICKETS');
  }
}

export async function createLoginTicket(ctx: Ctx, input: { userAgent?: string }): Promise<CreateLoginTicketOutput> {
  const ip = clientIpOf(ctx);
  await takeTicketAllowance(ctx, ip);
  const ticketId = newId();
  const pollSecret = randomBytes(24).toString('base64url');
  const expiresAt = new Date(ctx.now.getTime() + LOGIN_TICKET_TTL_MS);
  const doc: LoginTicketDoc = {
    _id: ticketId,
    pollSecretHash: sha(pollSecret),
    status: 'pending',
    createdAt: ctx.now,
    expiresAt,
    device: deviceLabel(input.userAgent),
    clientIp: ip,
  };
  await ctx.db.collection(LOGIN_TICKETS).add({ data: doc });
  const res = (await ctx.cloud.openapi.wxacode.getUnlimited({ scene: sceneOfTicket(ticketId), page: CONFIRM_LOGIN_PAGE, checkPath: false, width: 430 })) as {
    buffer?: Buffer | Uint8Array;
    contentType?: string;
  };
  if (!res?.buffer) fail('INTERNAL');
  const qrDataUrl = `data:${res.contentType || 'image/png'};base64,${Buffer.from(res.buffer).toString('base64')}`;
  return { ticketId, pollSecret, expiresAt: expiresAt.toISOString(), qrDataUrl };
}

async function loadTicket(ctx: Ctx, ticketId: string): Promise<LoginTicketDoc> {
  const t = await findById<LoginTicketDoc>(ctx.db, LOGIN_TICKETS, ticketId);
  if (!t) fail('LOGIN_TICKET_NOT_FOUND');
  return t;
}

async function requireStaff(ctx: Ctx): Promise<void> {
  const actor = await ctx.actor();
  if (!actor.user) fail('UNAUTHENTICATED');
  if (!mayUseConsole(actor.memberships)) fail('LOGIN_CONSOLE_STAFF_ONLY');
}

/** The scanner sees what is asking to sign in (browser, masked address, when) before confirming. */
export async function describeLoginTicket(ctx: Ctx, input: { ticketId: string }): Promise<DescribeLoginTicketOutput> {
  await requireStaff(ctx);
  const t = await loadTicket(ctx, input.ticketId);
  return { phase: ticketPhase(t, ctx.now), device: t.device, ip: maskIp(t.clientIp), createdAt: t.createdAt.toISOString(), expiresAt: new Date(t.expiresAt).toISOString() };
}

export async function confirmLoginTicket(ctx: Ctx, input: { ticketId: string }): Promise<{ sessionExpiresAt: string }> {
  await requireStaff(ctx);
  const actor = await ctx.actor();
  const t = await loadTicket(ctx, input.ticketId);
  const phase = ticketPhase(t, ctx.now);
  if (phase === 'expired') fail('LOGIN_TICKET_EXPIRED');
  if (phase !== 'waiting') fail('LOGIN_TICKET_USED');
  const _ = ctx.db.command;
  const sessionId = newId();
  const expiresAt = new Date(ctx.now.getTime() + CONSOLE_SESSION_TTL_MS);
  // Write the session first, then claim the ticket for it: a session no ticket points to is never
  // handed out (the exchange reads the ticket's sessionId), so a lost race leaves only a dead record.
  const session: ConsoleSessionDoc = {
    _id: sessionId,
    userId: actor.userId,
    openid: ctx.openid,
    createdAt: ctx.now,
    expiresAt,
    device: t.device,
    clientIp: t.clientIp,
    revokedAt: ctx.now, // not valid until the ticket is confirmed for it (below)
  };
  await ctx.db.collection(CONSOLE_SESSIONS).add({ data: session });
  const up = await ctx.db
    .collection(LOGIN_TICKETS)
    .where({ _id: t._id, status: 'pending', expiresAt: _.gt(ctx.now) })
    .update({ data: { status: 'confirmed', confirmedByUserId: actor.userId, confirmedAt: ctx.now, sessionId } });
  if (up.stats.updated !== 1) fail('LOGIN_TICKET_USED');
  await ctx.db.collection(CONSOLE_SESSIONS).doc(sessionId).update({ data: { revokedAt: null } });
  return { sessionExpiresAt: expiresAt.toISOString() };
}

export async function rejectLoginTicket(ctx: Ctx, input: { ticketId: string }): Promise<{ rejected: boolean }> {
  await requireStaff(ctx);
  const _ = ctx.db.command;
  const up = await ctx.db.collection(LOGIN_TICKETS).where({ _id: input.ticketId, status: 'pending', expiresAt: _.gt(ctx.now) }).update({ data: { status: 'rejected' } });
  return { rejected: up.stats.updated === 1 };
}

/**
 * The desktop page polls with the secret only it knows; once confirmed, the first poll claims the
 * ticket (conditional update) and gets the custom-login ticket for the session. Any later poll,
 * or a poll with another secret, gets nothing.
 */
export async function pollLoginTicket(ctx: Ctx, input: { ticketId: string; pollSecret: string }): Promise<PollLoginTicketOutput> {
  const t = await loadTicket(ctx, input.ticketId);
  if (t.pollSecretHash !== sha(input.pollSecret)) fail('LOGIN_TICKET_NOT_FOUND');
  const phase = ticketPhase(t, ctx.now);
  if (phase === 'waiting' || phase === 'rejected' || phase === 'expired') return { phase };
  if (phase === 'claimed') fail('LOGIN_TICKET_USED');
  const up = await ctx.db.collection(LOGIN_TICKETS).where({ _id: t._id, status: 'confirmed' }).update({ data: { status: 'claimed', claimedAt: ctx.now } });
  if (up.stats.updated !== 1) fail('LOGIN_TICKET_USED');
  const session = await findById<ConsoleSessionDoc>(ctx.db, CONSOLE_SESSIONS, t.sessionId ?? '');
  if (!session || !sessionValid(session, ctx.now)) fail('LOGIN_TICKET_EXPIRED');
  return { phase: 'signedIn', customLoginTicket: createCustomLoginTicket(session._id), sessionExpiresAt: new Date(session.expiresAt).toISOString() };
}

/** The caller's own console sessions (from the mini-program, or from a console session itself). */
export async function listSessions(ctx: Ctx): Promise<ListSessionsOutput> {
  const actor = await ctx.actor();
  if (!actor.user) fail('UNAUTHENTICATED');
  const _ = ctx.db.command;
  const r = await ctx.db
    .collection<ConsoleSessionDoc>(CONSOLE_SESSIONS)
    .where({ userId: actor.userId, revokedAt: null, expiresAt: _.gt(ctx.now) })
    .orderBy('createdAt', 'desc')
    .limit(50)
    .get();
  return {
    sessions: r.data.map((s) => ({
      sessionId: s._id,
      device: s.device,
      ip: maskIp(s.clientIp),
      createdAt: new Date(s.createdAt).toISOString(),
      expiresAt: new Date(s.expiresAt).toISOString(),
      current: s._id === ctx.consoleSessionId,
    })),
  };
}

/** Sign a session out: only its owner. Takes effect on the console's very next call. */
export async function revokeSession(ctx: Ctx, input: { sessionId: string }): Promise<{ revoked: boolean }> {
  const actor = await ctx.actor();
  if (!actor.user) fail('UNAUTHENTICATED');
  const up = await ctx.db
    .collection(CONSOLE_SESSIONS)
    .where({ _id: input.sessionId, userId: actor.userId, revokedAt: null })
    .update({ data: { revokedAt: ctx.now, revokedBy: actor.userId } });
  if (up.stats.updated !== 1) {
    const s = await findById<ConsoleSessionDoc>(ctx.db, CONSOLE_SESSIONS, input.sessionId);
    if (!s || s.userId !== actor.userId) fail('NOT_FOUND');
  }
  return { revoked: true };
}

/** The console signs itself out. */
export async function logout(ctx: Ctx): Promise<{ revoked: boolean }> {
  if (!ctx.consoleSessionId) return { revoked: false };
  return revokeSession(ctx, { sessionId: ctx.consoleSessionId });
}
