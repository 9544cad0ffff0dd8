import type { DataSource } from 'typeorm';

// Any constant shared by every instance; names the lock in pg_locks.
const MIGRATION_LOCK_KEY = 7_261_001;

/**
 * Runs pending migrations while holding an advisory lock, so that several API
 * instances starting together migrate once and the others wait for it.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
