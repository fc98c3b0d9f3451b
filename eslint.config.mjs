// ESLint (flat config): typescript-eslint's recommended rules and the React hooks rules, over the
// app, the shared types, the server, the functions, the local cloud, tests and scripts.
// Run by scripts/test.sh (`npx eslint .`). Every rule switched off here says why.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**', '.localcloud/**', 'cloudfunctions/*/index.js', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    // Files still carry `eslint-disable … no-var-requires` comments from typescript-eslint v5/v6 (the
    // rule is now no-require-imports, off below): unused directives are not reported.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Unused code is an error, except deliberately ignored arguments and rest siblings (`_x`, `{ a, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Off: jest tests, the Taro H5 runtime set-up and lazy module loads (functions bundles, seeds)
      // use require() on purpose, after the environment they need is in place.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Off here only: the document store (EJSON values, stored documents of any shape), the Taro
    // build config and the benchmarks handle untyped JSON by design.
    files: ['localcloud/db/**', 'config/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Off here only: miniprogram-simulate's component definitions need the component's `this` kept.
    files: ['test/weapp/**'],
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
);
