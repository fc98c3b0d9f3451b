/**
 * The admin console's sign-in on a desktop browser, without a WeChat Open Platform account:
 * the page gets a one-time login ticket, shows it as a mini-program code, a staff member scans it
 * in the mini-program and confirms, and the page receives a short-lived console session for that
 * WeChat user. Pure rules shared by the pages and the `auth` function.
 */
import type { Membership } from '../school/roles';

/** A ticket lives 2 minutes and is used once. */
export const LOGIN_TICKET_TTL_MS = 2 * 60 * 1000;
/** A console session lives 8 hours (a working day) unless revoked sooner. */
export const CONSOLE_SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** The mini-program page the code opens. */
export const CONFIRM_LOGIN_PAGE = 'packages/auth/pages/confirm-login/index';

export type LoginTicketStatus = 'pending' | 'confirmed' | 'claimed' | 'rejected';

/** Ticket ids: 22 characters of base64url (132 bits), never guessable. */
export const TICKET_ID_RE = /^[A-Za-z0-9_-]{22}$/;

/** The code's scene (WeChat allows 32 visible characters): 't=' + the ticket id = 24. */
export function sceneOfTicket(ticketId: string): string {
  return `t=${ticketId}`;
}

/** The ticket id from a scanned scene (URL-encoded or not), or null. */
export function ticketOfScene(scene: string | null | undefined): string | null {
  if (!scene) return null;
  let s = scene;
  try {
    s = decodeURIComponent(scene);
  } catch {
    return null;
  }
  const m = /^t=([A-Za-z0-9_-]{22})$/.exec(s);
  return m ? m[1] : null;
}

/** What the state of a ticket means to the one polling it, at `now`. */
export function ticketPhase(t: { status: LoginTicketStatus; expiresAt: Date | string }, now: Date): 'waiting' | 'confirmed' | 'claimed' | 'rejected' | 'expired' {
  if (t.status === 'claimed') return 'claimed';
  if (t.status === 'rejected') return 'rejected';
  if (new Date(t.expiresAt).getTime() <= now.getTime()) return 'expired';
  return t.status === 'confirmed' ? 'confirmed' : 'waiting';
}

/** A console session is valid until it expires or is revoked. */
export function sessionValid(s: { expiresAt: Date | string; revokedAt?: Date | string | null }, now: Date): boolean {
  return !s.revokedAt && new Date(s.expiresAt).getTime() > now.getTime();
}

/** Only school staff (a teacher or admin role in some school) use the desktop console. */
export function mayUseConsole(memberships: Pick<Membership, 'roles'>[]): boolean {
  return memberships.some((m) => m.roles.includes('admin') || m.roles.includes('teacher'));
}

/** A short, human description of a browser from its User-Agent (shown when confirming and in the sessions list). */
export function deviceLabel(userAgent: string | null | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : '浏览器';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'Mac' : /Linux/.test(ua) ? 'Linux' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : '未知系统';
  return `${os} 上的 ${browser}`;
}

/** An IP shown to the account holder: the last part hidden (it is personal data too). */
export function maskIp(ip: string | null | undefined): string {
  if (!ip) return '未知';
  const v4 = /^(\d+\.\d+\.\d+)\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.*`;
  const parts = ip.split(':');
  return parts.length > 2 ? `${parts.slice(0, 3).join(':')}:*` : '未知';
}
