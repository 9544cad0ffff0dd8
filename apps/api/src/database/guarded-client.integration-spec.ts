import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { scratchDatabase, ScratchDatabase } from '../../../../tests/support/scratch-database';
import { buildDataSourceOptions } from './data-source-options';

/**
 * Issue 7 (PostgreSQL restart under load): a pool connection that the server
 * drops while nobody listens on it must not take the API down. The fault test
 * saw exactly that: a connection checked out for a query, between the pool's
 * listener and TypeORM's, got 57P01 and the unhandled 'error' event ended the
 * process. Here the server drops a checked-out connection that has no other
 * listener; without the guard jest reports the uncaught error.
 */
describe('database connections survive the server dropping them (issue 7)', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await scratchDatabase('guarded');
    dataSource = await new DataSource(buildDataSourceOptions(database.url, { extra: { max: 3 } })).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('a checked-out connection terminated by the server emits its error to a listener, and the pool goes on', async () => {
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    const client: PoolClient = await pool.connect();
    let released = false;
    try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // A bare checkout: the pool's idle listener is off and no TypeORM runner holds it, so the guard is the only one.
    expect(client.listenerCount('error')).toBe(1);
    const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
    await expect(dataSource.query('SELECT pg_terminate_backend($1) AS terminated', [rows[0].pid])).resolves.toEqual([{ terminated: true }]);
    // The server's FATAL 57P01 arrives with no query running: emitted as 'error', then the connection ends.
    await ended;
    client.release(new Error('terminated'));
    released = true;
    } finally {
      // A failed expectation must not leave the connection checked out: the pool's end would wait for it.
      if (!released) client.release(new Error('test failed'));
    }
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
