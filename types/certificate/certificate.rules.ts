/**
 * Pure certificate rules, shared by the pages and the function: which ledger entries count for a
 * guardian, the totals, eligibility with what is missing ("还差 2 课时"), 优秀家长, numbers, the QR
 * scene and the verification-code format.
 */
import { CODE_ALPHABET, type CertificateRule, type CertificateTotals, type MissingItem } from './certificate.schema';
import type { ClientUploadFolder } from '../common/storage-folders';

export interface LedgerLike {
  source: string;
  hours: number;
  sessions: number;
  collective: number;
  operatorUserId: string;
}

/**
 * The entries of a family's ledger that a guardian earned: those the guardian recorded (check-in,
 * online lesson), and those staff recorded for the family (adjustments, roster corrections: the
 * family attended, whichever guardian came). Entries another guardian of the child recorded count
 * for that guardian only — several guardians each earn their own certificate.
 */
export function entriesOfGuardian<T extends LedgerLike>(entries: T[], userId: string, guardianUserIds: string[]): T[] {
  const guardians = new Set(guardianUserIds);
  return entries.filter((e) => e.operatorUserId === userId || !guardians.has(e.operatorUserId));
}

export function certificateTotals(entries: LedgerLike[]): CertificateTotals {
  const t: CertificateTotals = { hours: 0, sessions: 0, collective: 0, onlineLessons: 0 };
  for (const e of entries) {
    t.hours += e.hours || 0;
    t.sessions += e.sessions || 0;
    t.collective += e.collective || 0;
    if (e.source === 'online_lesson') t.onlineLessons += e.sessions || 0;
  }
  t.hours = Math.round(t.hours * 2) / 2;
  return t;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

const STARS = (n: number) => '★'.repeat(n);

export interface Eligibility {
  eligible: boolean;
  /** What the rule still asks for, in the order a parent reads it. */
  missing: MissingItem[];
}

/** The school's rule against a guardian's totals and star level. A disabled rule makes nobody eligible. */
export function eligibilityFor(totals: CertificateTotals, starLevel: number, rule: CertificateRule): Eligibility {
  const missing: MissingItem[] = [];
  const need = (kind: MissingItem['kind'], have: number, target: number, text: (gap: number) => string) => {
    if (target > 0 && have < target) missing.push({ kind, need: target, have, text: text(Math.round((target - have) * 2) / 2) });
  };
  need('hours', totals.hours, rule.minHours, (g) => `还差 ${fmt(g)} 课时`);
  need('sessions', totals.sessions, rule.minSessions, (g) => `还差 ${fmt(g)} 次学习活动`);
  need('collective', totals.collective, rule.minCollective, (g) => `还差 ${fmt(g)} 次集体授课（不少于45分钟）`);
  need('onlineLessons', totals.onlineLessons, rule.minOnlineLessons, (g) => `还差 ${fmt(g)} 节线上微课`);
  if (rule.minStarLevel > 0 && starLevel < rule.minStarLevel) {
    missing.push({ kind: 'starLevel', need: rule.minStarLevel, have: starLevel, text: `需达到${STARS(rule.minStarLevel)}（目前${starLevel > 0 ? STARS(starLevel) : '未获星'}）` });
  }
  return { eligible: rule.enabled && missing.length === 0, missing };
}

/** 优秀家长: the top star level, when the school marks it. */
export function isExcellent(starLevel: number, rule: Pick<CertificateRule, 'excellentAtTopLevel'>): boolean {
  return rule.excellentAtTopLevel && starLevel >= 5;
}

/** The rule in words, for the settings page and the parent's page. */
export function ruleSummary(rule: CertificateRule): string {
  const parts: string[] = [];
  if (rule.minHours > 0) parts.push(`累计不少于 ${fmt(rule.minHours)} 课时`);
  if (rule.minSessions > 0) parts.push(`参加不少于 ${rule.minSessions} 次学习活动`);
  if (rule.minCollective > 0) parts.push(`至少 ${rule.minCollective} 次集体授课（不少于45分钟）`);
  if (rule.minOnlineLessons > 0) parts.push(`完成 ${rule.minOnlineLessons} 节线上微课`);
  if (rule.minStarLevel > 0) parts.push(`达到${STARS(rule.minStarLevel)}`);
  return parts.length ? `本学年${parts.join('，')}即可获得结业证书` : '本学年参加学习即可获得结业证书';
}

// ---- numbers, codes and the QR scene ----

/** 2026-2027 → 2026 */
export function yearStart(schoolYear: string): string {
  return schoolYear.slice(0, 4);
}

/** A certificate number: <year>-<school code>-<6-digit sequence>, e.g. 2026-K7QM-000123 (16 characters). */
export function formatNumber(schoolYear: string, schoolCode: string, seq: number): string {
  return `${yearStart(schoolYear)}-${schoolCode}-${String(seq).padStart(6, '0')}`;
}

const NUMBER_RE = new RegExp(`^(\\d{4})-([${CODE_ALPHABET}]{4})-(\\d{6})$`);

export function parseNumber(number: string): { year: string; schoolCode: string; seq: number } | null {
  const m = NUMBER_RE.exec(number.trim().toUpperCase());
  return m ? { year: m[1], schoolCode: m[2], seq: Number(m[3]) } : null;
}

/** Verification code: one key-id character + 11 code characters (55 bits of an HMAC). */
export const CODE_LENGTH = 12;
const CODE_RE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** What people type: spaces and dashes dropped, upper case (0, O, 1 and I never occur in a code). */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

export function isCodeShaped(code: string): boolean {
  return CODE_RE.test(code);
}

/** Groups of four for the page: XXXX-XXXX-XXXX. */
export function displayCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** The QR scene: "<number>.<code>" (29 characters ≤ WeChat's 32). */
export function sceneFor(number: string, code: string): string {
  return `${number}.${code}`;
}

export function parseScene(scene: string): { number: string; code: string } | null {
  let s = scene.trim();
  try {
    s = decodeURIComponent(s);
  } catch {
    return null;
  }
  const i = s.lastIndexOf('.');
  if (i <= 0) return null;
  const number = s.slice(0, i).toUpperCase();
  const code = normaliseCode(s.slice(i + 1));
  if (!parseNumber(number) || !isCodeShaped(code)) return null;
  return { number, code };
}

/** Bytes → code characters (5 bits each). */
export function toCodeChars(bytes: Uint8Array, count: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < count) {
      bits -= 5;
      out += CODE_ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
    if (out.length >= count) break;
  }
  return out;
}

// ---- the school's seal image ----
export const SEAL_FOLDER: ClientUploadFolder = 'certificate-seals';

export function sealFolder(schoolId: string): string {
  return `${SEAL_FOLDER}/${schoolId}/`;
}

/** A seal must be an image of this cloud environment under the school's folder. */
export function isSealFileIdOf(fileId: string, envId: string, schoolId: string): boolean {
  const m = /^cloud:\/\/([^/.]+)\.([^/]+)\/(.+)$/.exec(fileId);
  if (!m || !envId || m[1] !== envId) return false;
  const folder = sealFolder(schoolId);
  if (!m[3].startsWith(folder)) return false;
  return /^[A-Za-z0-9_-]{1,64}\.(jpe?g|png)$/i.test(m[3].slice(folder.length));
}
