/** @type {import('jest').Config} */
const swc = { jsc: { target: 'es2022' } };
// jose and openid-client are ES modules only: the files that load them keep `import()` native (Node 20's require
// cannot load an ES module; jest's ESM support, on with --experimental-vm-modules, can).
const transform = {
  '/src/api/oidc[^/]*\\.ts$': ['@swc/jest', { ...swc, module: { type: 'commonjs', ignoreDynamic: true } }],
  '^.+\\.ts$': ['@swc/jest', swc],
};

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  // Generous: the suite shares two cores between a dev server, time-skipping servers and two jest workers.
  testTimeout: 120_000,
  projects: [
    {
      displayName: 'unit',
      transform,
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/test/domain/**/*.test.ts',
        '<rootDir>/test/unit/**/*.test.ts',
        '<rootDir>/test/health/**/*.test.ts',
        '<rootDir>/test/deploy/**/*.test.ts',
      ],
    },
    {
      displayName: 'workflows (time-skipping server)',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
    {
      displayName: 'integration (dev server)',
      transform,
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/test/api/**/*.test.ts',
        '<rootDir>/test/cli/**/*.test.ts',
        '<rootDir>/test/e2e/**/*.test.ts',
        '<rootDir>/test/registry/**/*.test.ts',
        '<rootDir>/test/activities/**/*.test.ts',
        '<rootDir>/test/notifications/**/*.test.ts',
        '<rootDir>/test/desk/**/*.test.ts',
      ],
      // Schemathesis sends messages to any case number it makes up: on a dev server shared with other test files it
      // reached their cases (it withdrew the demo's). It runs in a jest run of its own, on a dev server of its own.
      testPathIgnorePatterns: [
        // The fault-injection suite runs on its own too (npm run test:faults): it loads both cores.
        ...(process.env.HOMEWARD_FAULTS ? [] : ['<rootDir>/test/e2e/faults.test.ts']),
        ...(process.env.HOMEWARD_SCHEMATHESIS ? [] : ['<rootDir>/test/api/schemathesis.test.ts']),
        // The deployed topology runs on its own too (npm run test:cluster, the last step of npm test): it loads both cores.
        ...(process.env.HOMEWARD_CLUSTER ? [] : ['<rootDir>/test/e2e/temporal-cluster.test.ts']),
      ],
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
  ],
};
