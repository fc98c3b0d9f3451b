/**
 * Typed calls of the `certificate` function (结业证书) and the client side of saving the image:
 * weapp → the album (with the permission prompt handled), H5 → a download.
 */
import Taro from '@tarojs/taro';
import { call, callPublic, type InputOf } from './cloud';
import { displayCode, ruleSummary } from '@shared/certificate/certificate.rules';
import type { Scope } from '@shared/certificate/certificate.schema';

export const getCertificateRule = (schoolId: string) => call('certificate', 'getRule', { schoolId });
export const saveCertificateRule = (input: InputOf<'certificate', 'saveRule'>) => call('certificate', 'saveRule', input);
export const certificateEligibility = (schoolId: string, classId: string) => call('certificate', 'eligibility', { schoolId, classId });
export const issueCertificates = (schoolId: string, scope: Scope) => call('certificate', 'issueBatch', { schoolId, scope });
export const issueCertificate = (input: InputOf<'certificate', 'issueOne'>) => call('certificate', 'issueOne', input);
export const revokeCertificate = (certificateId: string, reason: string) => call('certificate', 'revoke', { certificateId, reason });
export const reissueCertificate = (certificateId: string, reason: string) => call('certificate', 'reissue', { certificateId, reason });
export const confirmCertificateName = (realName: string) => call('certificate', 'confirmName', { realName, purpose: 'cert-name-v1' });
export const myCertificates = () => call('certificate', 'mine', {});
export const certificateImage = (certificateId: string) => call('certificate', 'image', { certificateId });
/** Public: works without signing in. */
export const verifyCertificate = (input: InputOf<'certificate', 'verify'>) => callPublic('certificate', 'verify', input);

export { displayCode, ruleSummary };

export type SaveResult = 'saved' | 'downloaded' | 'denied' | 'failed';

function isAuthDenied(e: unknown): boolean {
  const msg = String((e as { errMsg?: string })?.errMsg ?? e);
  return /auth den|authorize|auth deny|no permission|permission/i.test(msg);
}

/** weapp: save to the album; when the user once refused, explain and open the settings page. */
async function saveWeapp(url: string): Promise<SaveResult> {
  let filePath: string;
  try {
    const d = await Taro.downloadFile({ url });
    filePath = d.tempFilePath;
  } catch {
    return 'failed';
  }
  try {
    await Taro.saveImageToPhotosAlbum({ filePath });
    return 'saved';
  } catch (e) {
    if (!isAuthDenied(e)) return 'failed';
    const r = await Taro.showModal({ title: '需要相册权限', content: '保存证书需要允许“添加到相册”。请在设置中打开“保存到相册”后再试。', confirmText: '去设置', cancelText: '暂不' });
    if (!r.confirm) return 'denied';
    const s = await Taro.openSetting();
    if (!s.authSetting['scope.writePhotosAlbum']) return 'denied';
    try {
      await Taro.saveImageToPhotosAlbum({ filePath });
      return 'saved';
    } catch {
      return 'failed';
    }
  }
}

/** H5: download the PNG under a readable name. */
async function downloadH5(url: string, fileName: string): Promise<SaveResult> {
  try {
    const blob = await (await fetch(url)).blob();
    const href = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
    return 'downloaded';
  } catch {
    return 'failed';
  }
}

export function saveCertificateImage(url: string, number: string): Promise<SaveResult> {
  return process.env.TARO_ENV === 'weapp' ? saveWeapp(url) : downloadH5(url, `结业证书-${number}.png`);
}

export const SAVE_MESSAGES: Record<SaveResult, string> = {
  saved: '已保存到相册',
  downloaded: '证书图片已下载',
  denied: '未获得相册权限，证书未保存',
  failed: '保存失败，请稍后重试',
};
