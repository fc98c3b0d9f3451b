/**
 * 长辈模式 (elder mode): larger text and touch targets, more contrast and a simpler 首页, for the
 * grandparents who are often the guardians who come to school. A device setting (Taro storage):
 * on once the user switches it on in 我的; until then it follows the phone — WeChat's
 * fontSizeSetting (the system font size) at or above LARGE_FONT_PX turns it on.
 * H5: the class `ps-elder` on <html> styles every page; weapp: pages put elderClass() on their root.
 */
import Taro from '@tarojs/taro';

const STORAGE_KEY = 'ps.elderMode';
/** WeChat's default fontSizeSetting is 16–17 px; the larger system sizes start here. */
export const LARGE_FONT_PX = 20;
export const ELDER_CLASS = 'ps-elder';

let on: boolean | null = null;
const listeners = new Set<() => void>();

/** What the phone asks for when the user has not chosen: weapp's system font size. */
export function followsPhone(fontSizeSetting: number | undefined): boolean {
  return typeof fontSizeSetting === 'number' && fontSizeSetting >= LARGE_FONT_PX;
}

function phoneFontSize(): number | undefined {
  if (process.env.TARO_ENV !== 'weapp') return undefined;
  try {
    return (Taro.getSystemInfoSync() as { fontSizeSetting?: number }).fontSizeSetting;
  } catch {
    return undefined;
  }
}

function load(): boolean {
  try {
    const saved = Taro.getStorageSync(STORAGE_KEY);
    if (saved === true || saved === false) return saved;
  } catch {
    /* no storage */
  }
  return followsPhone(phoneFontSize());
}

function apply(value: boolean): void {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.documentElement.classList.toggle(ELDER_CLASS, value);
}

export function isElderMode(): boolean {
  if (on === null) {
    on = load();
    apply(on);
  }
  return on;
}

export function setElderMode(value: boolean): void {
  on = value;
  try {
    Taro.setStorageSync(STORAGE_KEY, value);
  } catch {
    /* the switch still applies for this session */
  }
  apply(value);
  listeners.forEach((l) => l());
}

export function subscribeElderMode(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** ' ps-elder' while elder mode is on (for a page root's className), else ''. */
export function elderClass(): string {
  return isElderMode() ? ` ${ELDER_CLASS}` : '';
}
