/**
 * Public verification (no sign-in): by number + code, or the QR scene "<number>.<code>". The code
 * is recomputed from the stored fields with the key its first character names, so a forged code,
 * a code of another certificate or school, or a record altered after issue does not verify.
 * Rate-limited per caller (signed-in user, else client IP) BEFORE any lookup: at most
 * VERIFY_MAX per VERIFY_WINDOW_MS, every verification counted (valid ones too: enumerating costs
 * the same either way), with the shared exact limiter (server/core/attempt-limiter).
 */
import { createHash } from 'crypto';
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findAll } from '../core/persistence';
import { takeAttempt, type AttemptLimit } from '../core/attempt-limiter';
import { maskName } from '../../types/common/privacy';
import { isCodeShaped, normaliseCode, parseNumber, parseScene } from '../../types/certificate/certificate.rules';
import type { CertificateDoc, VerifyOutput } from '../../types/certificate/certificate.schema';
import { CERTIFICATES } from './holders';
import { codeMatches, keyring } from './keys';

export const VERIFY_ATTEMPTS = 'certificate_verify_attempts';
export const VERIFY_MAX = 30;
export const VERIFY_WINDOW_MS = 10 * 60_000;

export const VERIFY_LIMIT: AttemptLimit = { collection: VERIFY_ATTEMPTS, max: VERIFY_MAX, windowMs: VERIFY_WINDOW_MS };

export function callerKey(ctx: Pick<Ctx, 'openid' | 'cloud'>): string {
  const ip = (ctx.cloud.getWXContext() as { CLIENTIP?: string }).CLIENTIP ?? '';
  const who = ctx.openid ? `u:${ctx.openid}` : `ip:${ip || 'unknown'}`;
  return createHash('sha256').update(`cert-verify:${who}`).digest('hex').slice(0, 32);
}

/** Take one verification slot of the caller's window (server/core/attempt-limiter), or CERTIFICATE_VERIFY_TOO_MANY. */
export async function takeVerifySlot(db: Database, key: string, now: Date): Promise<void> {
  const r = await takeAttempt(db, VERIFY_LIMIT, key, now);
  if (!r.ok) fail('CERTIFICATE_VERIFY_TOO_MANY', { retryAt: r.retryAt.toISOString(), retryInMinutes: Math.ceil((r.retryAt.getTime() - now.getTime()) / 60_000) });
}

export async function verify(ctx: Ctx, input: { scene: string } | { number: string; code: string }): Promise<VerifyOutput> {
  await takeVerifySlot(ctx.db, callerKey(ctx), ctx.now);
  const parsed = 'scene' in input ? parseScene(input.scene) : { number: input.number.trim().toUpperCase(), code: normaliseCode(input.code) };
  if (!parsed || !parseNumber(parsed.number) || !isCodeShaped(parsed.code)) fail('CERTIFICATE_INVALID');
  const ring = keyring();
  const candidates = await findAll<CertificateDoc>(ctx.db, CERTIFICATES, { number: parsed.number }, 20);
  const cert = candidates.find(
    (c) =>
      c.status !== 'pending' &&
      codeMatches(
        ring,
        { id: c._id, number: c.number ?? '', schoolId: c.schoolId, schoolYear: c.schoolYear, familyId: c.familyId, userId: c.userId, holderName: c.holderName ?? '', hours: c.hours ?? 0, excellent: !!c.excellent, issuedAt: c.issuedAt ?? new Date(0) },
        parsed.code,
      ),
  );
  if (!cert) fail('CERTIFICATE_INVALID');
  return {
    status: cert.status === 'revoked' ? 'revoked' : 'valid',
    number: cert.number ?? '',
    holderNameMasked: maskName(cert.holderName ?? ''),
    schoolName: cert.schoolName ?? '',
    schoolYear: cert.schoolYear,
    hours: cert.hours ?? 0,
    excellent: !!cert.excellent,
    issuedAt: new Date(cert.issuedAt!).toISOString(),
    revokedAt: cert.revokedAt ? new Date(cert.revokedAt).toISOString() : null,
  };
}
