import databaseTeardown from './database.global-teardown.mjs';

export default async function globalTeardown() {
  await globalThis.__cms?.stop();
  await databaseTeardown();
}
