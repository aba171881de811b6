// Jest runs in native ESM mode (Nest 12 is ESM-only; see docs/adr/0001-stack.md).
// @swc/jest transpiles TypeScript to ES modules with legacy decorators and metadata.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^#procedure$': '<rootDir>/libs/procedure/src/index.ts',
  '^#messages$': '<rootDir>/libs/messages/src/index.ts',
  '^#platform$': '<rootDir>/libs/platform/src/index.ts',
  '^#scheduling$': '<rootDir>/libs/scheduling/src/index.ts',
  '^#orgs$': '<rootDir>/libs/orgs/src/index.ts',
  '^#cases$': '<rootDir>/libs/cases/src/index.ts',
  '^#audit$': '<rootDir>/libs/audit/src/index.ts',
  '^#notifications$': '<rootDir>/libs/notifications/src/index.ts',
  '^#reports$': '<rootDir>/libs/reports/src/index.ts',
  '^#imports$': '<rootDir>/libs/imports/src/index.ts',
  '^#paperwork$': '<rootDir>/libs/paperwork/src/index.ts',
  // TypeScript sources import siblings as "./x.js" under nodenext; map back to the .ts file.
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const common = {
  rootDir: '.',
  transform: { '^.+\\.c?ts$': swc },
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'cts', 'js', 'mjs', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  // A backstop for a hang, not a speed target (those live in `npm run bench`): hooks that start the
  // app, a worker and the demo data took over 30 s when the 2-core machine was shared (CI, stop 23).
  testTimeout: 90000,
  // Each test file runs in a worker that is replaced once it holds more than this after a file:
  // ESM mode (vm modules) keeps every file's module graph alive, so one long-lived process grew
  // to 4.6 GB over the suite, slowed each later file several times over, and ran out of heap in
  // CI (stop 24). With a limit set Jest uses workers even when maxWorkers is 1.
  workerIdleMemoryLimit: '1200MB',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/apps/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.cts',
      globalTeardown: '<rootDir>/test/support/global-teardown.cts',
    },
  ],
};
