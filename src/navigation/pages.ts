/**
 * Where things are. Tab pages are fixed; domain pages live in subpackages that their engineers fill
 * (src/packages/<domain>/subpackage.ts). A link to a page that is not built yet is simply not shown.
 */
import school from '@/packages/school/subpackage';
import course from '@/packages/course/subpackage';
import credit from '@/packages/credit/subpackage';
import reception from '@/packages/reception/subpackage';
import certificate from '@/packages/certificate/subpackage';
import notice from '@/packages/notice/subpackage';
import contact from '@/packages/contact/subpackage';
import auth from '@/packages/auth/subpackage';

export const TABS = {
  home: '/pages/home/index',
  courses: '/pages/courses/index',
  credits: '/pages/credits/index',
  me: '/pages/me/index',
} as const;

export const DEV_SIGN_IN = '/pages/dev-login/index';
/** H5: the desktop admin console's sign-in by scanning a mini-program code. */
export const CONSOLE_SIGN_IN = '/pages/console-login/index';

const PACKAGES = { school, course, credit, reception, certificate, notice, auth, contact } as const;
export type Domain = keyof typeof PACKAGES;

/** '/packages/<domain>/pages/<name>/index' when that page is registered, else null. */
export function domainPage(domain: Domain, name: string): string | null {
  const pkg = PACKAGES[domain];
  const page = `pages/${name}/index`;
  return pkg.pages.includes(page) ? `/${pkg.root}/${page}` : null;
}

/** The first registered page among `names` (lets a link follow a page that may be named either way). */
export function firstPage(domain: Domain, ...names: string[]): string | null {
  for (const n of names) {
    const url = domainPage(domain, n);
    if (url) return url;
  }
  return null;
}

export function withQuery(url: string, query: Record<string, string | number | undefined>): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return q ? `${url}?${q}` : url;
}
