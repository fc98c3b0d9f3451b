/**
 * The contact subpackage (家长联络卡, 家访, printed cards, 家委会). Add each page here as
 * 'pages/<name>/index' (files under src/packages/contact/pages/<name>/).
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/contact',
  pages: ['pages/card/index', 'pages/visits/index', 'pages/publish/index'],
};

export default subpackage;
