/**
 * Server-only signing of the rotating check-in code (node crypto). The step/window logic is pure
 * and lives in types/attendance/attendance.rules.ts.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'crypto';
import { SHORT_CODE_ALPHABET, formatToken, formatTypedCode, judgeStep, msUntilNextStep, stepOf, type ParsedCode } from '../../types/attendance/attendance.rules';

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
