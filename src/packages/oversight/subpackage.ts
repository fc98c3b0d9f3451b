/**
 * The oversight subpackage (督导看板: school / grade / class / 教联体 views, the lists behind the
 * figures). It alone carries the chart library (AntV F2). Add each page as 'pages/<name>/index'.
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/oversight',
  pages: ['pages/dashboard/index', 'pages/list/index', 'pages/alliance/index'],
};

export default subpackage;
