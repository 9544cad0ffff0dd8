// One jest run for the whole suite (`npm test`); each project can be picked with --selectProjects.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/apps/api/tsconfig.spec.json', diagnostics: false }];
const moduleNameMapper = {
  '^@pidtrymka/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@pidtrymka/plugin-sdk$': '<rootDir>/libs/plugin-sdk/src/index.ts',
};
// ES modules only: otplib's crypto and base32 plugins, file-type with its tokenizers, and sanitize-html's
// parser (htmlparser2 and the dom* packages, entities). Node 24 requires them natively; jest's CommonJS
// runtime needs them compiled.
const esmOnly = '@noble|@scure|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|htmlparser2|domhandler|domutils|dom-serializer|domelementtype|entities';
const esmTransform = ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, diagnostics: false }];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest, [`/node_modules/(${esmOnly})/.+\\.js$`]: esmTransform },
  transformIgnorePatterns: [`^(?!.*/node_modules/(${esmOnly})/).*/node_modules/`],
  moduleNameMapper,
};

/** @type {import('jest').Config} */
module.exports = {
  // Per project it is ignored; argon2, real servers and a busy machine need more than jest's 5 s.
  testTimeout: 60_000,
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
    },
    {
      ...common,
      displayName: 'mail',
      testMatch: ['<rootDir>/tests/mail/**/*.spec.ts'],
      globalSetup: '<rootDir>/tests/support/database.global-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/database.global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'fault',
      testMatch: ['<rootDir>/tests/fault/**/*.spec.ts'],
      globalSetup: '<rootDir>/tests/support/database.global-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/database.global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'kb-cms',
      testMatch: ['<rootDir>/tests/kb/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tests/support/cms.global-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/cms.global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'scale',
      testMatch: ['<rootDir>/tests/scale/**/*.spec.ts'],
      globalSetup: '<rootDir>/tests/support/database.global-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/database.global-teardown.mjs',
    },
    {
      ...common,
      // The CMS's own functions (cms/ is a package of its own; its *.test.ts stay out of Strapi's build).
      displayName: 'cms-unit',
      testMatch: ['<rootDir>/cms/src/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'web-unit',
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tests/e2e/support/e2e.global-setup.mjs',
      globalTeardown: '<rootDir>/tests/e2e/support/e2e.global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'hostile',
      testMatch: ['<rootDir>/tests/hostile/**/*.spec.ts'],
      globalSetup: '<rootDir>/tests/support/database.global-setup.mjs',
      globalTeardown: '<rootDir>/tests/support/database.global-teardown.mjs',
    },
  ],
};
