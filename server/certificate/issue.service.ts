/**
 * Issuing, revoking and reissuing certificates (school admin).
 *
 * A run: (1) reserves each holder it will issue to by creating certificates/{holderKey}_1 as
 * `pending` with its runId — the deterministic id makes issuing idempotent per holder and year
 * (a second run, a retry or a concurrent admin gets a duplicate key and skips the holder); a
 * pending document of a run that died (older than STALE_MS) is taken over by a conditional update;
 * (2) claims one block of numbers for exactly the holders it reserved (numbering.ts); (3) gives
 * each reserved document its number, signed code and fields with a conditional update on
 * (status pending, runId). Numbers are therefore unique, never reused, and consecutive per run.
 * Notices go out after the writes.
 */
import { randomBytes } from 'crypto';
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findById, findByIds, isDuplicateKey, withTransaction, txGet } from '../core/persistence';
import { requireRole, type UserDoc } from '../access/actor';
import { termOf } from '../../types/credit/credit.rules';
import { DEFAULT_THRESHOLDS } from '../../types/credit/credit.rules';
import { loadSettings } from '../credit/credit.service';
import { formatNumber, isExcellent } from '../../types/certificate/certificate.rules';
import type { CertificateDoc, CertificateNameDoc, CertificateRule, CertificateSummary, IssueOutput, Scope } from '../../types/certificate/certificate.schema';
import { CERTIFICATES, NAMES, certificateId, holderKey, holdersOf, type Holder } from './holders';
import { loadRule } from './settings.service';
import { claimBlock, schoolCode } from './numbering';
import { keyring, signCertificate } from './keys';
import { notifyIssued } from './notify';

/** A pending reservation older than this belongs to a run that died (the function timeout is 60 s). */
export const STALE_MS = 90_000;
const PARALLEL = 40;
/**
 * A batch call issues in runs of RUN_SIZE holders (each run: its own consecutive block) and starts
 * no new run once CALL_BUDGET_MS have passed, so a call stays well inside the function timeout
 * however large the school and however busy the database; the client repeats while `remaining`
 * > 0, and a retry after a timeout simply continues (issuing is idempotent).
 */
export const RUN_SIZE = 250;
export const CALL_BUDGET_MS = 20_000;

async function inBatches<T, R>(items: T[], size: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

export function toSummary(c: CertificateDoc): CertificateSummary {
  return {
    id: c._id,
    number: c.number ?? '',
    status: c.status === 'revoked' ? 'revoked' : 'valid',
    issuedAt: c.issuedAt ? new Date(c.issuedAt).toISOString() : '',
    revokedAt: c.revokedAt ? new Date(c.revokedAt).toISOString() : null,
    revokeReason: c.revokeReason ?? null,
    excellent: !!c.excellent,
    override: !!c.override,
  };
}

interface Names {
  schoolName: string;
  classNames: Map<string, string>;
}

async function namesFor(ctx: Ctx, schoolId: string, classIds: string[]): Promise<Names> {
  const [school, classes] = await Promise.all([
    findById<{ name: string }>(ctx.db, 'schools', schoolId),
    findByIds<{ _id: string; name: string; gradeId: string }>(ctx.db, 'classes', classIds),
  ]);
  const grades = await findByIds<{ _id: string; name: string }>(ctx.db, 'grades', classes.map((c) => c.gradeId));
  const gradeName = new Map(grades.map((g) => [g._id, g.name]));
  return { schoolName: school?.name ?? '', classNames: new Map(classes.map((c) => [c._id, `${gradeName.get(c.gradeId) ?? ''}${c.name}`])) };
}

/** Reserve certificates/{key}_1 for this run; false when someone else holds it (issued or reserving). */
async function reserve(ctx: Ctx, h: Holder, schoolYear: string, runId: string): Promise<boolean> {
  const id = certificateId(h.key, 1);
  const doc: CertificateDoc = {
    _id: id,
    holderKey: h.key,
    rev: 1,
    schoolId: h.child.schoolId,
    schoolYear,
    familyId: h.child.childId,
    userId: h.userId,
    classId: h.child.classId,
    gradeId: h.child.gradeId,
    status: 'pending',
    runId,
    claimedAt: ctx.now,
  };
  try {
    await ctx.db.collection(CERTIFICATES).add({ data: doc });
    return true;
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
  // Taken: by a live run, an issued certificate, or a run that died while reserving.
  const cur = await findById<CertificateDoc>(ctx.db, CERTIFICATES, id);
  if (!cur || cur.status !== 'pending' || ctx.now.getTime() - new Date(cur.claimedAt).getTime() < STALE_MS) return false;
  const r = (await ctx.db
    .collection(CERTIFICATES)
    .where({ _id: id, status: 'pending', runId: cur.runId })
    .update({ data: { runId, claimedAt: ctx.now } })) as { stats: { updated: number } };
  return r.stats.updated === 1;
}

interface RunInput {
  schoolId: string;
  schoolYear: string;
  rule: CertificateRule;
  holders: Holder[];
  /** One-by-one issue: the override reason when the rule is not met. */
  override?: { reason: string; by: string } | null;
  issuedBy: string;
}

/** Reserve → claim one block → number, sign and write → notify. */
async function run(ctx: Ctx, p: RunInput, counts: Omit<IssueOutput, 'runId' | 'runs' | 'issued' | 'firstNumber' | 'lastNumber' | 'remaining'>): Promise<IssueOutput> {
  const runId = `${ctx.now.getTime().toString(36)}${randomBytes(5).toString('hex')}`;
  const ring = keyring();
  const won = (await inBatches(p.holders, PARALLEL, async (h) => ((await reserve(ctx, h, p.schoolYear, runId)) ? h : null))).filter((h): h is Holder => !!h);
  counts.alreadyIssued += p.holders.length - won.length;
  if (!won.length) return { runId, runs: [], issued: 0, ...counts, firstNumber: null, lastNumber: null, remaining: 0 };
  const names = await namesFor(ctx, p.schoolId, [...new Set(won.map((h) => h.child.classId))]);
  // A stable order inside the block: by class, then child, then guardian.
  won.sort((a, b) => a.child.classId.localeCompare(b.child.classId) || a.child.childId.localeCompare(b.child.childId) || a.userId.localeCompare(b.userId));
  const first = await claimBlock(ctx.db, p.schoolId, p.schoolYear, won.length, ctx.now);
  const code4 = schoolCode(p.schoolId);
  const numbered = won.map((h, i) => ({ h, seq: first + i }));
  const written = await inBatches(numbered, PARALLEL, async ({ h, seq }) => {
    const id = certificateId(h.key, 1);
    const number = formatNumber(p.schoolYear, code4, seq);
    const fields = {
      seq,
      number,
      holderName: h.realName ?? '',
      schoolName: names.schoolName,
      className: names.classNames.get(h.child.classId) ?? '',
      hours: h.totals.hours,
      sessions: h.totals.sessions,
      starLevel: h.starLevel,
      excellent: isExcellent(h.starLevel, p.rule),
      override: p.override ?? null,
      issuedAt: ctx.now,
      issuedBy: p.issuedBy,
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
      replacedBy: null,
      imageFileId: null,
    };
    const signed = signCertificate(ring, { id, number, schoolId: p.schoolId, schoolYear: p.schoolYear, familyId: h.child.childId, userId: h.userId, holderName: fields.holderName, hours: fields.hours, excellent: fields.excellent, issuedAt: ctx.now });
    const r = (await ctx.db
      .collection(CERTIFICATES)
      .where({ _id: id, status: 'pending', runId })
      .update({ data: { ...fields, code: signed.code, keyId: signed.keyId, status: 'valid' } })) as { stats: { updated: number } };
    if (r.stats.updated !== 1) return null;
    const doc: CertificateDoc = {
      _id: id,
      holderKey: h.key,
      rev: 1,
      schoolId: p.schoolId,
      schoolYear: p.schoolYear,
      familyId: h.child.childId,
      userId: h.userId,
      classId: h.child.classId,
      gradeId: h.child.gradeId,
      status: 'valid',
      runId,
      claimedAt: ctx.now,
      ...fields,
      code: signed.code,
      keyId: signed.keyId,
    };
    return { doc, openid: h.openid };
  });
  const done = written.filter((w): w is { doc: CertificateDoc; openid: string } => !!w);
  await inBatches(done, PARALLEL, (w) => notifyIssued(ctx, w.doc, w.openid, ctx.now));
  const numbers = done.map((w) => w.doc.seq!).sort((a, b) => a - b);
  const fmt = (n: number) => formatNumber(p.schoolYear, code4, n);
  const firstNumber = numbers.length ? fmt(numbers[0]) : null;
  const lastNumber = numbers.length ? fmt(numbers[numbers.length - 1]) : null;
  return { runId, runs: [{ runId, issued: done.length, firstNumber, lastNumber }], issued: done.length, ...counts, firstNumber, lastNumber, remaining: 0 };
}

async function context(ctx: Ctx, schoolId: string, schoolYear: string) {
  const [{ rule }, credit] = await Promise.all([loadRule(ctx.db, schoolId, schoolYear), loadSettings(ctx.db, schoolId, schoolYear)]);
  return { rule, thresholds: credit.thresholds ?? DEFAULT_THRESHOLDS };
}

async function requireScopeOf(ctx: Ctx, schoolId: string, scope: Scope): Promise<void> {
  if (scope.kind === 'school') return;
  const coll = scope.kind === 'class' ? 'classes' : 'grades';
  const doc = await findById<{ schoolId: string }>(ctx.db, coll, scope.kind === 'class' ? scope.classId : scope.gradeId);
  if (!doc) fail(scope.kind === 'class' ? 'CLASS_NOT_FOUND' : 'NOT_FOUND');
  if (doc.schoolId !== schoolId) fail('FORBIDDEN');
}

/** Issue to everyone eligible in a class, grade or the school who has none yet. */
export async function issueBatch(ctx: Ctx, input: { schoolId: string; scope: Scope; schoolYear?: string }): Promise<IssueOutput> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['admin']);
  await requireScopeOf(ctx, input.schoolId, input.scope);
  const schoolYear = input.schoolYear ?? termOf(ctx.now).schoolYear;
  const { rule, thresholds } = await context(ctx, input.schoolId, schoolYear);
  if (!rule.enabled) fail('CERTIFICATE_NOT_ENABLED');
  keyring();
  const holders = await holdersOf(ctx.db, { schoolId: input.schoolId, schoolYear, scope: input.scope, rule, thresholds });
  const counts = { alreadyIssued: 0, notEligible: 0, waitingName: 0 };
  const todo: Holder[] = [];
  for (const h of holders) {
    if (h.current && h.current.status !== 'pending') counts.alreadyIssued++;
    else if (!h.eligibility.eligible) counts.notEligible++;
    else if (!h.realName) counts.waitingName++;
    else todo.push(h);
  }
  const started = Date.now();
  const out: IssueOutput = { runId: '', runs: [], issued: 0, ...counts, firstNumber: null, lastNumber: null, remaining: 0 };
  let done = 0;
  while (done < todo.length && (done === 0 || Date.now() - started < CALL_BUDGET_MS)) {
    const r = await run(ctx, { schoolId: input.schoolId, schoolYear, rule, holders: todo.slice(done, done + RUN_SIZE), issuedBy: actor.userId }, { alreadyIssued: 0, notEligible: 0, waitingName: 0 });
    done += Math.min(RUN_SIZE, todo.length - done);
    out.runs.push(...r.runs);
    out.issued += r.issued;
    out.alreadyIssued += r.alreadyIssued;
    out.runId ||= r.runId;
    out.firstNumber ??= r.firstNumber;
    out.lastNumber = r.lastNumber ?? out.lastNumber;
  }
  return { ...out, remaining: todo.length - done };
}

/** One holder; a reason is required when the holder does not meet the rule (an override, kept on the certificate). */
export async function issueOne(ctx: Ctx, input: { schoolId: string; familyId: string; userId: string; schoolYear?: string; reason?: string }): Promise<IssueOutput> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['admin']);
  const user = await findById<UserDoc>(ctx.db, 'users', input.userId);
  const child = user?.children?.find((c) => c.childId === input.familyId);
  if (!user || !child) fail('NOT_FOUND');
  if (child.schoolId !== input.schoolId) fail('FORBIDDEN');
  const schoolYear = input.schoolYear ?? termOf(ctx.now).schoolYear;
  const { rule, thresholds } = await context(ctx, input.schoolId, schoolYear);
  if (!rule.enabled) fail('CERTIFICATE_NOT_ENABLED');
  keyring();
  const holders = await holdersOf(ctx.db, { schoolId: input.schoolId, schoolYear, scope: { kind: 'class', classId: child.classId }, rule, thresholds });
  const h = holders.find((x) => x.userId === input.userId && x.child.childId === input.familyId);
  if (!h) fail('NOT_FOUND');
  const counts = { alreadyIssued: 0, notEligible: 0, waitingName: 0 };
  if (h.current && h.current.status !== 'pending') return { runId: '', runs: [], issued: 0, ...counts, alreadyIssued: 1, firstNumber: null, lastNumber: null, remaining: 0 };
  if (!h.eligibility.eligible && !input.reason) fail('CERTIFICATE_NOT_ELIGIBLE', { missing: h.eligibility.missing.map((m) => m.text) });
  if (!h.realName) fail('CERTIFICATE_NAME_REQUIRED');
  const override = h.eligibility.eligible ? null : { reason: input.reason!, by: actor.userId };
  return run(ctx, { schoolId: input.schoolId, schoolYear, rule, holders: [h], override, issuedBy: actor.userId }, counts);
}

async function adminCertificate(ctx: Ctx, certificateId: string): Promise<CertificateDoc> {
  const actor = await ctx.actor();
  const cert = await findById<CertificateDoc>(ctx.db, CERTIFICATES, certificateId);
  if (!cert || cert.status === 'pending') fail('CERTIFICATE_NOT_FOUND');
  requireRole(actor, cert.schoolId, ['admin']);
  return cert;
}

/** Revoke with a reason (kept); verification then answers "revoked". Revoking twice is a no-op. */
export async function revoke(ctx: Ctx, input: { certificateId: string; reason: string }): Promise<CertificateSummary> {
  const cert = await adminCertificate(ctx, input.certificateId);
  const actor = await ctx.actor();
  if (cert.status === 'valid') {
    await ctx.db
      .collection(CERTIFICATES)
      .where({ _id: cert._id, status: 'valid' })
      .update({ data: { status: 'revoked', revokedAt: ctx.now, revokedBy: actor.userId, revokeReason: input.reason } });
  }
  return toSummary((await findById<CertificateDoc>(ctx.db, CERTIFICATES, cert._id))!);
}

/** A new certificate (new number, rev + 1) for the same holder; the old one is revoked and points to it. */
export async function reissue(ctx: Ctx, input: { certificateId: string; reason: string }): Promise<CertificateSummary> {
  const old = await adminCertificate(ctx, input.certificateId);
  const actor = await ctx.actor();
  if (old.replacedBy) fail('CONFLICT');
  const ring = keyring();
  const name = await findById<CertificateNameDoc>(ctx.db, NAMES, old.userId);
  const holderName = name?.realName ?? old.holderName ?? '';
  const seq = await claimBlock(ctx.db, old.schoolId, old.schoolYear, 1, ctx.now);
  const number = formatNumber(old.schoolYear, schoolCode(old.schoolId), seq);
  const id = certificateId(old.holderKey, old.rev + 1);
  const signed = signCertificate(ring, { id, number, schoolId: old.schoolId, schoolYear: old.schoolYear, familyId: old.familyId, userId: old.userId, holderName, hours: old.hours ?? 0, excellent: !!old.excellent, issuedAt: ctx.now });
  const doc: CertificateDoc = {
    ...old,
    _id: id,
    rev: old.rev + 1,
    runId: `reissue-${old._id}`,
    claimedAt: ctx.now,
    status: 'valid',
    seq,
    number,
    code: signed.code,
    keyId: signed.keyId,
    holderName,
    issuedAt: ctx.now,
    issuedBy: actor.userId,
    override: old.override ?? null,
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    replacedBy: null,
    imageFileId: null,
  };
  const { _id: _ignored, ...data } = doc;
  await withTransaction(ctx.db, async (t) => {
    const cur = await txGet<CertificateDoc>(t, CERTIFICATES, old._id);
    if (!cur || cur.replacedBy) fail('CONFLICT');
    await t.collection(CERTIFICATES).doc(old._id).update({
      data: cur.status === 'valid'
        ? { status: 'revoked', revokedAt: ctx.now, revokedBy: actor.userId, revokeReason: `补发：${input.reason}`, replacedBy: id }
        : { replacedBy: id },
    });
    await t.collection(CERTIFICATES).doc(id).set({ data });
  });
  const openid = (await findById<UserDoc>(ctx.db, 'users', old.userId))?.openid ?? '';
  await notifyIssued(ctx, doc, openid, ctx.now);
  return toSummary(doc);
}

export { holderKey };
