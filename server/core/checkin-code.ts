/**
 * The rotating check-in code, shared by every on-site check-in (attendance sessions, open-day
 * activities): server-only signing (node crypto) and the check-in window document's life cycle
 * (one open window per subject, a free short code, lookup by a scanned or typed code). The
 * step/window logic is pure and lives in types/attendance/attendance.rules.ts.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'crypto';
import type { Database } from './cloud';
import { isDuplicateKey, findById } from './persistence';
import type { CheckinWindowDoc } from '../../types/attendance/attendance.schema';
import { DEFAULT_STEP_SECONDS, SHORT_CODE_ALPHABET, formatToken, formatTypedCode, judgeStep, msUntilNextStep, stepOf, type ParsedCode } from '../../types/attendance/attendance.rules';

export function newSecret(): string {
  return randomBytes(24).toString('hex');
}

export function newShortCode(): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)];
  return s;
}

function mac(secret: string, msg: string): Buffer {
  return createHmac('sha256', secret).update(msg).digest();
}

export function signature(secret: string, sessionId: string, step: number): string {
  return mac(secret, `qr:${sessionId}:${step}`).toString('base64url').slice(0, 22);
}

export function digits(secret: string, sessionId: string, step: number): string {
  return String(mac(secret, `typed:${sessionId}:${step}`).readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface SigningWindow {
  /** The id of what is checked into (an attendance session, an open-day activity). */
  sessionId: string;
  secret: string;
  stepSeconds: number;
  shortCode: string;
}

export function currentCode(w: SigningWindow, nowMs: number): { token: string; typedCode: string; rotatesInMs: number; step: number } {
  const step = stepOf(nowMs, w.stepSeconds);
  return {
    token: formatToken(w.sessionId, step, signature(w.secret, w.sessionId, step)),
    typedCode: formatTypedCode(w.shortCode, digits(w.secret, w.sessionId, step)),
    rotatesInMs: msUntilNextStep(nowMs, w.stepSeconds),
    step,
  };
}

/** How far back a genuine but old code is still recognised (to say "expired" rather than "invalid"). */
const RECOGNISE_STEPS = 360;

export type CodeVerdict = 'ok' | 'expired' | 'invalid';

export function verifyCode(w: SigningWindow, code: ParsedCode, nowMs: number): CodeVerdict {
  const nowStep = stepOf(nowMs, w.stepSeconds);
  if (code.kind === 'token') {
    if (code.sessionId !== w.sessionId) return 'invalid';
    if (!same(code.sig, signature(w.secret, w.sessionId, code.step))) return 'invalid';
    const v = judgeStep(code.step, nowStep);
    return v === 'ok' ? 'ok' : v === 'expired' ? 'expired' : 'invalid';
  }
  if (code.shortCode !== w.shortCode) return 'invalid';
  for (const s of [nowStep, nowStep - 1]) if (same(code.digits, digits(w.secret, w.sessionId, s))) return 'ok';
  // Only 6 digits: look back a little to tell an old code from a wrong one (time-bounded, cheap).
  for (let s = nowStep - 2; s >= nowStep - RECOGNISE_STEPS; s--) if (code.digits === digits(w.secret, w.sessionId, s)) return 'expired';
  return 'invalid';
}

/** A check-in window document: `_id` = the subject's id; the secret never leaves the server. */
export interface CheckinWindowBase extends SigningWindow {
  _id: string;
  status: 'open' | 'closed';
}

/** A short code not used by another open window of `collection` (five tries, then any). */
export async function freeShortCode(db: Database, collection: string): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const code = newShortCode();
    const res = await db.collection(collection).where({ shortCode: code, status: 'open' }).limit(1).get();
    if (!res.data.length) return code;
  }
  return newShortCode();
}

/**
 * Writes an opened window unless another opening got there first (then false): two staff (or
 * two taps) opening at once must show ONE code — the first window wins, by its deterministic id
 * (a new window) or by a conditional update of the closed one (a reopening).
 */
export async function claimWindow<W extends CheckinWindowBase>(db: Database, collection: string, doc: W, existing: W | null): Promise<boolean> {
  const { _id, ...data } = doc;
  if (existing) return (await db.collection(collection).where({ _id, status: 'closed', secret: existing.secret }).update({ data })).stats.updated > 0;
  try {
    await db.collection(collection).add({ data: doc });
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}

/** The life-cycle fields of a window opened now: a fresh short code and secret (codes from before stop working). */
export type OpenedWindowFields = Pick<CheckinWindowDoc, 'shortCode' | 'secret' | 'stepSeconds' | 'opensAt' | 'closesAt' | 'openedBy' | 'openedAt'> & { status: 'open'; closedAt: null; closedBy: null };

export interface WindowOpening {
  opensAt: Date;
  closesAt: Date;
  openedBy: string;
  now: Date;
  /** Asked for by the opener; else the reopened window's, else the default. */
  stepSeconds?: number;
}

/**
 * Opens (or reopens) the window: `build` puts the subject's own fields around the life-cycle
 * fields; answers the window open now — this one, or the one a concurrent opening wrote first.
 */
export async function openWindow<W extends CheckinWindowBase>(db: Database, collection: string, existing: W | null, opening: WindowOpening, build: (fields: OpenedWindowFields) => W): Promise<W> {
  const doc = build({
    status: 'open',
    shortCode: await freeShortCode(db, collection),
    secret: newSecret(),
    stepSeconds: opening.stepSeconds ?? existing?.stepSeconds ?? DEFAULT_STEP_SECONDS,
    opensAt: opening.opensAt,
    closesAt: opening.closesAt,
    openedBy: opening.openedBy,
    openedAt: opening.now,
    closedAt: null,
    closedBy: null,
  });
  if (await claimWindow(db, collection, doc, existing)) return doc;
  return (await findById<W>(db, collection, doc._id)) ?? doc;
}

/** The window a scanned (by id) or typed (by open short code) code points at; null: none. */
export async function windowForCode<W extends CheckinWindowBase>(db: Database, collection: string, parsed: ParsedCode): Promise<W | null> {
  if (parsed.kind === 'token') return findById<W>(db, collection, parsed.sessionId);
  const res = await db.collection<W>(collection).where({ shortCode: parsed.shortCode, status: 'open' }).limit(1).get();
  return res.data[0] ?? null;
}
