/**
 * Subscribe messages (课程提醒、报名结果…). Call requestSubscribe() SYNCHRONOUSLY inside the tap
 * handler, before any await: WeChat only shows the dialog in direct response to a tap.
 *   weapp: Taro.requestSubscribeMessage
 *   H5 (dev): POST <local cloud>/dev/subscribe { templateIds } records the acceptance so that the
 *   functions' subscribe messages reach the local cloud's outbox.
 */
import Taro from '@tarojs/taro';
import { call } from './cloud';
import { cloudBaseUrl } from './cloud-url';
import { getToken } from './session-store';

export type SubscribeDecision = 'accept' | 'reject' | 'ban' | 'filter';
export type SubscribeResult = Record<string, SubscribeDecision>;

/**
 * The server counts acceptances per user × template (+1 per accept, −1 per send) and sends only
 * on one: report what the user allowed. Failing to report only means no message, never an error.
 */
function reportAccepted(result: SubscribeResult): SubscribeResult {
  const accepted = Object.keys(result).filter((id) => result[id] === 'accept');
  if (accepted.length) void call('notice', 'reportSubscribe', { templateIds: accepted.slice(0, 5) }).catch(() => undefined);
  return result;
}

export function requestSubscribe(templateIds: string[]): Promise<SubscribeResult> {
  return askSubscribe(templateIds).then(reportAccepted);
}

function askSubscribe(templateIds: string[]): Promise<SubscribeResult> {
  if (templateIds.length === 0) return Promise.resolve({});
  if (process.env.TARO_ENV === 'weapp') {
    return new Promise<SubscribeResult>((resolve) => {
      Taro.requestSubscribeMessage({
        tmplIds: templateIds,
        entityIds: [],
        success: (res) => {
          const out: SubscribeResult = {};
          for (const id of templateIds) out[id] = ((res as unknown as Record<string, string>)[id] as SubscribeDecision) || 'reject';
          resolve(out);
        },
        // Declining or an unsupported base library is not an error for the caller: nothing is accepted.
        fail: () => resolve(Object.fromEntries(templateIds.map((id) => [id, 'reject' as SubscribeDecision]))),
      } as Parameters<typeof Taro.requestSubscribeMessage>[0]);
    });
  }
  const token = getToken();
  return fetch(`${cloudBaseUrl()}/dev/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ templateIds }),
  })
    // The dev front door answers { accepted: { <templateId>: <acceptances left> } } — every asked id is accepted.
    .then((res) => Object.fromEntries(templateIds.map((id) => [id, (res.ok ? 'accept' : 'reject') as SubscribeDecision])))
    .catch(() => Object.fromEntries(templateIds.map((id) => [id, 'reject' as SubscribeDecision])));
}
