// @ts-check
// `npm run lint`: typescript-eslint's type-checked rules over every TS file, Nx's
// module boundaries between the projects (tags in each project.json), and the
// layers of the API's folders (docs: /work/shared/ARCHITECTURE.md, issue 13).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import boundaries from 'eslint-plugin-boundaries';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS = ['apps/api/src/**/*.ts', 'apps/web/src/**/*.ts', 'libs/*/src/**/*.ts', 'tests/**/*.ts'];
const API = 'apps/api/src';

/**
 * The API's folders, low to high: a folder imports its own files and the
 * folders of the rows below it, never a folder of its own row or above, so
 * there is one direction and no cycle. The composition roots (app.module,
 * main, cluster, app.setup, the CLIs) sit on top; testing/ may use anything.
 */
const API_LAYERS = [
  ['config', 'i18n', 'types'],
  ['logging', 'common'],
  // events: under staff/ too, whose owner releases are request changes like any other (issue 16).
  ['database', 'metrics', 'audit', 'events'],
  // secrets: the one sealing of stored secrets (issue 16), used by auth (TOTP) and webhooks.
  ['secrets'],
  ['auth'],
  // webhooks: the admins' endpoints, delivered as subscribers of events/ (issue 16).
  // mailboxes: the inbound mailboxes and their identities, used by notifications (sending) and mail-in (reading) (issue 16).
  ['staff', 'webhooks', 'mailboxes'],
  // organisations: under tickets, whose opening statement links a request to one (issue 18).
  ['captcha', 'attachments', 'kb', 'notifications', 'organisations'],
  // sla: the business-hours clocks, kept by the request lifecycle in each change's transaction (issue 19).
  ['sla'],
  ['tickets'],
  // live: the workspace's stream, told of every request's changes (issue 17).
  // reports: figures over the requests' history, with the sla/ calendars' working time (issue 19).
  ['mail-in', 'live', 'reports'],
  ['scheduling', 'plugins', 'health', 'web'],
];
const API_FOLDERS = API_LAYERS.flat();
const folder = (/** @type {string | string[]} */ names) => ({ element: { type: 'api-folder', captured: { folder: names } } });

/** Per folder: its own files and every folder of the rows below. */
const layerPolicies = API_LAYERS.flatMap((row, level) =>
  row.map((name) => ({
    from: folder(name),
    allow: { to: folder([name, ...API_LAYERS.slice(0, level).flat()]) },
  })),
);

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'cms/**', '.angular/**', '.nx/**', 'coverage/**', 'data/**', 'tests/bench/**', 'tests/e2e/artifacts/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Type-checked rules: ESLint's project service takes each file's nearest tsconfig.json
  // (apps/api, apps/web and tests/ have one covering their specs; libs/* have theirs).
  {
    files: TS,
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Underscore names and rest siblings are how the code drops what it does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Async methods implement Promise-returning interfaces (providers, channels, storages, fakes) without always awaiting.
      '@typescript-eslint/require-await': 'off',
      // Mail and text fields strip control characters on purpose: the character classes name them.
      'no-control-regex': 'off',
      // Turning `unknown` (settings, headers, audit details, error causes) into text is deliberate: `String(x)` is what is meant.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // Angular's `Validators.required` and friends are static functions, passed by reference by design.
    files: ['apps/web/src/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // The specs assert on supertest's `body` and raw SQL rows, both `any`, with jest's matchers: typing each is noise.
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', 'tests/**/*.ts', `${API}/testing/**/*.ts`],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // Issue 13: SQL lives in each folder's *.repository.ts, as named methods with typed rows. Besides
  // those, only database/ (the connection, the embedded server, the migrations and their locks) and the
  // tests run it. `.query(` and `createQueryBuilder(` are how TypeORM and pg take it.
  {
    files: [`${API}/**/*.ts`],
    ignores: [`${API}/**/*.repository.ts`, `${API}/database/**`, `${API}/testing/**`, '**/*.spec.ts', '**/*.integration-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='query']", message: "SQL belongs in a *.repository.ts of this folder (issue 13): give it a named method with a typed row there." },
        { selector: "CallExpression[callee.property.name='createQueryBuilder']", message: "Queries belong in a *.repository.ts of this folder (issue 13): give it a named method with a typed row there." },
      ],
    },
  },

  // Projects: what may depend on what, by the tags in each project.json.
  {
    files: [...TS, 'tests/fixtures/**/*.js'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // The cross-app test helpers are no project; the API's integration specs share them.
          allow: ['^(\\.\\./)+tests/support/'],
          depConstraints: [
            // The API uses the shared libraries only; the web app only the contracts (never the API, nor the plugin SDK).
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'type:contracts'] },
            // Libraries never import an app; the contracts import nothing of ours.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:plugin-sdk', onlyDependOnLibsWithTags: ['type:contracts'] },
            // A plugin package (tests/fixtures/*) sees what an outside plugin would: the SDK and the contracts.
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:plugin-sdk', 'type:contracts'] },
            { sourceTag: 'scope:cms', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },

  // The API's folders, in layers.
  {
    files: [`${API}/**/*.ts`],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } },
      'boundaries/include': [`${API}/**/*.ts`],
      'boundaries/elements': [
        // Loaded by TypeORM from a glob, imported by nothing: the history of the schema.
        { type: 'api-migrations', pattern: `${API}/database/migrations`, partialMatch: false, stopMatching: true },
        // Process entry points, each with its own module: composition roots like main.ts.
        { type: 'api-cli', pattern: `${API}/*/cli`, partialMatch: false, capture: ['folder'], stopMatching: true },
        { type: 'api-testing', pattern: `${API}/testing`, partialMatch: false, stopMatching: true },
        { type: 'api-folder', pattern: `${API}/*`, partialMatch: false, capture: ['folder'], stopMatching: true },
        // What is left: the files at the top (app.module, app.setup, main, cluster).
        { type: 'api-root', pattern: API, partialMatch: false },
      ],
      'boundaries/files': [
        { category: 'integration-spec', pattern: '**/*.integration-spec.ts' },
        { category: 'spec', pattern: '**/*.spec.ts' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            ...layerPolicies,
            {
              from: { element: { type: 'api-migrations' } },
              allow: {
                to: [
                  folder(API_LAYERS.slice(0, API_LAYERS.findIndex((row) => row.includes('database')) + 1).flat()),
                  // Fills the fingerprint of stored messages with the very function mail-in dedupes by.
                  { element: { type: 'api-folder', captured: { folder: 'mail-in' }, fileInternalPath: 'message-fingerprint.ts' } },
                ],
              },
            },
            { from: { element: { type: ['api-cli', 'api-root'] } }, allow: { to: [folder(API_FOLDERS), { element: { type: ['api-cli', 'api-root'] } }] } },
            { from: { element: { type: 'api-testing' } }, allow: { to: { element: { type: ['api-folder', 'api-root', 'api-testing'] } } } },
            // Specs use the test helpers; an integration spec boots the whole app, so it may drive any folder.
            { from: { file: { categories: ['spec', 'integration-spec'] } }, allow: { to: { element: { type: 'api-testing' } } } },
            { from: { file: { categories: 'integration-spec' } }, allow: { to: { element: { type: ['api-folder', 'api-root'] } } } },
            // TEMPORARY: attachment.entity imports MessageEntity; being removed (issue 13, attachments → tickets).
            {
              from: { element: folder('attachments').element, file: { path: `**/attachments/attachment.entity.ts` } },
              allow: { to: { element: { type: 'api-folder', captured: { folder: 'tickets' }, fileInternalPath: 'message.entity.ts' } } },
            },
            // Nothing imports a spec.
            { disallow: { to: { file: { categories: ['spec', 'integration-spec'] } } } },
          ],
        },
      ],
    },
  },

  // The outside plugin package is plain CommonJS.
  {
    files: ['tests/fixtures/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', exports: 'writable' } },
  },
);
