/**
 * The school subpackage. Add each page here as 'pages/<name>/index' (files under src/packages/school/pages/<name>/).
 * app.config.ts imports this; a subpackage with no pages is left out of the build.
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/school',
  pages: [],
};

export default subpackage;
