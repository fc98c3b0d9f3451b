import school from './packages/school/subpackage';
import course from './packages/course/subpackage';
import credit from './packages/credit/subpackage';
import reception from './packages/reception/subpackage';
import certificate from './packages/certificate/subpackage';
import notice from './packages/notice/subpackage';
import contact from './packages/contact/subpackage';
import auth from './packages/auth/subpackage';
import oversight from './packages/oversight/subpackage';
import exportPkg from './packages/export/subpackage';

// Tab pages live in the main package; every domain is a subpackage (src/packages/<domain>/subpackage.ts).
const TAB_PAGES = ['pages/home/index', 'pages/courses/index', 'pages/credits/index', 'pages/me/index'];
// The dev sign-in exists only in the H5 build (on WeChat the user is identified by WeChat itself).
// The desktop console's sign-in page exists only in the H5 build too (scan with the mini-program).
const DEV_PAGES = process.env.TARO_ENV === 'h5' ? ['pages/dev-login/index', 'pages/console-login/index'] : [];

const SUBPACKAGES = [school, course, credit, reception, certificate, notice, auth, contact, oversight, exportPkg].filter((p) => p.pages.length > 0);
const hasPackage = (root: string) => SUBPACKAGES.some((p) => p.root === root);
const preload = (page: string, root: string) => (hasPackage(root) ? { [page]: { network: 'all', packages: [root] } } : {});

const config = {
  pages: [...TAB_PAGES, ...DEV_PAGES],
  subPackages: SUBPACKAGES,
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '家长学校',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
    // WeChat's default bar; on H5 it makes Taro draw its own (title + back button on sub-pages).
    navigationStyle: 'default',
  },
  tabBar: {
    color: '#7a7e83',
    selectedColor: '#1a7f5a',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/courses/index', text: '课程', iconPath: 'assets/tabbar/course.png', selectedIconPath: 'assets/tabbar/course-active.png' },
      { pagePath: 'pages/credits/index', text: '学习档案', iconPath: 'assets/tabbar/credit.png', selectedIconPath: 'assets/tabbar/credit-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' },
    ],
  },
  // Pre-download each domain's subpackage when the tab that leads to it opens.
  preloadRule: {
    ...preload('pages/home/index', school.root),
    ...preload('pages/courses/index', course.root),
    ...preload('pages/credits/index', credit.root),
  },
  lazyCodeLoading: 'requiredComponents',
  // `cloud: true` turns on WeChat cloud development; it is not in Taro's AppConfig type.
  ...({ cloud: true } as Record<string, unknown>),
};

export default defineAppConfig(config as Parameters<typeof defineAppConfig>[0]);
