// The browser tests' world: PostgreSQL (as for every integration test), a real CMS of its own
// (Strapi, seeded with the manual's six articles), then the built API as its own process, serving
// the built web app on the same origin, with the captcha off and e-mail to a maildir.
// Everything it starts is kept in globalThis.__e2e and told to the tests as E2E_* only: in a whole
// `npm test` every project's setup runs in this one process, and kb-cms has its own CMS and port.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startCms } from '../../../cms/scripts/start-for-tests.mjs';
import databaseSetup from '../../support/database.global-setup.mjs';
import { freePort } from '../../support/free-port.js';
import globalTeardown from './e2e.global-teardown.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const apiMain = join(root, 'apps/api/dist/main.js');
const webIndex = join(root, 'apps/web/dist/browser/index.html');

export const STAFF = { email: 'titarenko@support.test', password: `E2e-${randomBytes(9).toString('base64url')}`, name: 'Тітаренко Петро Миколайович' };

export default async function globalSetup() {
  try {
    await setUp();
  } catch (error) {
    // Jest runs no teardown after a failed setup: stop what did start.
    await globalTeardown().catch(() => undefined);
    throw error;
  }
}

async function setUp() {
  for (const [file, what] of [[apiMain, 'the API'], [webIndex, 'the web app']]) {
    if (!existsSync(file)) throw new Error(`Build ${what} first (npm run build): ${file} is missing`);
  }
  await databaseSetup();
  const state = { dataDir: await mkdtemp(join(tmpdir(), 'pidtrymka-e2e-')), databaseName: `pidtrymka_e2e_${randomBytes(4).toString('hex')}` };
  globalThis.__e2e = state;
  const port = String(await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const webhookSecret = randomBytes(24).toString('hex');
  state.cms = await startCms({ webhookUrl: `${baseUrl}/api/kb/webhooks/cms`, webhookSecret });

  const serverUrl = process.env.TEST_DATABASE_URL;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${state.databaseName}`);
  await admin.end();
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${state.databaseName}`;

  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: port,
    DATABASE_URL: databaseUrl.toString(),
    DATA_DIR: state.dataDir,
    PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'warn',
    CAPTCHA_PROVIDER: 'none',
    RATE_LIMIT_ENABLED: 'false',
    // Many requests from one address; the cap on quoting confirmations (12.7) is tested in the API's specs.
    CONFIRMATION_EMAILS_PER_HOUR: '1000',
    MAIL_TRANSPORT: 'maildir',
    MAIL_IN_ENABLED: 'false',
    OUTBOX_POLL_MS: '200',
    CMS_URL: state.cms.url,
    CMS_API_TOKEN: state.cms.apiToken,
    CMS_WEBHOOK_SECRET: webhookSecret,
    KB_RESYNC_SECONDS: '10',
    // The webhooks test's receiver listens on 127.0.0.1, over plain http.
    WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
    WEBHOOK_ALLOW_HTTP: 'true',
    ADMIN_EMAIL: STAFF.email,
    ADMIN_PASSWORD: STAFF.password,
    ADMIN_NAME: STAFF.name,
  };
  let output = '';
  const api = spawn(process.execPath, [apiMain], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  api.stdout.on('data', (chunk) => (output += chunk));
  api.stderr.on('data', (chunk) => (output += chunk));
  state.api = api;

  // Up, and the knowledge base synced from the CMS (the API's first sync, then every 10 s).
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (api.exitCode !== null) throw new Error(`The API exited with ${api.exitCode}:\n${output.slice(-4000)}`);
    try {
      const response = await fetch(`${baseUrl}/api/kb/articles?locale=uk`, { signal: AbortSignal.timeout(2000) });
      if (response.ok && (await response.json()).total >= 6) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The API did not serve the knowledge base within 90 s:\n${output.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  Object.assign(process.env, {
    E2E_BASE_URL: baseUrl,
    E2E_STAFF_EMAIL: STAFF.email,
    E2E_STAFF_PASSWORD: STAFF.password,
    E2E_STAFF_NAME: STAFF.name,
    E2E_MAIL_SENT_DIR: join(state.dataDir, 'mail/sent'),
    // For a test that starts a second instance on the same database with other settings.
    E2E_API_ENV: JSON.stringify(env),
  });
}
