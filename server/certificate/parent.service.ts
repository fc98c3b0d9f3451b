/**
 * The parent's side: confirming the real name once (with the purpose stated), their certificates
 * and progress per child, and the certificate image.
 */
import type { Ctx } from '../core/handler';
import { fail } from '../core/errors';
import { findById } from '../core/persistence';
import { requireRole } from '../access/actor';
import { termOf, DEFAULT_THRESHOLDS } from '../../types/credit/credit.rules';
import { loadSettings } from '../credit/credit.service';
import { sceneFor } from '../../types/certificate/certificate.rules';
import {
  CERTIFICATE_NAME_PURPOSE,
  type CertificateDoc,
  type CertificateNameDoc,
  type ImageOutput,
  type MineOutput,
  type MyCertificateItem,
} from '../../types/certificate/certificate.schema';
import { CERTIFICATES, NAMES, holdersOf } from './holders';
import { loadRule } from './settings.service';
import { toSummary } from './issue.service';
import { NAME_MISSING } from './eligibility.service';
import { renderCertificate } from './render';

export async function confirmName(ctx: Ctx, input: { realName: string; purpose: string }): Promise<{ realName: string }> {
  const actor = await ctx.actor();
  if (!actor.user) fail('UNAUTHENTICATED');
  if (!actor.children.length) fail('FORBIDDEN', { reason: 'no_child' });
  const data: Omit<CertificateNameDoc, '_id'> = { realName: input.realName, purpose: input.purpose, confirmedAt: ctx.now };
  await ctx.db.collection(NAMES).doc(actor.userId).set({ data });
  return { realName: input.realName };
}

export async function mine(ctx: Ctx, input: { schoolYear?: string }): Promise<MineOutput> {
  const actor = await ctx.actor();
  const schoolYear = input.schoolYear ?? termOf(ctx.now).schoolYear;
  const name = await findById<CertificateNameDoc>(ctx.db, NAMES, actor.userId);
  const items: MyCertificateItem[] = [];
  for (const child of actor.children) {
    const [{ rule }, credit, school] = await Promise.all([
      loadRule(ctx.db, child.schoolId, schoolYear),
      loadSettings(ctx.db, child.schoolId, schoolYear),
      findById<{ name: string }>(ctx.db, 'schools', child.schoolId),
    ]);
    const holders = await holdersOf(ctx.db, { schoolId: child.schoolId, schoolYear, scope: { kind: 'class', classId: child.classId }, rule, thresholds: credit.thresholds ?? DEFAULT_THRESHOLDS });
    const me = holders.find((h) => h.userId === actor.userId && h.child.childId === child.childId);
    if (!me) continue;
    const cert = me.current && me.current.status !== 'pending' ? me.current : null;
    const cls = await findById<{ name: string; gradeId: string }>(ctx.db, 'classes', child.classId);
    const grade = cls ? await findById<{ name: string }>(ctx.db, 'grades', cls.gradeId) : null;
    items.push({
      familyId: child.childId,
      childName: child.childName,
      schoolId: child.schoolId,
      schoolName: school?.name ?? '',
      className: `${grade?.name ?? ''}${cls?.name ?? ''}`,
      schoolYear,
      enabled: rule.enabled,
      totals: me.totals,
      starLevel: me.starLevel,
      eligible: me.eligibility.eligible,
      missing: me.realName ? me.eligibility.missing : [...me.eligibility.missing, { ...NAME_MISSING, text: '请先确认证书上的真实姓名' }],
      certificate: cert
        ? { ...toSummary(cert), holderName: cert.holderName ?? '', hours: cert.hours ?? 0, code: cert.code ?? '', scene: sceneFor(cert.number ?? '', cert.code ?? '') }
        : null,
    });
  }
  return { schoolYear, realName: name?.realName ?? null, purpose: CERTIFICATE_NAME_PURPOSE, items };
}

export const VERIFY_PAGE = 'packages/certificate/pages/verify/index';

async function qrFor(ctx: Ctx, scene: string): Promise<Buffer> {
  const r = (await ctx.cloud.openapi.wxacode.getUnlimited({ scene, page: VERIFY_PAGE, checkPath: false, width: 430 } as never)) as { buffer?: Buffer | Uint8Array };
  if (!r?.buffer) throw new Error('wxacode.getUnlimited returned no image');
  return Buffer.from(r.buffer);
}

async function sealBytes(ctx: Ctx, fileId: string | null): Promise<Buffer | null> {
  if (!fileId) return null;
  try {
    const r = (await ctx.cloud.downloadFile({ fileID: fileId })) as { fileContent?: Buffer };
    return r.fileContent ? Buffer.from(r.fileContent) : null;
  } catch {
    return null; // a drawn seal rather than no certificate
  }
}

async function tempUrl(ctx: Ctx, fileId: string): Promise<string> {
  const r = (await ctx.cloud.getTempFileURL({ fileList: [fileId] })) as { fileList?: { tempFileURL?: string; status?: number }[] };
  const f = r.fileList?.[0];
  if (!f?.tempFileURL || f.status) throw new Error('no temp url');
  return f.tempFileURL;
}

/** Renders (once per certificate) and stores the PNG under certificates/<schoolId>/, then a temp URL. */
export async function image(ctx: Ctx, input: { certificateId: string }): Promise<ImageOutput> {
  const actor = await ctx.actor();
  const cert = await findById<CertificateDoc>(ctx.db, CERTIFICATES, input.certificateId);
  if (!cert || cert.status === 'pending') fail('CERTIFICATE_NOT_FOUND');
  if (cert.userId !== actor.userId) requireRole(actor, cert.schoolId, ['teacher', 'admin']);
  if (cert.status === 'revoked') fail('CERTIFICATE_REVOKED');
  if (cert.imageFileId) return { certificateId: cert._id, fileId: cert.imageFileId, url: await tempUrl(ctx, cert.imageFileId) };
  const { rule } = await loadRule(ctx.db, cert.schoolId, cert.schoolYear);
  const [qr, seal] = await Promise.all([qrFor(ctx, sceneFor(cert.number!, cert.code!)), sealBytes(ctx, rule.sealFileId)]);
  const { png } = await renderCertificate({
    holderName: cert.holderName ?? '',
    schoolName: cert.schoolName ?? '',
    className: cert.className ?? '',
    schoolYear: cert.schoolYear,
    hours: cert.hours ?? 0,
    sessions: cert.sessions ?? 0,
    excellent: !!cert.excellent,
    number: cert.number!,
    code: cert.code!,
    issuedAt: new Date(cert.issuedAt!),
    principalName: rule.principalName,
    seal,
    qr,
  });
  const up = (await ctx.cloud.uploadFile({ cloudPath: `certificates/${cert.schoolId}/${cert._id}.png`, fileContent: png })) as { fileID: string };
  await ctx.db.collection(CERTIFICATES).where({ _id: cert._id, status: 'valid' }).update({ data: { imageFileId: up.fileID } });
  return { certificateId: cert._id, fileId: up.fileID, url: await tempUrl(ctx, up.fileID) };
}

