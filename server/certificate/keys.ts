/**
 * The verification code of a certificate: an HMAC-SHA256 over the certificate's fields with a
 * secret from the function's environment, truncated to 55 bits and prefixed by the key id, so keys
 * can rotate (old certificates keep verifying with their key while new ones use the active key).
 *
 *   CERT_HMAC_KEYS="A:<secret>,B:<secret>"   (key ids: one character of CODE_ALPHABET)
 *   CERT_HMAC_ACTIVE="B"                      (default: the last key listed)
 *
 * Set both in the cloud function's environment variables (WeChat console); the local cloud gives
 * the certificate function a dev key derived from its data directory's secret.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import { fail } from '../core/errors';
import { CODE_ALPHABET } from '../../types/certificate/certificate.schema';
import { CODE_LENGTH, toCodeChars } from '../../types/certificate/certificate.rules';

export interface Keyring {
  keys: Map<string, string>;
  active: string;
}

export function parseKeyring(raw: string | undefined, active: string | undefined): Keyring | null {
  const keys = new Map<string, string>();
  for (const part of (raw ?? '').split(',')) {
    const i = part.indexOf(':');
    if (i <= 0) continue;
    const id = part.slice(0, i).trim().toUpperCase();
    const secret = part.slice(i + 1).trim();
    if (id.length === 1 && CODE_ALPHABET.includes(id) && secret.length >= 16) keys.set(id, secret);
  }
  if (!keys.size) return null;
  const want = (active ?? '').trim().toUpperCase();
  return { keys, active: keys.has(want) ? want : [...keys.keys()][keys.size - 1] };
}

/** The keyring from the environment, or CERTIFICATE_KEY_MISSING (never a built-in fallback secret). */
export function keyring(): Keyring {
  const k = parseKeyring(process.env.CERT_HMAC_KEYS, process.env.CERT_HMAC_ACTIVE);
  if (!k) fail('CERTIFICATE_KEY_MISSING');
  return k;
}

/** The fields a code vouches for: changing any of them in the database breaks verification. */
export interface SignedFields {
  id: string;
  number: string;
  schoolId: string;
  schoolYear: string;
  familyId: string;
  userId: string;
  holderName: string;
  hours: number;
  excellent: boolean;
  issuedAt: Date;
}

function message(f: SignedFields): string {
  return ['cert-v1', f.id, f.number, f.schoolId, f.schoolYear, f.familyId, f.userId, f.holderName, f.hours.toFixed(1), f.excellent ? '1' : '0', new Date(f.issuedAt).getTime()].join('|');
}

function codeWith(keyId: string, secret: string, f: SignedFields): string {
  const mac = createHmac('sha256', secret).update(message(f)).digest();
  return keyId + toCodeChars(mac, CODE_LENGTH - 1);
}

export function signCertificate(ring: Keyring, f: SignedFields): { code: string; keyId: string } {
  return { code: codeWith(ring.active, ring.keys.get(ring.active)!, f), keyId: ring.active };
}

/** Does `code` vouch for these fields? Unknown key ids, other fields and other lengths: no. */
export function codeMatches(ring: Keyring, f: SignedFields, code: string): boolean {
  const secret = ring.keys.get(code.charAt(0));
  if (!secret || code.length !== CODE_LENGTH) return false;
  const expected = Buffer.from(codeWith(code.charAt(0), secret, f));
  const given = Buffer.from(code);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
