import { rm } from 'node:fs/promises';
import pg from 'pg';
import cmsTeardown from '../../support/cms.global-teardown.mjs';

export default async function globalTeardown() {
  const state = globalThis.__e2e;
  if (state?.api && state.api.exitCode === null) {
    const exited = new Promise((resolve) => state.api.once('exit', resolve));
    state.api.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (state.api.exitCode === null) state.api.kill('SIGKILL');
  }
  if (state?.databaseName && process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${state.databaseName} WITH (FORCE)`);
    await admin.end();
  }
  if (state?.dataDir) await rm(state.dataDir, { recursive: true, force: true });
  await cmsTeardown();
}
