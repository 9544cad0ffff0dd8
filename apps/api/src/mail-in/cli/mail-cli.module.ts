import { resolve } from 'node:path';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Client } from 'pg';
import pino from 'pino';
import { ThrottlerModule } from '@nestjs/throttler';
import { throttlerOptions } from '../../common/rate-limits';
import { AppConfig, validateEnvironment } from '../../config/app-config';
import { AppConfigModule } from '../../config/config.module';
import { DatabaseModule } from '../../database/database.module';
import { EmbeddedPostgresServer } from '../../database/embedded-postgres';
import { LoggingModule } from '../../logging/logging.module';
import { MetricsModule } from '../../metrics/metrics.module';
import { PluginsModule } from '../../plugins/plugins.module';
import { MailInModule } from '../mail-in.module';

/** Just what the mail commands need: settings, database, plugins and mail-in — no HTTP, no background jobs. */
@Module({})
class MailCliModule {
  static forRoot(env: NodeJS.ProcessEnv): DynamicModule {
    const settings = validateEnvironment(env);
    return {
      module: MailCliModule,
      imports: [
        AppConfigModule.forRoot(settings),
        // JSON lines on stderr: stdout is the command's answer (an MTA may mail it back to the sender).
        LoggingModule.forRoot({ destination: pino.destination(2) }),
        MetricsModule.forRoot({ endpoint: false }),
        DatabaseModule,
        PluginsModule.forRoot(settings),
        // The tickets module it builds on keeps its look-up limiter in the throttler's storage.
        ThrottlerModule.forRootAsync({ inject: [AppConfig], useFactory: throttlerOptions }),
        MailInModule,
      ],
    };
  }
}

/**
 * Opens the mail commands' context on DATABASE_URL or, without it, on the
 * embedded database of the running API (EMBEDDED_DB_PORT): a command never
 * starts a second embedded server on the API's data folder.
 */
export async function openMailCli(): Promise<INestApplicationContext> {
  const env = process.env;
  const databaseUrl = env.DATABASE_URL || (await EmbeddedPostgresServer.urlOfRunningServer(resolve(env.DATA_DIR || './data'), Number(env.EMBEDDED_DB_PORT ?? 54329)));
  // Fail at once when the database is away (the Nest module would retry for half a minute): an MTA retries later anyway.
  const probe = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await probe.connect();
  await probe.end();
  const app = await NestFactory.createApplicationContext(
    MailCliModule.forRoot({ LOG_LEVEL: 'warn', ...env, DATABASE_URL: databaseUrl, OUTBOX_WORKER_ENABLED: 'false', MAIL_IN_ENABLED: 'false' }),
    { logger: ['error'], bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  return app;
}
