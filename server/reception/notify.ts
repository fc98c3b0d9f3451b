/**
 * Telling one person about their booking or case: an in-app notice (collection `notices`, as the
 * course domain does) and, where the user accepted one, a WeChat subscribe message. The ONE place
 * the reception domain notifies: when the notices domain lands, only this function changes.
 * Runs after the write it reports on; a failed send never fails the action.
 */
import type { Cloud, Database } from '../core/cloud';

export const RECEPTION_TEMPLATES = {
  /** 预约提醒: 预约事项 thing1, 预约时间 time2, 地点 thing3, 备注 thing4 */
  reminder: process.env.RECEPTION_TPL_REMINDER || 'tpl-reception-reminder',
  /** 办理结果通知: 事项 thing1, 处理状态 phrase2, 备注 thing3 */
  caseUpdate: process.env.RECEPTION_TPL_CASE || 'tpl-reception-case',
} as const;

export interface NoticeRecipient {
  userId: string;
  openid?: string | null;
}

export interface ReceptionNotice {
  schoolId: string;
  kind: string;
  title: string;
  body: string;
  /** App path without the leading slash, e.g. packages/reception/pages/booking/index?id=… */
  page: string;
  templateId?: string;
  data?: Record<string, { value: string }>;
  ref?: string;
}

export const cut = (s: string, n: number) => ([...s].length <= n ? s : `${[...s].slice(0, n - 1).join('')}…`);

export async function notifyUser(deps: { db: Database; cloud: Cloud }, to: NoticeRecipient, n: ReceptionNotice, now: Date = new Date()): Promise<{ notice: boolean; message: boolean }> {
  const out = { notice: false, message: false };
  if (!to.userId) return out;
  try {
    await deps.db.collection('notices').add({
      data: { userId: to.userId, schoolId: n.schoolId, kind: n.kind, title: n.title, body: n.body, link: `/${n.page}`, ref: n.ref ?? null, read: false, createdAt: now },
    });
    out.notice = true;
  } catch (e) {
    console.error(`[reception] notice failed (${n.kind}): ${e instanceof Error ? e.message : String(e)}`.slice(0, 300));
  }
  if (!to.openid || !n.templateId) return out;
  try {
    await deps.cloud.openapi.subscribeMessage.send({ touser: to.openid, templateId: n.templateId, page: n.page, data: n.data ?? {}, miniprogramState: 'formal' } as never);
    out.message = true;
  } catch (e) {
    // 43101: no acceptance left for this template — the in-app notice is enough.
    const code = (e as { errCode?: number })?.errCode;
    if (code !== 43101) console.error(`[reception] subscribe message failed (${String(code)}) for ${n.kind}`);
  }
  return out;
}
