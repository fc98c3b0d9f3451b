/**
 * Where things are: the ONE typed registry of the app's pages. Link with
 *   pageUrl('course.detail', { id })      → '/packages/course/pages/detail/index?id=…'
 *   openPage('credit.roster', { sessionId })   (navigateTo; switchTab for a tab page)
 * A page's parameters are part of its type, so a link that forgets one does not compile.
 * Tab pages are fixed; domain pages live in subpackages (src/packages/<domain>/subpackage.ts);
 * `pageUrl` returns null for a page whose subpackage does not list it (not built yet), and links
 * to such a page are simply not shown. New domains add their pages here (one line each).
 */
import Taro from '@tarojs/taro';
import school from '@/packages/school/subpackage';
import course from '@/packages/course/subpackage';
import credit from '@/packages/credit/subpackage';
import reception from '@/packages/reception/subpackage';
import certificate from '@/packages/certificate/subpackage';
import notice from '@/packages/notice/subpackage';
import contact from '@/packages/contact/subpackage';
import auth from '@/packages/auth/subpackage';
import oversight from '@/packages/oversight/subpackage';
import exportPkg from '@/packages/export/subpackage';

export const TABS = {
  home: '/pages/home/index',
  courses: '/pages/courses/index',
  credits: '/pages/credits/index',
  me: '/pages/me/index',
} as const;

export const DEV_SIGN_IN = '/pages/dev-login/index';
/** H5: the desktop admin console's sign-in by scanning a mini-program code. */
export const CONSOLE_SIGN_IN = '/pages/console-login/index';

const PACKAGES = { school, course, credit, reception, certificate, notice, auth, contact, oversight, export: exportPkg } as const;
export type Domain = keyof typeof PACKAGES;

type Params = Record<string, string | number | undefined>;
/** A page and (as a type only) its query parameters. */
export interface PageDef<P extends Params = Record<never, never>> {
  domain: Domain | 'tab';
  /** 'bind-child' for /packages/school/pages/bind-child/index; the tab path for a tab. */
  name: string;
  readonly params?: P;
}
const tab = (path: string): PageDef => ({ domain: 'tab', name: path });
function page<P extends Params = Record<never, never>>(domain: Domain, name: string): PageDef<P> {
  return { domain, name };
}

export const PAGES = {
  'tab.home': tab(TABS.home),
  'tab.courses': tab(TABS.courses),
  'tab.credits': tab(TABS.credits),
  'tab.me': tab(TABS.me),
  // school
  'school.consent': page('school', 'consent'),
  'school.bindChild': page<{ code?: string }>('school', 'bind-child'),
  'school.joinCode': page('school', 'join-code'),
  'school.roster': page<{ classId?: string }>('school', 'roster'),
  'school.admin': page('school', 'admin'),
  'school.joinStaff': page<{ code?: string }>('school', 'join-staff'),
  // course
  'course.list': page('course', 'list'),
  'course.detail': page<{ id: string }>('course', 'detail'),
  'course.mine': page('course', 'mine'),
  'course.manage': page('course', 'manage'),
  'course.edit': page<{ id?: string; schoolId?: string }>('course', 'edit'),
  'course.enrollments': page<{ id: string }>('course', 'enrollments'),
  // credit
  'credit.summary': page('credit', 'summary'),
  'credit.checkin': page('credit', 'checkin'),
  'credit.lessons': page('credit', 'lessons'),
  'credit.lesson': page<{ lessonId: string; familyId?: string }>('credit', 'lesson'),
  'credit.sessions': page('credit', 'sessions'),
  'credit.projector': page<{ sessionId: string }>('credit', 'projector'),
  'credit.roster': page<{ sessionId: string }>('credit', 'roster'),
  'credit.classStats': page('credit', 'class-stats'),
  'credit.settings': page('credit', 'settings'),
  // reception (家长接待日 · 意见建议 · 开放日)
  'reception.days': page('reception', 'days'),
  'reception.day': page<{ id: string }>('reception', 'day'),
  'reception.mine': page('reception', 'mine'),
  'reception.suggest': page('reception', 'suggest'),
  'reception.case': page<{ id: string; booking?: '1'; schoolId?: string; title?: string; desc?: string }>('reception', 'case'),
  'reception.staff': page('reception', 'staff'),
  'reception.publish': page<{ schoolId?: string }>('reception', 'publish'),
  'reception.dayList': page<{ id: string }>('reception', 'day-list'),
  'reception.cases': page<{ schoolId?: string }>('reception', 'cases'),
  'reception.openPublish': page<{ schoolId?: string }>('reception', 'open-publish'),
  'reception.openDays': page('reception', 'open-days'),
  'reception.openSignups': page<{ id: string; title?: string }>('reception', 'open-signups'),
  'reception.openCheckin': page<{ activityId: string }>('reception', 'open-checkin'),
  'reception.settings': page('reception', 'settings'),
  // contact
  'contact.card': page<{ classId?: string }>('contact', 'card'),
  'contact.visits': page('contact', 'visits'),
  'contact.publish': page('contact', 'publish'),
  // notice
  'notice.inbox': page('notice', 'inbox'),
  'notice.detail': page<{ id: string }>('notice', 'detail'),
  'notice.compose': page<{ schoolId?: string }>('notice', 'compose'),
  'notice.sent': page<{ schoolId?: string }>('notice', 'sent'),
  'notice.stats': page<{ id: string }>('notice', 'stats'),
  // certificate
  'certificate.mine': page('certificate', 'mine'),
  'certificate.admin': page('certificate', 'admin'),
  'certificate.settings': page('certificate', 'settings'),
  'certificate.verify': page<{ scene?: string }>('certificate', 'verify'),
  // auth
  'auth.sessions': page('auth', 'sessions'),
  // oversight (督导看板): no scope → the widest the caller may see
  'oversight.dashboard': page<{ kind?: string; schoolId?: string; gradeId?: string; classId?: string; term?: string }>('oversight', 'dashboard'),
  'oversight.list': page<{ kind: string; schoolId: string; gradeId?: string; classId?: string; term?: string; list: string; form?: string; level?: string }>('oversight', 'list'),
  'oversight.alliance': page<{ schoolId?: string; term?: string }>('oversight', 'alliance'),
  // export: 导出报表 of a scope (the dashboard's), optionally one course
  'export.center': page<{ schoolId?: string; gradeId?: string; classId?: string; courseId?: string }>('export', 'center'),
} as const;

export type PageName = keyof typeof PAGES;
export type ParamsOf<N extends PageName> = (typeof PAGES)[N] extends PageDef<infer P> ? P : never;
/** Required parameters must be given; a page without any takes none (or an empty object). */
type ParamArgs<N extends PageName> = Record<never, never> extends ParamsOf<N> ? [params?: ParamsOf<N>] : [params: ParamsOf<N>];

/** The path of a registered page ('/packages/course/pages/detail/index'), or null while its subpackage does not list it. */
export function pagePath(name: PageName): string | null {
  const def: PageDef = PAGES[name];
  if (def.domain === 'tab') return def.name;
  return domainPage(def.domain, def.name);
}

/** The URL of a page with its parameters, or null when the page is not built. */
export function pageUrl<N extends PageName>(name: N, ...args: ParamArgs<N>): string | null {
  const path = pagePath(name);
  return path ? withQuery(path, (args[0] ?? {}) as Params) : null;
}

export function isTab(name: PageName): boolean {
  return PAGES[name].domain === 'tab';
}

/** Go to a page (switchTab for a tab: tabs take no parameters). */
export function openPage<N extends PageName>(name: N, ...args: ParamArgs<N>): void {
  const url = pageUrl(name, ...args);
  if (!url) return;
  if (isTab(name)) void Taro.switchTab({ url });
  else void Taro.navigateTo({ url });
}

/** Replace the current page with another (after a form is saved). */
export function redirectToPage<N extends PageName>(name: N, ...args: ParamArgs<N>): void {
  const url = pageUrl(name, ...args);
  if (!url) return;
  if (isTab(name)) void Taro.switchTab({ url });
  else void Taro.redirectTo({ url });
}

/** '/packages/<domain>/pages/<name>/index' when that page is registered, else null. */
export function domainPage(domain: Domain, name: string): string | null {
  const pkg = PACKAGES[domain];
  const p = `pages/${name}/index`;
  return pkg.pages.includes(p) ? `/${pkg.root}/${p}` : null;
}

/**
 * @deprecated Use pageUrl(name). Kept so that branches written before the registry still compile:
 * the first registered page among `names`.
 */
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
