import { join } from 'node:path';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EmbeddedPostgresServer } from './embedded-postgres';

/**
 * Where the database is: DATABASE_URL, or an embedded PostgreSQL that this
 * process starts under DATA_DIR/pg and stops when it shuts down, reached as
 * its application role (never the superuser) with a password from DATA_DIR.
 */
@Injectable()
export class DatabaseUrlProvider implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded?: EmbeddedPostgresServer;

  constructor(private readonly config: AppConfig) {}

  async resolve(): Promise<string> {
    if (this.config.databaseUrl) return this.config.databaseUrl;
    const started = Date.now();
    this.embedded = new EmbeddedPostgresServer({
      dataDir: join(this.config.dataDir, 'pg'),
      port: this.config.embeddedDbPort,
      database: 'pidtrymka',
      secretsDir: this.config.dataDir,
      log: (line) => this.logger.verbose(line),
      notice: (line) => this.logger.log(line),
    });
    const url = await this.embedded.start();
    this.logger.log(`Embedded PostgreSQL on 127.0.0.1:${this.config.embeddedDbPort} (${join(this.config.dataDir, 'pg')}), up in ${Date.now() - started} ms`);
    return url;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
  }
}
