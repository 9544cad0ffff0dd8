import { rm } from 'node:fs/promises';
import pg from 'pg';
import databaseTeardown from '../../support/database.global-teardown.mjs';

export default async function globalTeardown() {
  const state = globalThis.__e2e;
  // Every step runs even when one before it fails, so nothing is left running.
  const failures = [];
  const step = async (work) => {
    try {
      await work();
    } catch (error) {
      failures.push(error);
    }
  };
  await step(() => stopApi(state));
  await step(() => dropDatabase(state));
  await step(async () => state?.dataDir && (await rm(state.dataDir, { recursive: true, force: true })));
  await step(async () => await state?.cms?.stop());
  await step(() => databaseTeardown());
  if (failures.length) throw failures[0];
}

async function stopApi(state) {
  if (state?.api && state.api.exitCode === null) {
    const exited = new Promise((resolve) => state.api.once('exit', resolve));
    state.api.kill('SIGTERM');
    let timer;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
    clearTimeout(timer);
    if (state.api.exitCode === null) state.api.kill('SIGKILL');
  }
}

async function dropDatabase(state) {
  if (state?.databaseName && process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    try {
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${state.databaseName} WITH (FORCE)`);
    } catch (error) {
      // Another project's teardown may have stopped the embedded server first, taking the database with it.
      if (error.code !== 'ECONNREFUSED') throw error;
    } finally {
      await admin.end().catch(() => undefined);
    }
  }
}
