/**
 * The reception subpackage (家长接待日 · 意见建议). Add each page here as 'pages/<name>/index'.
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/reception',
  pages: ['pages/days/index', 'pages/day/index', 'pages/mine/index', 'pages/case/index', 'pages/suggest/index', 'pages/publish/index', 'pages/staff/index', 'pages/day-list/index', 'pages/cases/index', 'pages/open-days/index', 'pages/open-publish/index', 'pages/open-signups/index', 'pages/settings/index', 'pages/open-checkin/index'],
};

export default subpackage;
