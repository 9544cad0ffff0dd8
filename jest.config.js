// One jest run for the whole suite (`npm test`); each project can be picked with --selectProjects.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/apps/api/tsconfig.spec.json', diagnostics: false }];
const moduleNameMapper = {
  '^@pidtrymka/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@pidtrymka/plugin-sdk$': '<rootDir>/libs/plugin-sdk/src/index.ts',
};
const common = { rootDir: __dirname, testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, moduleNameMapper };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'api-unit',
      testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/libs/*/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'api-integration',
      testMatch: ['<rootDir>/apps/api/src/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/tests/support/database.global-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/database.global-teardown.mjs',
      testTimeout: 60_000,
    },
  ],
};
