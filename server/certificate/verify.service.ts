/**
 * Public verification (no sign-in): by number + code, or the QR scene "<number>.<code>". The code
 * is recomputed from the stored fields with the key its first character names, so a forged code,
 * a code of another certificate or school, or a record altered after issue does not verify.
 * Rate-limited per caller (signed-in user, else client IP) BEFORE any lookup: at most
 * VERIFY_MAX per VERIFY_WINDOW_MS, with conditional updates on one counter document per caller.
 */
import { createHash } from 'crypto';
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findAll, findById, isDuplicateKey } from '../core/persistence';
import { maskName } from '../../types/common/privacy';
import { isCodeShaped, normaliseCode, parseNumber, parseScene } from '../../types/certificate/certificate.rules';
import type { CertificateDoc, VerifyOutput } from '../../types/certificate/certificate.schema';
import { CERTIFICATES } from './holders';
import { codeMatches, keyring } from './keys';

export const VERIFY_ATTEMPTS = 'certificate_verify_attempts';
export const VERIFY_MAX = 30;
export const VERIFY_WINDOW_MS = 10 * 60_000;

interface AttemptDoc {
  _id: string;
  windowStartMs: number;
  count: number;
  updatedAt: Date;
}

export function callerKey(ctx: Pick<Ctx, 'openid' | 'cloud'>): string {
  const ip = (ctx.cloud.getWXContext() as { CLIENTIP?: string }).CLIENTIP ?? '';
  const who = ctx.openid ? `u:${ctx.openid}` : `ip:${ip || 'unknown'}`;
  return createHash('sha256').update(`cert-verify:${who}`).digest('hex').slice(0, 32);
}

/** Take one verification slot of the caller's window, or CERTIFICATE_VERIFY_TOO_MANY. */
export async function takeVerifySlot(db: Database, key: string, now: Date): Promise<void> {
  const _ = db.command;
  const nowMs = now.getTime();
  const coll = db.collection(VERIFY_ATTEMPTS);
  for (let round = 0; round < 6; round++) {
    const doc = await findById<AttemptDoc>(db, VERIFY_ATTEMPTS, key);
    if (!doc) {
      try {
        await coll.add({ data: { _id: key, windowStartMs: nowMs, count: 1, updatedAt: now } });
        return;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        continue;
      }
    }
    if (nowMs < doc.windowStartMs + VERIFY_WINDOW_MS) {
      const r = (await coll.where({ _id: key, windowStartMs: doc.windowStartMs, count: _.lt(VERIFY_MAX) }).update({ data: { count: _.inc(1), updatedAt: now } })) as { stats: { updated: number } };
      if (r.stats.updated === 1) return;
      const again = await findById<AttemptDoc>(db, VERIFY_ATTEMPTS, key);
      if (again && again.windowStartMs === doc.windowStartMs && again.count >= VERIFY_MAX) {
        const retryAt = new Date(doc.windowStartMs + VERIFY_WINDOW_MS);
        fail('CERTIFICATE_VERIFY_TOO_MANY', { retryAt: retryAt.toISOString(), retryInMinutes: Math.ceil((retryAt.getTime() - nowMs) / 60_000) });
      }
      continue;
    }
    // The window is over: start a new one (only one concurrent caller resets it).
    const r = (await coll.where({ _id: key, windowStartMs: doc.windowStartMs }).update({ data: { windowStartMs: nowMs, count: 1, updatedAt: now } })) as { stats: { updated: number } };
    if (r.stats.updated === 1) return;
  }
  fail('CERTIFICATE_VERIFY_TOO_MANY');
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
