// Gives the integration tests a PostgreSQL server: TEST_DATABASE_URL when set
// (CI points it at the machine's server), else an embedded one started here
// from the built API (`npm test` builds first).
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { freePort } from './free-port.js';

const require = createRequire(import.meta.url);
const builtServer = new URL('../../apps/api/dist/database/embedded-postgres.js', import.meta.url).pathname;

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  if (!existsSync(builtServer)) throw new Error('Build the API first (npm run build): the tests start the embedded PostgreSQL from apps/api/dist');
  const { EmbeddedPostgresServer } = require(builtServer);
  const dataDir = join(await mkdtemp(join(tmpdir(), 'pidtrymka-test-')), 'pg');
  const server = new EmbeddedPostgresServer({ dataDir, port: await freePort(), database: 'pidtrymka_test' });
  await server.start();
  // The superuser: each test file makes and drops databases of its own with it.
  process.env.TEST_DATABASE_URL = server.superuserUrl;
  globalThis.__embeddedPostgres = { server, root: join(dataDir, '..') };
}
