import type { DataSource } from 'typeorm';

/** A round trip to PostgreSQL on a pooled connection: what the health check calls the database being up. */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
