import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A statement on its own (its own transaction) as a named prepared statement
 * straight on TypeORM's own pool, for the hottest paths (issue 14): the
 * request page's read and the creation of a request. PostgreSQL parses and
 * plans the text once per connection instead of once per call, and the call
 * skips TypeORM's query runner (its connect, release and bookkeeping cost
 * more CPU than the read). Same pool, same settings (query_timeout), same pg
 * rows as `dataSource.query`. `name` must be unique per `text` across the
 * process: pg keeps one statement per name on each connection.
 */
export async function preparedQuery<Row>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query<Row & object>({ name, text, values });
  return result.rows;
}
