import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';

const logger = new Logger('Database');

/**
 * A pool connection that can never crash the process with an unhandled
 * 'error' event. pg emits 'error' on a connection whose server goes away
 * (57P01 on a restart) when no query is running on it; the pool listens only
 * while the connection is idle, and TypeORM only while one of its query
 * runners holds it. A connection handed out in between (seen in the
 * PostgreSQL-restart fault test: checked out for a `dataSource.query` and
 * holding neither listener) took the whole API down. This listener is there
 * from birth to the end; the pool and TypeORM still do their own clean-up
 * through theirs, and the query that needed the connection still fails with
 * the error, which the API answers as 503.
 */
export class GuardedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', (error: Error & { code?: string }) => logger.warn(`A database connection failed: ${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' ')));
  }
}
