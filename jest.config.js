/**
 * Test projects:
 *  - node: domain rules, schemas, server code, cloud functions against the local cloud, the local cloud itself
 *  - ui:   Taro components (H5 flavour) in jsdom against a real local cloud (test/ui)
 *  - weapp: the weapp build (dist/weapp) under miniprogram-simulate against a seeded local cloud (test/weapp)
 *  - e2e:  whole flows in Debian's Chromium against the H5 build and the local cloud (each file its own cloud, H5 server and browser; 2 workers in scripts/test.sh)
 * scripts/test.sh builds weapp + H5 first, then runs `--selectProjects node ui weapp`, then `e2e`.
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
      // 30 s per test, not jest's 5 s (test/jest-timeout.js; testTimeout is not a project option).
      setupFilesAfterEnv: ['<rootDir>/test/jest-timeout.js'],
      roots: ['<rootDir>/types', '<rootDir>/server', '<rootDir>/localcloud', '<rootDir>/cloudfunctions', '<rootDir>/test', '<rootDir>/scripts'],
      testMatch: ['**/*.test.ts'],
      // test/ui and test/weapp belong to the ui and weapp projects below.
      testPathIgnorePatterns: ['/node_modules/', '/e2e/', '<rootDir>/test/ui/', '<rootDir>/test/weapp/'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper,
      setupFiles: ['<rootDir>/test/setup-env.js'],
      globalSetup: '<rootDir>/test/global-setup.js',
    },
    {
      // Taro components (H5 flavour) in jsdom, against a real local cloud over HTTP (test/ui/global-setup.js).
      displayName: 'ui',
      // 30 s per test, not jest's 5 s: pages wait up to 8 s for the cloud (test/jest-timeout.js).
      setupFilesAfterEnv: ['<rootDir>/test/jest-timeout.js'],
      testEnvironment: '<rootDir>/test/ui/jsdom-env.js',
      testEnvironmentOptions: { url: 'http://localhost/', customExportConditions: ['node', 'node-addons'] },
      roots: ['<rootDir>/src', '<rootDir>/test/ui'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      transform: { '^.+\\.(js|jsx|ts|tsx|mjs)$': require.resolve('@tarojs/test-utils-react/dist/jest/babel-transformer.js') },
      // Taro, NutUI and their ESM-only dependencies ship untranspiled code; everything else is plain CJS.
      transformIgnorePatterns: ['^(?!.*/node_modules/(@tarojs|@nutui|@stencil|swiper|ssr-window|dom7|@babel/runtime/helpers/esm|query-string|decode-uri-component|split-on-first|filter-obj)/).*/node_modules/'],
      moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'json'],
      moduleNameMapper: {
        '@tarojs/taro$': require.resolve('@tarojs/test-utils-react/dist/jest/runtime/taro-h5.js'),
        '@tarojs/components$': '@tarojs/components/lib/react/index',
        '\\.(css|scss|sass|less)$': '<rootDir>/test/ui/style-stub.js',
        '^lodash-es$': 'lodash',
        '^lodash-es/(.*)$': 'lodash/$1',
        '^@/(.*)$': '<rootDir>/src/$1',
        ...moduleNameMapper,
      },
      globals: {
        ENABLE_INNER_HTML: true,
        ENABLE_ADJACENT_HTML: true,
        ENABLE_SIZE_APIS: true,
        DEPRECATED_ADAPTER_COMPONENT: false,
        ENABLE_TEMPLATE_CONTENT: true,
        ENABLE_MUTATION_OBSERVER: true,
        ENABLE_CLONE_NODE: true,
        ENABLE_CONTAINS: true,
        __TARO_FRAMEWORK__: 'react',
      },
      setupFiles: ['<rootDir>/test/ui/setup.js'],
      globalSetup: '<rootDir>/test/ui/global-setup.js',
      globalTeardown: '<rootDir>/test/ui/global-teardown.js',
    },
    {
      // The weapp build (dist/weapp, built by scripts/test.sh first) under miniprogram-simulate, against a real local cloud.
      displayName: 'weapp',
      // 30 s per test, not jest's 5 s: pages wait up to 8 s for the cloud (test/jest-timeout.js).
      setupFilesAfterEnv: ['<rootDir>/test/jest-timeout.js'],
      testEnvironment: '<rootDir>/test/ui/jsdom-env.js',
      roots: ['<rootDir>/test/weapp'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper,
      setupFiles: ['<rootDir>/test/setup-env.js'],
      globalSetup: '<rootDir>/test/weapp/global-setup.js',
      globalTeardown: '<rootDir>/test/weapp/global-teardown.js',
    },
    {
      // Whole flows in Debian's Chromium against the H5 build (dist/h5) and a local cloud; each file starts its own (port 0), so files may run in parallel (scripts/test.sh: 2 workers).
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/e2e'],
      testMatch: ['**/*.e2e.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper,
      setupFiles: ['<rootDir>/test/setup-env.js'],
      globalSetup: '<rootDir>/test/global-setup.js',
    },
  ],
};
