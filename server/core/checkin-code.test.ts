import { currentCode, digits, newShortCode, signature, verifyCode, type SigningWindow } from './checkin-code';
import { SHORT_CODE_ALPHABET, formatToken, formatTypedCode, parseCode } from '../../types/attendance/attendance.rules';

const w: SigningWindow = { sessionId: 'course1-s1', secret: 'a'.repeat(48), stepSeconds: 10, shortCode: 'K7Q2' };
const T0 = Date.parse('2026-11-24T11:00:00Z'); // a step boundary

function verify(code: string, atMs: number, win = w) {
  const parsed = parseCode(code);
  return parsed ? verifyCode(win, parsed, atMs) : 'unparsable';
}

describe('rotating code signing (server only)', () => {
  it('the code on screen verifies, for its step and the next, then expires', () => {
    const c = currentCode(w, T0 + 1000);
    expect(c.rotatesInMs).toBe(9000);
    expect(c.token).toMatch(/^PSA1\.course1-s1\.\d+\.[A-Za-z0-9_-]{22}$/);
    expect(c.typedCode).toMatch(/^K7Q2 \d{6}$/);
    const table: [number, string][] = [
      [1_000, 'ok'],
      [9_999, 'ok'],
      [10_000, 'ok'], // next step: still accepted (scan in flight)
      [19_999, 'ok'],
      [20_000, 'expired'], // two steps later: a photo or a forwarded code
      [600_000, 'expired'],
    ];
    for (const [dt, verdict] of table) {
      expect([dt, verify(c.token, T0 + dt)]).toEqual([dt, verdict]);
      expect([dt, verify(c.typedCode, T0 + dt)]).toEqual([dt, verdict]);
    }
  });

  it.each([
    // window, verdict of the QR token, verdict of the typed code
    ['another secret (window reopened or forged)', { ...w, secret: 'b'.repeat(48) }, 'invalid', 'invalid'],
    ['another session', { ...w, sessionId: 'course2-s1' }, 'invalid', 'invalid'],
    // The QR token does not contain the short code: only the typed code is bound to it.
    ['another short code', { ...w, shortCode: 'ABCD' }, 'ok', 'invalid'],
  ] as const)('%s', (_label, other, tokenVerdict, typedVerdict) => {
    const c = currentCode(w, T0);
    expect([verify(c.token, T0, other), verify(c.typedCode, T0, other)]).toEqual([tokenVerdict, typedVerdict]);
  });

  it('a tampered step or signature is invalid; a future step is invalid', () => {
    const step = Math.floor(T0 / 10_000);
    const sig = signature(w.secret, w.sessionId, step);
    expect(verify(formatToken(w.sessionId, step + 1, sig), T0)).toBe('invalid');
    expect(verify(formatToken(w.sessionId, step, sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A')), T0)).toBe('invalid');
    expect(verify(formatToken(w.sessionId, step + 5, signature(w.secret, w.sessionId, step + 5)), T0)).toBe('invalid');
    expect(verify(formatTypedCode('K7Q2', digits(w.secret, w.sessionId, step) === '000000' ? '000001' : '000000'), T0)).not.toBe('ok');
  });

  it('short codes use the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const s = newShortCode();
      expect(s).toHaveLength(4);
      for (const ch of s) expect(SHORT_CODE_ALPHABET).toContain(ch);
    }
  });
});
