/**
 * H5 only: where the local cloud is. Order: `?cloud=<url|same-origin>` in the address (remembered),
 * then the remembered choice, then the build-time constant LOCAL_CLOUD_URL (TARO_APP_CLOUD_URL,
 * default http://127.0.0.1:8787). 'same-origin' means the server that served the page.
 */
import Taro from '@tarojs/taro';

const STORAGE_KEY = 'ps.cloudUrl';
const FALLBACK = 'http://127.0.0.1:8787';

function buildTimeDefault(): string {
  return typeof LOCAL_CLOUD_URL === 'string' && LOCAL_CLOUD_URL ? LOCAL_CLOUD_URL : FALLBACK;
}

function fromAddress(): string | null {
  if (typeof window === 'undefined' || !window.location) return null;
  const { search, hash } = window.location;
  const fromSearch = new URLSearchParams(search).get('cloud');
  if (fromSearch) return fromSearch;
  const q = hash.indexOf('?');
  return q >= 0 ? new URLSearchParams(hash.slice(q + 1)).get('cloud') : null;
}

function resolve(value: string): string {
  if (value === 'same-origin' && typeof window !== 'undefined') return window.location.origin;
  return value.replace(/\/+$/, '');
}

export function cloudBaseUrl(): string {
  const explicit = fromAddress();
  if (explicit) {
    try {
      Taro.setStorageSync(STORAGE_KEY, explicit);
    } catch {
      /* storage unavailable: use it for this page only */
    }
    return resolve(explicit);
  }
  let remembered = '';
  try {
    remembered = Taro.getStorageSync(STORAGE_KEY) || '';
  } catch {
    remembered = '';
  }
  return resolve(remembered || buildTimeDefault());
}
