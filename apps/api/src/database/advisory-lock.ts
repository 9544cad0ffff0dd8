import { EntityManager } from 'typeorm';

/**
 * Holds a PostgreSQL advisory lock until the transaction of `manager` ends:
 * how one instance among several does a start-up step once (first admin,
 * upgrading stored secrets) while the others wait and then find it done.
 */
export async function lockUntilCommit(manager: EntityManager, key: number): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock($1)`, [key]);
}
