/**
 * Test projects:
 *  - node: domain rules, schemas, server code, cloud functions against the local cloud, the local cloud itself
 *  - ui:   Taro components in jsdom (added by the app skeleton)
 *  - e2e:  whole flows in Debian's Chromium against the H5 build and the local cloud
 * TZ=Asia/Shanghai is set by scripts/test.sh and by test/setup-env.js.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2021', transform: { react: { runtime: 'automatic' } } }, module: { type: 'commonjs' } }];
const moduleNameMapper = {
  '^@shared/(.*)$': '<rootDir>/types/$1',
  '^@server/(.*)$': '<rootDir>/server/$1',
};

module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/types', '<rootDir>/server', '<rootDir>/localcloud', '<rootDir>/cloudfunctions', '<rootDir>/test', '<rootDir>/scripts'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/e2e/'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper,
      setupFiles: ['<rootDir>/test/setup-env.js'],
      globalSetup: '<rootDir>/test/global-setup.js',
    },
  ],
};
