/**
 * The certificate rule and face of a school year: certificate_settings/{schoolId}_{schoolYear},
 * beside the credit settings (star thresholds) of the same year. A new school year starts with the
 * latest earlier year's rule (copied on first read, like the credit settings).
 */
import type { Ctx } from '../core/handler';
import type { Database } from '../core/cloud';
import { fail } from '../core/errors';
import { findById } from '../core/persistence';
import { membershipIn, requireRole } from '../access/actor';
import { schoolYearOf, termOf } from '../../types/credit/credit.rules';
import { isSealFileIdOf } from '../../types/certificate/certificate.rules';
import { DEFAULT_CERTIFICATE_RULE, type CertificateRule, type CertificateSettingsDoc, type RuleOutput } from '../../types/certificate/certificate.schema';

export const SETTINGS = 'certificate_settings';

export function settingsId(schoolId: string, schoolYear: string): string {
  return `${schoolId}_${schoolYear}`;
}

export async function settingsDoc(db: Database, schoolId: string, schoolYear: string, now = new Date()): Promise<CertificateSettingsDoc | null> {
  const id = settingsId(schoolId, schoolYear);
  const doc = await findById<CertificateSettingsDoc>(db, SETTINGS, id);
  if (doc) return doc;
  // Only the current and the next school year are written on a read (as the credit settings):
  // a read naming any other year sees the carried-over rule without creating a document.
  const writable = schoolYear === schoolYearOf(now) || schoolYear === schoolYearOf(new Date(now.getTime() + 366 * 86400_000));
  const _ = db.command;
  const prev = (await db.collection<CertificateSettingsDoc>(SETTINGS).where({ schoolId, schoolYear: _.lt(schoolYear) }).orderBy('schoolYear', 'desc').limit(1).get()).data[0];
  if (!prev) return null;
  const copy: CertificateSettingsDoc = { _id: id, schoolId, schoolYear, rule: prev.rule, copiedFrom: prev.schoolYear, updatedAt: now, updatedBy: 'system' };
  if (!writable) return copy;
  try {
    await db.collection(SETTINGS).add({ data: copy });
    return copy;
  } catch (e) {
    // Copied (or saved) concurrently: that document wins.
    const again = await findById<CertificateSettingsDoc>(db, SETTINGS, id);
    if (!again) throw e;
    return again;
  }
}

export async function loadRule(db: Database, schoolId: string, schoolYear: string): Promise<{ rule: CertificateRule; doc: CertificateSettingsDoc | null }> {
  const doc = await settingsDoc(db, schoolId, schoolYear);
  return { rule: { ...DEFAULT_CERTIFICATE_RULE, ...(doc?.rule ?? {}) }, doc };
}

async function sealUrl(ctx: Ctx, fileId: string | null): Promise<string | null> {
  if (!fileId) return null;
  try {
    const r = (await ctx.cloud.getTempFileURL({ fileList: [fileId] })) as { fileList?: { tempFileURL?: string; status?: number }[] };
    const f = r.fileList?.[0];
    return f?.tempFileURL && !f.status ? f.tempFileURL : null;
  } catch {
    return null;
  }
}

async function output(ctx: Ctx, schoolId: string, schoolYear: string): Promise<RuleOutput> {
  const { rule, doc } = await loadRule(ctx.db, schoolId, schoolYear);
  return { schoolId, schoolYear, rule, isDefault: !doc, copiedFrom: doc?.copiedFrom ?? null, sealUrl: await sealUrl(ctx, rule.sealFileId) };
}

/** Staff of the school (parents read the rule through `mine`). */
export async function getRule(ctx: Ctx, input: { schoolId: string; schoolYear?: string }): Promise<RuleOutput> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['teacher', 'admin']);
  return output(ctx, input.schoolId, input.schoolYear ?? termOf(ctx.now).schoolYear);
}

export async function saveRule(ctx: Ctx, input: { schoolId: string; schoolYear?: string; rule: CertificateRule }): Promise<RuleOutput> {
  const actor = await ctx.actor();
  requireRole(actor, input.schoolId, ['admin']);
  if (!membershipIn(actor, input.schoolId)) fail('FORBIDDEN');
  const schoolYear = input.schoolYear ?? termOf(ctx.now).schoolYear;
  if (input.rule.sealFileId && !isSealFileIdOf(input.rule.sealFileId, ctx.cloud.getWXContext().ENV ?? '', input.schoolId)) {
    fail('VALIDATION_FAILED', [{ path: 'rule.sealFileId', message: '公章图片无效，请重新选择上传' }]);
  }
  const data: Omit<CertificateSettingsDoc, '_id'> = { schoolId: input.schoolId, schoolYear, rule: input.rule, updatedAt: ctx.now, updatedBy: actor.userId };
  await ctx.db.collection(SETTINGS).doc(settingsId(input.schoolId, schoolYear)).set({ data });
  return output(ctx, input.schoolId, schoolYear);
}
