// Seven tiers in one run: unit tests next to the code; medium tests next to the code too (a use
// case against its service's real schema and outbox, no process: `*.medium-spec.ts`, using the
// PostgreSQL the global set-up starts); integration tests against the real servers; workflow
// tests (workflows on the test Temporal server and the replay of their recorded histories); the
// end-to-end smoke test that boots every app; the web UI in a real browser (test/browser); and the API contract test (schemathesis over the
// OpenAPI document, test/contract).
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  extensionsToTreatAsEsm: ['.ts'],
  // The `#platform`-style aliases resolve through package.json "imports" with the `source`
  // condition (TypeScript sources), as tsc does; a dependency's own "imports" stay its own.
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/', '<rootDir>/.tools/'],
};

export default {
  // Hang protection only; no test asserts on time.
  testTimeout: 120_000,
  // Each of npm test's two Jest processes (test/setup/run-tiers.mjs) runs one test file at a
  // time in one worker process (`--maxWorkers=1`), which is
  // replaced once its heap passes this after a file: each file's ESM module graph (vm modules)
  // is not all given back, and ~300 files in one process reached V8's 4 GB heap limit.
  workerIdleMemoryLimit: '1536MB',
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.mjs'],
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{apps,libs,workflows}/**/*.spec.ts',
        '<rootDir>/test/architecture/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'medium',
      testMatch: ['<rootDir>/{apps,libs}/**/*.medium-spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.workflow-spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // The web UI in Debian's Chromium (playwright-core), against the real gateway and services.
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
    // schemathesis over the gateway's OpenAPI document, as anonymous and as each role.
    {
      ...common,
      displayName: 'contract',
      testMatch: ['<rootDir>/test/contract/**/*.contract-spec.ts'],
    },
  ],
};
