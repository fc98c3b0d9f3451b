/**
 * Who may hold a certificate and what they earned: every active guardian (users.children, the
 * denormalised copy of active guardian links) of a child of the scope, with the guardian's own
 * ledger totals (types/certificate/certificate.rules.ts: entriesOfGuardian), star level,
 * confirmed real name and current certificate. Reads only: pages of users, the ledger, names and
 * certificates, 100 ids at a time.
 */
import type { Database } from '../core/cloud';
import { findAll, findByIds, forEachPage } from '../core/persistence';
import type { UserDoc } from '../access/actor';
import type { CreditLedgerDoc } from '../../types/credit/credit.schema';
import type { StarThresholds } from '../../types/credit/credit.schema';
import { starLevelFor } from '../../types/credit/credit.rules';
import { certificateTotals, eligibilityFor, entriesOfGuardian, type Eligibility } from '../../types/certificate/certificate.rules';
import type { CertificateDoc, CertificateNameDoc, CertificateRule, CertificateTotals, Scope } from '../../types/certificate/certificate.schema';
import type { ChildLink } from '../../types/school/roles';

export const CERTIFICATES = 'certificates';
export const NAMES = 'certificate_names';

export function holderKey(schoolYear: string, familyId: string, userId: string): string {
  return `${schoolYear}_${familyId}_${userId}`;
}

export function certificateId(key: string, rev: number): string {
  return `${key}_${rev}`;
}

export interface Holder {
  key: string;
  userId: string;
  openid: string;
  child: ChildLink;
  totals: CertificateTotals;
  starLevel: number;
  eligibility: Eligibility;
  realName: string | null;
  /** The latest certificate of the holder this year (any status), if any. */
  current: CertificateDoc | null;
}

function scopeWhere(schoolId: string, scope: Scope): Record<string, unknown> {
  if (scope.kind === 'class') return { 'children.classId': scope.classId };
  if (scope.kind === 'grade') return { 'children.gradeId': scope.gradeId };
  return { 'children.schoolId': schoolId };
}

function inScope(c: ChildLink, schoolId: string, scope: Scope): boolean {
  if (c.schoolId !== schoolId) return false;
  if (scope.kind === 'class') return c.classId === scope.classId;
  if (scope.kind === 'grade') return c.gradeId === scope.gradeId;
  return true;
}

async function ledgerOf(db: Database, schoolId: string, schoolYear: string, familyIds: string[], wholeSchool: boolean): Promise<CreditLedgerDoc[]> {
  const fields = { familyId: true, schoolId: true, source: true, hours: true, sessions: true, collective: true, operatorUserId: true };
  if (wholeSchool) {
    const out: CreditLedgerDoc[] = [];
    await forEachPage<CreditLedgerDoc>(db, 'credit_ledger', { schoolId, schoolYear }, (docs) => void out.push(...docs), { field: fields, max: 500_000 });
    return out;
  }
  const _ = db.command;
  const out: CreditLedgerDoc[] = [];
  for (let i = 0; i < familyIds.length; i += 100) {
    await forEachPage<CreditLedgerDoc>(db, 'credit_ledger', { familyId: _.in(familyIds.slice(i, i + 100)), schoolYear }, (docs) => void out.push(...docs), { field: fields });
  }
  return out.filter((e) => e.schoolId === schoolId);
}

/** The latest certificate per holder key (100 keys per query). */
export async function currentCertificates(db: Database, keys: string[]): Promise<Map<string, CertificateDoc>> {
  const _ = db.command;
  const out = new Map<string, CertificateDoc>();
  for (let i = 0; i < keys.length; i += 100) {
    const docs = await findAll<CertificateDoc>(db, CERTIFICATES, { holderKey: _.in(keys.slice(i, i + 100)) });
    for (const d of docs) {
      const cur = out.get(d.holderKey);
      if (!cur || d.rev > cur.rev) out.set(d.holderKey, d);
    }
  }
  return out;
}

/** Every holder of the scope with eligibility, name and current certificate. */
export async function holdersOf(
  db: Database,
  p: { schoolId: string; schoolYear: string; scope: Scope; rule: CertificateRule; thresholds: StarThresholds },
): Promise<Holder[]> {
  const users = await findAll<UserDoc>(db, 'users', scopeWhere(p.schoolId, p.scope), 200_000);
  const links: { user: UserDoc; child: ChildLink }[] = [];
  const guardiansOf = new Map<string, string[]>();
  for (const u of users) {
    for (const c of u.children ?? []) {
      if (!inScope(c, p.schoolId, p.scope)) continue;
      links.push({ user: u, child: c });
      guardiansOf.set(c.childId, [...(guardiansOf.get(c.childId) ?? []), u._id]);
    }
  }
  const familyIds = [...guardiansOf.keys()];
  const keys = links.map((l) => holderKey(p.schoolYear, l.child.childId, l.user._id));
  const [ledger, names, certs] = await Promise.all([
    ledgerOf(db, p.schoolId, p.schoolYear, familyIds, p.scope.kind !== 'class'),
    findByIds<CertificateNameDoc>(db, NAMES, [...new Set(links.map((l) => l.user._id))]),
    currentCertificates(db, keys),
  ]);
  const byFamily = new Map<string, CreditLedgerDoc[]>();
  for (const e of ledger) byFamily.set(e.familyId, [...(byFamily.get(e.familyId) ?? []), e]);
  const nameOf = new Map(names.map((n) => [n._id, n.realName]));
  return links.map(({ user, child }, i) => {
    const mine = entriesOfGuardian(byFamily.get(child.childId) ?? [], user._id, guardiansOf.get(child.childId) ?? []);
    const totals = certificateTotals(mine);
    const starLevel = starLevelFor({ hours: totals.hours, sessions: totals.sessions, collective: totals.collective }, p.thresholds).level;
    return {
      key: keys[i],
      userId: user._id,
      openid: user.openid,
      child,
      totals,
      starLevel,
      eligibility: eligibilityFor(totals, starLevel, p.rule),
      realName: nameOf.get(user._id) ?? null,
      current: certs.get(keys[i]) ?? null,
    };
  });
}
