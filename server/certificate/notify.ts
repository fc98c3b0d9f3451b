/**
 * Telling a parent their certificate was issued: one in-app notice (collection `notices`, the
 * shape server/course writes today) and a subscribe message where the parent accepted one. Kept in
 * this one function so that it can move to the notices domain later. Runs after the certificate is
 * written; a failed notice never fails the issue.
 */
import type { Cloud, Database } from '../core/cloud';
import { shanghai } from '../../types/common/time';
import type { CertificateDoc } from '../../types/certificate/certificate.schema';

export const CERTIFICATE_TEMPLATES = {
  /** 证书发放通知: 证书名称 thing1, 发证单位 thing2, 发放时间 time3 */
  issued: process.env.CERT_TPL_ISSUED || 'tpl-certificate-issued',
} as const;

const cut = (s: string, n: number) => ([...s].length <= n ? s : `${[...s].slice(0, n - 1).join('')}…`);

export const CERTIFICATE_PAGE = 'packages/certificate/pages/mine/index';

export async function notifyIssued(deps: { db: Database; cloud: Cloud }, cert: CertificateDoc, openid: string, now: Date): Promise<{ notice: boolean; message: boolean }> {
  const out = { notice: false, message: false };
  const title = `${cert.schoolYear}学年家长学校结业证书`;
  try {
    await deps.db.collection('notices').add({
      data: {
        userId: cert.userId,
        schoolId: cert.schoolId,
        kind: 'certificate.issued',
        title: '您的结业证书已发放',
        body: `恭喜您完成${cert.schoolName ?? ''}${title.replace('结业证书', '')}的学习，结业证书（编号 ${cert.number}）已发放，可在“结业证书”页查看并保存。`,
        link: `/${CERTIFICATE_PAGE}`,
        certificateId: cert._id,
        read: false,
        createdAt: now,
      },
    });
    out.notice = true;
  } catch (e) {
    console.error(`[certificate] notice failed for ${cert._id}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300));
  }
  if (!openid) return out;
  try {
    await deps.cloud.openapi.subscribeMessage.send({
      touser: openid,
      templateId: CERTIFICATE_TEMPLATES.issued,
      page: CERTIFICATE_PAGE,
      data: { thing1: { value: '家长学校结业证书' }, thing2: { value: cut(cert.schoolName ?? '学校', 20) }, time3: { value: shanghai(now).format('YYYY年M月D日 HH:mm') } },
      miniprogramState: 'formal',
    } as never);
    out.message = true;
  } catch (e) {
    const code = (e as { errCode?: number })?.errCode;
    if (code !== 43101) console.error(`[certificate] subscribe message failed (${String(code)}) for ${cert._id}`);
  }
  return out;
}
