/**
 * The export subpackage: 导出报表 (xlsx for inspection) of one scope. The dashboard links here with
 * its scope; the same ExportButton works on any page that knows a scope.
 */
const subpackage: { root: string; pages: string[] } = {
  root: 'packages/export',
  pages: ['pages/center/index'],
};

export default subpackage;
