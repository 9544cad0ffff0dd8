import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Client } from 'pg';
import pino from 'pino';
import { ThrottlerModule } from '@nestjs/throttler';
import { throttlerOptions } from '../../common/rate-limits';
import { AppConfig } from '../../config/app-config';
import { AppConfigModule } from '../../config/config.module';
import { settingsFrom } from '../../config/settings';
import { DatabaseModule } from '../../database/database.module';
import { EmbeddedPostgresServer } from '../../database/embedded-postgres';
import { LoggingModule } from '../../logging/logging.module';
import { MetricsModule } from '../../metrics/metrics.module';
import { loadAppSettings } from '../../plugins/app-settings';
import { PluginsModule } from '../../plugins/plugins.module';
import { SecretsModule } from '../../secrets/secrets.module';
import { MailInModule } from '../mail-in.module';

/** Just what the mail commands need: settings, database, plugins and mail-in — no HTTP, no background jobs. */
@Module({})
class MailCliModule {
  static forRoot(env: NodeJS.ProcessEnv): DynamicModule {
    const { config, plugins } = loadAppSettings(env);
    return {
      module: MailCliModule,
      imports: [
        AppConfigModule.forRoot(config),
        // JSON lines on stderr: stdout is the command's answer (an MTA may mail it back to the sender).
        LoggingModule.forRoot({ destination: pino.destination(2) }),
        MetricsModule.forRoot({ endpoint: false }),
        DatabaseModule,
        // Renders e-mails whose payloads hold sealed values (a participant's sign-in link), as the API does.
        SecretsModule,
        PluginsModule.forRoot(plugins),
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
  const config = settingsFrom(AppConfig, env);
  const databaseUrl = config.databaseUrl || (await EmbeddedPostgresServer.urlOfRunningServer(config.dataDir, config.embeddedDbPort));
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
