import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Libraries whose queries are all Kysely over their own narrowed schema (ADR 0004 stages 3-4): no
// new raw `.query()` call. The cross-owner reads left raw until they move behind the owner's
// port carry an `eslint-disable-next-line no-restricted-syntax -- cross-owner read (...)` comment.
const KYSELY_ONLY = ['libs/notifications'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tmp/**', 'apps/web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.cts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The domain is pure: time comes in as a value.
    files: ['libs/procedure/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pass time in as a value.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass time in as a value.' }],
    },
  },
  {
    files: KYSELY_ONLY.map((lib) => `${lib}/src/**/*.ts`),
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
          message: 'This library queries through Kysely (kyselyFor<...Database>(ds | em), ADR 0004): no raw .query().',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly' } },
  },
  {
    // The web UI (apps/web): TypeScript + JSX in the browser. no-undef stays off for TypeScript
    // (the compiler checks names against the DOM lib).
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Node scripts of the web UI (build config, type generator, screenshots) use web-standard globals.
    files: ['apps/web/vite.config.mjs', 'scripts/screenshots.mjs'],
    languageOptions: { globals: { URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
);
