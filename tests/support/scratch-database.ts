import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDatabase, dropDatabase } from '../../apps/api/src/testing/test-app';

export interface ScratchDatabase {
  url: string;
  /** A client of the test's own on it, for looking at what the API wrote. */
  client: Client;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database on the server the jest global setup provides
 * (TEST_DATABASE_URL), for an API child process to migrate and use.
 */
export async function scratchDatabase(label: string): Promise<ScratchDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run these tests through jest (its global setup provides one)');
  const name = `pidtrymka_${label}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(serverUrl, name);
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    url,
    client,
    async drop() {
      await client.end().catch(() => undefined);
      await dropDatabase(serverUrl, name);
    },
  };
}

/** Runs `count` jobs, `concurrency` at a time, in order of index. */
export async function inParallel(count: number, concurrency: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await job(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
