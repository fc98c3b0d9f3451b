/**
 * The course subpackage. Add each page here as 'pages/<name>/index' (files under src/packages/course/pages/<name>/).
 * app.config.ts imports this; a subpackage with no pages is left out of the build.
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/course',
  pages: ['pages/list/index', 'pages/detail/index', 'pages/mine/index', 'pages/manage/index', 'pages/edit/index', 'pages/enrollments/index'],
};

export default subpackage;
