/**
 * The ONE place the app writes to cloud storage (as services/cloud.ts is for functions).
 *   weapp: Taro.cloud.uploadFile({ cloudPath, filePath }) → fileID
 *   H5:    POST <local cloud>/dev/upload?cloudPath=… with the dev token and the file's bytes (the
 *          path Taro.chooseImage gives on H5 is a blob: URL) → the same cloud:// fileID
 * Throws CloudError('NETWORK_ERROR' | 'UNAUTHENTICATED') on failure.
 */
import Taro from '@tarojs/taro';
import { CloudError } from './cloud';
import { cloudBaseUrl } from './cloud-url';
import { getToken, handleUnauthenticated } from './session-store';

/** WeChat compresses picked images; anything above this is refused before uploading. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

async function uploadH5(cloudPath: string, filePath: string): Promise<string> {
  const token = getToken();
  if (!token) {
    handleUnauthenticated();
    throw new CloudError('UNAUTHENTICATED');
  }
  let res: Response;
  try {
    const blob = await (await fetch(filePath)).blob();
    res = await fetch(`${cloudBaseUrl()}/dev/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: { 'content-type': blob.type || 'application/octet-stream', authorization: `Bearer ${token}` },
      body: blob,
    });
  } catch {
    throw new CloudError('NETWORK_ERROR');
  }
  if (res.status === 401) {
    handleUnauthenticated();
    throw new CloudError('UNAUTHENTICATED');
  }
  const body = (await res.json().catch(() => null)) as { fileID?: string } | null;
  if (!res.ok || !body?.fileID) throw new CloudError('NETWORK_ERROR');
  return body.fileID;
}

async function uploadWeapp(cloudPath: string, filePath: string): Promise<string> {
  try {
    const r = await Taro.cloud.uploadFile({ cloudPath, filePath });
    if (!r.fileID) throw new Error('no fileID');
    return r.fileID;
  } catch {
    throw new CloudError('NETWORK_ERROR');
  }
}

/** Uploads the local file at `filePath` to `cloudPath`; resolves with its cloud:// fileID. */
export function uploadFile(cloudPath: string, filePath: string): Promise<string> {
  return process.env.TARO_ENV === 'weapp' ? uploadWeapp(cloudPath, filePath) : uploadH5(cloudPath, filePath);
}

/** Lets the user pick one image (album or camera, compressed); null when they cancel. */
export async function chooseOneImage(): Promise<{ path: string; size: number } | null> {
  try {
    const r = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    const f = r.tempFiles?.[0];
    const path = f?.path ?? r.tempFilePaths?.[0];
    return path ? { path, size: f?.size ?? 0 } : null;
  } catch {
    return null; // cancelled
  }
}
