/**
 * The school subpackage. Add each page here as 'pages/<name>/index' (files under src/packages/school/pages/<name>/).
 * app.config.ts imports this; a subpackage with no pages is left out of the build.
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/school',
  pages: ['pages/consent/index', 'pages/bind-child/index', 'pages/join-code/index', 'pages/roster/index', 'pages/admin/index', 'pages/join-staff/index'],
};

export default subpackage;
