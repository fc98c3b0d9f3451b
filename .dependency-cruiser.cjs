/** Dependency rules from conventions.md; `npm run lint:deps` (part of npm test). */
module.exports = {
  forbidden: [
    {
      name: 'types-are-pure',
      comment: 'types/ is shared by app and server: no Taro, no SDK, no app or server code',
      severity: 'error',
      from: { path: '^types/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(src|server|localcloud|cloudfunctions)/|@tarojs|wx-server-sdk|better-sqlite3' },
    },
    {
      name: 'app-never-imports-backend',
      comment: 'tests may arrange data through the server seed; app code may not',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^(server|localcloud|cloudfunctions)/|wx-server-sdk|better-sqlite3' },
    },
    {
      name: 'server-never-imports-app-or-localcloud',
      comment: 'domain code must not know whether it runs on WeChat cloud or the local cloud',
      severity: 'error',
      from: { path: '^(server|cloudfunctions)/', pathNot: '\\.test\\.ts$|test-fixtures' },
      to: { path: '^(src|localcloud)/|@tarojs|better-sqlite3' },
    },
    {
      name: 'no-shared-code-inside-a-function-folder',
      comment: 'every folder under cloudfunctions/ is a deploy unit; share through server/ or types/',
      severity: 'error',
      from: { path: '^cloudfunctions/([^/]+)/' },
      to: { path: '^cloudfunctions/', pathNot: '^cloudfunctions/$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(types|server)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/|cloudfunctions/[^/]+/index\\.js$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
