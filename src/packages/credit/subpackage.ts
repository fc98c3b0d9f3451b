/**
 * The credit subpackage. Add each page here as 'pages/<name>/index' (files under src/packages/credit/pages/<name>/).
 * app.config.ts imports this; a subpackage with no pages is left out of the build.
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/credit',
  pages: [
    'pages/summary/index',
    'pages/checkin/index',
    'pages/lessons/index',
    'pages/lesson/index',
    'pages/sessions/index',
    'pages/projector/index',
    'pages/roster/index',
    'pages/class-stats/index',
    'pages/settings/index',
  ],
};

export default subpackage;
