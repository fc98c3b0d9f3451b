/**
 * Taro 4.2.1 (React, webpack5) build config for the WeChat mini-program (weapp) and H5.
 *   npm run build:weapp → dist/weapp (project.config.json's miniprogramRoot)
 *   npm run build:h5    → dist/h5 (served next to the local cloud in dev, e2e and benchmarks)
 * Compile-time constants: process.env.TARO_ENV (Taro), LOCAL_CLOUD_URL (H5 default local cloud;
 * override at build time with TARO_APP_CLOUD_URL, at run time with ?cloud=<url>).
 */
import path from 'path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';
import devConfig from './dev';
import prodConfig from './prod';

const ROOT = path.resolve(__dirname, '..');
/** types/ (shared with the functions) sits outside src/ and must be compiled like app code. */
const SHARED_DIR = path.join(ROOT, 'types');
const DEFAULT_CLOUD_URL = 'http://127.0.0.1:8787';

/** node_modules that ship modern syntax (?. ?? classes) and must go through babel for old WeChat base libraries. */
const TRANSPILE_MODULES = /[\\/]node_modules[\\/](zod|dayjs)[\\/]/;
/** node_modules shared by several weapp subpackages: one copy in the main package instead of one per subpackage. */
const MAIN_PACKAGE_MODULES = /[\\/]node_modules[\\/]zod[\\/]/;

function withTsconfigPaths(chain: any): void {
  chain.resolve
    .plugin('tsconfig-paths')
    .use(TsconfigPathsPlugin, [{ configFile: path.join(ROOT, 'tsconfig.json'), extensions: ['.ts', '.tsx', '.js', '.jsx'] }]);
}

export default defineConfig<'webpack5'>(async (merge) => {
  const taroEnv = process.env.TARO_ENV || 'weapp';
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'parent-school',
    date: '2026-11-24',
    designWidth(input: any) {
      // NutUI is drawn for a 375 px design; our own styles for 750.
      const file = typeof input === 'object' && input?.file ? String(input.file).replace(/\\+/g, '/') : '';
      return file.includes('@nutui') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT: benchmarks build into their own folder (with source maps) without touching dist/.
    outputRoot: process.env.TARO_OUTPUT_ROOT || `dist/${taroEnv}`,
    plugins: [],
    defineConstants: {
      LOCAL_CLOUD_URL: JSON.stringify(process.env.TARO_APP_CLOUD_URL || DEFAULT_CLOUD_URL),
      // weapp: the WeChat cloud environment id ('' = the default environment of the mini-program).
      CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV || ''),
      // H5: 'console' = the production admin console (scan-to-sign-in); otherwise the dev sign-in.
      SIGN_IN_MODE: JSON.stringify(process.env.TARO_APP_SIGN_IN === 'console' ? 'console' : 'dev'),
    },
    alias: {
      '@': path.join(ROOT, 'src'),
      '@shared': path.join(ROOT, 'types'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: process.env.TARO_CACHE !== '0',
      // The page list lives in the subpackage files app.config.ts imports; webpack does not follow
      // a .ts config's imports, so without this a cached build silently drops newly added pages.
      buildDependencies: { subpackages: ['school', 'course', 'credit', 'reception', 'certificate', 'notice', 'auth', 'contact'].map((d) => path.join(ROOT, 'src', 'packages', d, 'subpackage.ts')) },
    },
    sass: {},
    mini: {
      // bench/app-size.ts attributes bytes to packages through source maps (never in normal builds).
      ...(process.env.TARO_BENCH_SOURCEMAP === '1' ? { enableSourceMap: true, sourceMapType: 'source-map' } : {}),
      compile: {
        include: [SHARED_DIR, (filename: string) => TRANSPILE_MODULES.test(filename)],
      },
      // Taro moves modules that only subpackages use out of the main package, so zod (needed at run
      // time by the course and credit subpackages through types/**/*.schema.ts) was copied into both
      // (≈67 KB each). Kept out of that move, it lands once in the main package's vendors.js.
      optimizeMainPackage: { enable: true, exclude: [(module: { resource?: string }) => MAIN_PACKAGE_MODULES.test(module.resource ?? '')] },
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        withTsconfigPaths(chain);
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [SHARED_DIR] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        withTsconfigPaths(chain);
        // Taro splits with chunks: 'initial' only, so libraries shared by lazy pages (zod, dayjs, NutUI)
        // would be copied into every page chunk. One async vendors chunk holds them instead.
        chain.optimization.splitChunks({
          ...(chain.optimization.get('splitChunks') || {}),
          cacheGroups: {
            ...((chain.optimization.get('splitChunks') || {}).cacheGroups || {}),
            // The chart library (AntV F2, ~476 KB minified) is used by the oversight pages only: its
            // own chunk, loaded by those pages, never by the async vendors every page loads.
            charts: {
              name: 'charts',
              chunks: 'async',
              test: /[\\/]node_modules[\\/]@antv[\\/]/,
              priority: 30,
              enforce: true,
              reuseExistingChunk: true,
            },
            asyncVendors: {
              name: 'async-vendors',
              chunks: 'async',
              minChunks: 2,
              test: /[\\/]node_modules[\\/]/,
              priority: 20,
              reuseExistingChunk: true,
            },
            asyncCommon: {
              name: 'async-common',
              chunks: 'async',
              minChunks: 2,
              priority: 5,
              reuseExistingChunk: true,
            },
          },
        });
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
