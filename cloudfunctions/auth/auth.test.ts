/**
 * The desktop console's sign-in through the front door, as the page and the mini-program do it:
 * a ticket shown as a mini-program code → a staff member confirms → the page exchanges it once for
 * a custom-login ticket → signs in → calls functions as that WeChat user; and every way it must
 * fail: expired, reused, forged, another user's, a parent, a revoked or expired session.
 */
import jsQR from 'jsqr';
import { startTestCloud, type TestCloud } from '../../test/helpers/local-cloud';
import { seedDemo } from '../../scripts/seed';
import { ticketOfScene } from '../../types/auth/auth.rules';

// pngjs ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { data: Buffer; width: number; height: number } } } };

jest.setTimeout(120_000);

const ADMIN = 'demo-admin-001';
const ADMIN_B = 'demo-admin-002';
const PARENT = 'demo-parent-001';
let cloud: TestCloud;

interface Res<T = unknown> {
  status: number;
  body: { ok?: boolean; data?: T; error?: { code: string; message: string }; code?: string; message?: string };
}

async function front<T = Record<string, unknown>>(fn: string, action: string, input: unknown, auth?: { dev?: string; console?: string }): Promise<Res<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36' };
  if (auth?.dev) headers.authorization = `Bearer ${cloud.cloud.devToken(auth.dev)}`;
  if (auth?.console) headers.authorization = `Bearer ${auth.console}`;
  const res = await fetch(`${cloud.url}/functions/${fn}`, { method: 'POST', headers, body: JSON.stringify({ action, input }) });
  return { status: res.status, body: await res.json() };
}
const code = (r: Res<unknown>) => r.body.error?.code ?? r.body.code ?? (r.body.ok ? 'OK' : '?');

async function signIn(ticket: string): Promise<{ status: number; accessToken?: string; code?: string }> {
  const res = await fetch(`${cloud.url}/auth/custom/signin`, { method: 'POST', body: JSON.stringify({ ticket }) });
  const b = (await res.json()) as { accessToken?: string; code?: string };
  return { status: res.status, ...b };
}

interface Ticket {
  ticketId: string;
  pollSecret: string;
  expiresAt: string;
  qrDataUrl: string;
}

async function newTicket(): Promise<Ticket> {
  const r = await front<Ticket>('auth', 'createLoginTicket', { userAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0' });
  expect(code(r)).toBe('OK');
  return r.body.data!;
}

/** The whole flow for one admin: returns the console's access token. */
async function consoleFor(openid: string): Promise<string> {
  const t = await newTicket();
  expect(code(await front('auth', 'confirmLoginTicket', { ticketId: t.ticketId }, { dev: openid }))).toBe('OK');
  const p = await front<{ phase: string; customLoginTicket: string }>('auth', 'pollLoginTicket', { ticketId: t.ticketId, pollSecret: t.pollSecret });
  expect(p.body.data?.phase).toBe('signedIn');
  const s = await signIn(p.body.data!.customLoginTicket);
  expect(s.status).toBe(200);
  return s.accessToken!;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(cloud.db);
});

afterAll(async () => {
  await cloud?.close();
});

test('the whole flow: code → scan and confirm → one exchange → the console acts as that WeChat user', async () => {
  const t = await newTicket();
  // The page shows a mini-program code whose scene names the ticket (≤ 32 characters).
  const png = PNG.sync.read(Buffer.from(t.qrDataUrl.split(',')[1], 'base64'));
  const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  const scene = new URL(`https://x/${qr!.data}`).searchParams.get('scene')!;
  expect(scene.length).toBeLessThanOrEqual(32);
  expect(ticketOfScene(scene)).toBe(t.ticketId);
  expect(qr!.data).toMatch(/^packages\/auth\/pages\/confirm-login\/index\?/);

  // Before anyone confirms, the page waits; the scanner sees what asks to sign in.
  expect((await front<{ phase: string }>('auth', 'pollLoginTicket', { ticketId: t.ticketId, pollSecret: t.pollSecret })).body.data?.phase).toBe('waiting');
  const d = await front<{ phase: string; device: string; ip: string }>('auth', 'describeLoginTicket', { ticketId: t.ticketId }, { dev: ADMIN });
  expect(d.body.data).toMatchObject({ phase: 'waiting', device: 'Windows 上的 Chrome' });
  expect(d.body.data!.ip).toMatch(/\*$/);

  expect(code(await front('auth', 'confirmLoginTicket', { ticketId: t.ticketId }, { dev: ADMIN }))).toBe('OK');
  const p = await front<{ phase: string; customLoginTicket: string }>('auth', 'pollLoginTicket', { ticketId: t.ticketId, pollSecret: t.pollSecret });
  expect(p.body.data?.phase).toBe('signedIn');
  // Single use: the next poll gets nothing.
  expect(code(await front('auth', 'pollLoginTicket', { ticketId: t.ticketId, pollSecret: t.pollSecret }))).toBe('LOGIN_TICKET_USED');

  const s = await signIn(p.body.data!.customLoginTicket);
  expect(s.status).toBe(200);
  const meConsole = await front<{ userId: string; memberships: unknown[] }>('school', 'me', {}, { console: s.accessToken });
  const meWeapp = await front<{ userId: string; memberships: unknown[] }>('school', 'me', {}, { dev: ADMIN });
  expect(code(meConsole)).toBe('OK');
  expect(meConsole.body.data).toEqual(meWeapp.body.data);

  // 我的 → 已登录的电脑 lists it; from the console itself it is marked current.
  const fromPhone = await front<{ sessions: { sessionId: string; current: boolean; device: string }[] }>('auth', 'listSessions', {}, { dev: ADMIN });
  expect(fromPhone.body.data!.sessions).toHaveLength(1);
  expect(fromPhone.body.data!.sessions[0]).toMatchObject({ current: false, device: 'Windows 上的 Chrome' });
  const fromConsole = await front<{ sessions: { current: boolean }[] }>('auth', 'listSessions', {}, { console: s.accessToken });
  expect(fromConsole.body.data!.sessions[0].current).toBe(true);
});

test('a session never outlives its revocation, and only its owner can revoke it', async () => {
  const token = await consoleFor(ADMIN);
  const sessions = (await front<{ sessions: { sessionId: string }[] }>('auth', 'listSessions', {}, { dev: ADMIN })).body.data!.sessions;
  const latest = sessions[0].sessionId;
  expect(code(await front('school', 'me', {}, { console: token }))).toBe('OK');
  // Another admin cannot revoke it.
  expect(code(await front('auth', 'revokeSession', { sessionId: latest }, { dev: ADMIN_B }))).toBe('NOT_FOUND');
  expect(code(await front('school', 'me', {}, { console: token }))).toBe('OK');
  expect(code(await front('auth', 'revokeSession', { sessionId: latest }, { dev: ADMIN }))).toBe('OK');
  // The very next call, of any function, is refused — the access token itself is still unexpired.
  for (const [fn, action] of [['school', 'me'], ['course', 'listManaged'], ['auth', 'listSessions']] as const) {
    const r = await front(fn, action, action === 'listManaged' ? { schoolId: 'x' } : {}, { console: token });
    expect([fn, code(r)]).toEqual([fn, 'CONSOLE_SESSION_INVALID']);
    expect(r.body.error?.message).toMatch(/重新扫码登录/);
  }
});

test('the console signs itself out', async () => {
  const token = await consoleFor(ADMIN);
  expect((await front<{ revoked: boolean }>('auth', 'logout', {}, { console: token })).body.data?.revoked).toBe(true);
  expect(code(await front('school', 'me', {}, { console: token }))).toBe('CONSOLE_SESSION_INVALID');
});

test('an expired session is refused', async () => {
  const token = await consoleFor(ADMIN_B);
  const s = (await front<{ sessions: { sessionId: string }[] }>('auth', 'listSessions', {}, { dev: ADMIN_B })).body.data!.sessions[0];
  await cloud.db.collection('console_sessions').doc(s.sessionId).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
  expect(code(await front('school', 'me', {}, { console: token }))).toBe('CONSOLE_SESSION_INVALID');
});

test('expired, reused, rejected, wrong secret, a parent: refused with clear messages', async () => {
  // A parent has no console.
  const t1 = await newTicket();
  const byParent = await front('auth', 'confirmLoginTicket', { ticketId: t1.ticketId }, { dev: PARENT });
  expect(code(byParent)).toBe('LOGIN_CONSOLE_STAFF_ONLY');
  // Wrong poll secret: as if the ticket did not exist.
  expect(code(await front('auth', 'pollLoginTicket', { ticketId: t1.ticketId, pollSecret: 'x'.repeat(32) }))).toBe('LOGIN_TICKET_NOT_FOUND');
  // Confirmed once only.
  expect(code(await front('auth', 'confirmLoginTicket', { ticketId: t1.ticketId }, { dev: ADMIN }))).toBe('OK');
  expect(code(await front('auth', 'confirmLoginTicket', { ticketId: t1.ticketId }, { dev: ADMIN_B }))).toBe('LOGIN_TICKET_USED');
  // Expired (2 minutes).
  const t2 = await newTicket();
  await cloud.db.collection('login_tickets').doc(t2.ticketId).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
  const late = await front('auth', 'confirmLoginTicket', { ticketId: t2.ticketId }, { dev: ADMIN });
  expect(code(late)).toBe('LOGIN_TICKET_EXPIRED');
  expect(late.body.error?.message).toMatch(/刷新二维码/);
  expect((await front<{ phase: string }>('auth', 'pollLoginTicket', { ticketId: t2.ticketId, pollSecret: t2.pollSecret })).body.data?.phase).toBe('expired');
  // Rejected on the phone.
  const t3 = await newTicket();
  expect((await front<{ rejected: boolean }>('auth', 'rejectLoginTicket', { ticketId: t3.ticketId }, { dev: ADMIN })).body.data?.rejected).toBe(true);
  expect((await front<{ phase: string }>('auth', 'pollLoginTicket', { ticketId: t3.ticketId, pollSecret: t3.pollSecret })).body.data?.phase).toBe('rejected');
  expect(code(await front('auth', 'confirmLoginTicket', { ticketId: t3.ticketId }, { dev: ADMIN }))).toBe('LOGIN_TICKET_USED');
  // Unknown and malformed tickets.
  expect(code(await front('auth', 'confirmLoginTicket', { ticketId: 'B'.repeat(22) }, { dev: ADMIN }))).toBe('LOGIN_TICKET_NOT_FOUND');
  expect(code(await front('auth', 'confirmLoginTicket', { ticketId: 'short' }, { dev: ADMIN }))).toBe('VALIDATION_FAILED');
});

test('forged custom-login tickets and console tokens are refused', async () => {
  const t = await newTicket();
  await front('auth', 'confirmLoginTicket', { ticketId: t.ticketId }, { dev: ADMIN });
  const real = (await front<{ customLoginTicket: string }>('auth', 'pollLoginTicket', { ticketId: t.ticketId, pollSecret: t.pollSecret })).body.data!.customLoginTicket;
  const [kid, jwt] = real.split('/@@/');
  const [h, p, sig] = jwt.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const altered = Buffer.from(JSON.stringify({ ...payload, uid: 'A'.repeat(22) })).toString('base64url');
  for (const forged of [`${kid}/@@/${h}.${altered}.${sig}`, `other/@@/${jwt}`, jwt, 'garbage', `${kid}/@@/${h}.${p}.${'A'.repeat(sig.length)}`]) {
    const r = await signIn(forged);
    expect([forged.slice(0, 12), r.status, r.code]).toEqual([forged.slice(0, 12), 401, 'CUSTOM_LOGIN_FAILED']);
  }
  // A made-up console token, and a real one for a session id that does not exist.
  expect((await front('school', 'me', {}, { console: 'c.e30.AAAA' })).status).toBe(401);
  const good = await signIn(real);
  expect(good.status).toBe(200);
});

test('concurrent confirms and polls: one session, handed out once', async () => {
  const t = await newTicket();
  const confirms = await Promise.all(Array.from({ length: 12 }, (_, i) => front('auth', 'confirmLoginTicket', { ticketId: t.ticketId }, { dev: i % 2 ? ADMIN : ADMIN_B })));
  expect(confirms.filter((r) => code(r) === 'OK')).toHaveLength(1);
  expect(confirms.filter((r) => code(r) !== 'OK').every((r) => code(r) === 'LOGIN_TICKET_USED')).toBe(true);
  const polls = await Promise.all(Array.from({ length: 12 }, () => front<{ phase: string }>('auth', 'pollLoginTicket', { ticketId: t.ticketId, pollSecret: t.pollSecret })));
  expect(polls.filter((r) => r.body.data?.phase === 'signedIn')).toHaveLength(1);
  expect(polls.filter((r) => r.body.data?.phase !== 'signedIn').every((r) => code(r) === 'LOGIN_TICKET_USED')).toBe(true);
});

test('one address gets at most 12 tickets a minute', async () => {
  // Earlier tests used some of this minute's allowance from the same address; fill it up.
  const results: string[] = [];
  // 26 > 2 × 12: even if a minute ends during the loop, one of the two minutes goes over.
  for (let i = 0; i < 26; i++) results.push(code(await front('auth', 'createLoginTicket', {})));
  expect(results).toContain('LOGIN_TOO_MANY_TICKETS');
  expect(results.filter((c) => c !== 'OK').every((c) => c === 'LOGIN_TOO_MANY_TICKETS')).toBe(true);
});
