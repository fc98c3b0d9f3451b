/**
 * Typed calls of the `notice` function and small view helpers for the notice pages, plus the
 * unread badge on the 首页 tab (Taro.setTabBarBadge).
 */
import { call, type InputOf } from './cloud';
import { requestSubscribe } from './subscribe';
import { uploadFile } from './upload';
import { shanghai } from '@shared/common/time';
import { noticeCloudPath } from '@shared/notice/notice.rules';
import type { InboxItemDto, NoticeDetailOutput, NoticeStatsOutput, SentNoticeDto } from '@shared/notice/notice.schema';

export type { InboxItemDto, NoticeDetailOutput, NoticeStatsOutput, SentNoticeDto };

/** The subscribe-message template of school notices (as configured in the console). */
export const NOTICE_TEMPLATE_ID = 'tpl-notice-school';

export const composeOptions = (schoolId: string) => call('notice', 'composeOptions', { schoolId });
export const sendNotice = (input: InputOf<'notice', 'send'>) => call('notice', 'send', input);
export const withdrawNotice = (noticeId: string) => call('notice', 'withdraw', { noticeId });
export const listSent = (schoolId: string, before?: string) => call('notice', 'listSent', before ? { schoolId, before } : { schoolId });
export const noticeStats = (noticeId: string) => call('notice', 'stats', { noticeId });
export const remindUnread = (noticeId: string) => call('notice', 'remind', { noticeId });
export const inbox = (childId?: string, before?: string) => call('notice', 'inbox', { ...(childId ? { childId } : {}), ...(before ? { before } : {}) });
export const noticeDetail = (noticeId: string) => call('notice', 'detail', { noticeId });
export const replyNotice = (noticeId: string, choice: string, comment?: string) => call('notice', 'reply', { noticeId, choice, ...(comment ? { comment } : {}) });
export const markAllRead = () => call('notice', 'markAllRead', {});

export { refreshUnreadBadge, showUnreadBadge, unreadCount } from './notice-badge';

/**
 * Asks the user to allow the notice template (call synchronously in the tap handler); the
 * acceptance is reported to the server by requestSubscribe itself.
 */
export function allowNoticeMessages(): Promise<unknown> {
  return requestSubscribe([NOTICE_TEMPLATE_ID]);
}

/** Uploads a picked file under the school's notice folder; resolves with its cloud:// fileID. */
export function uploadNoticeFile(schoolId: string, localPath: string, nameHint?: string): Promise<string> {
  const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  return uploadFile(noticeCloudPath(schoolId, nameHint || localPath, nonce), localPath);
}

/** 今天 09:30 / 昨天 18:00 / 11月28日 08:00 */
export function whenText(isoTime: string, now = new Date()): string {
  const d = shanghai(isoTime);
  const today = shanghai(now).format('YYYY-MM-DD');
  const yesterday = shanghai(now).subtract(1, 'day').format('YYYY-MM-DD');
  const day = d.format('YYYY-MM-DD');
  if (day === today) return `今天 ${d.format('HH:mm')}`;
  if (day === yesterday) return `昨天 ${d.format('HH:mm')}`;
  return d.year() === shanghai(now).year() ? d.format('M月D日 HH:mm') : d.format('YYYY年M月D日');
}

export function statusLabel(n: SentNoticeDto): string {
  if (n.status === 'withdrawn') return '已撤回';
  if (n.status === 'scheduled') return `定时 ${whenText(n.sendAt)} 发送`;
  if (!n.progress.done) return `发送中 ${n.progress.delivered}/${n.progress.expected}`;
  return '已发送';
}

export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)}MB` : `${Math.max(1, Math.round(bytes / 1024))}KB`;
}
