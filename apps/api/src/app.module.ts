import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { CaptchaModule } from './captcha/captcha.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { RATE_LIMIT_STORAGE, RateLimitStorageModule } from './common/rate-limit-storage.module';
import { throttlerOptions } from './common/rate-limits';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { KbModule } from './kb/kb.module';
import { LoggingModule } from './logging/logging.module';
import { AuthModule } from './auth/auth.module';
import { MailAdminModule } from './mail-in/mail-admin.module';
import { MailboxesAdminModule } from './mailboxes/mailboxes-admin.module';
import { MailInModule } from './mail-in/mail-in.module';
import { MetricsModule } from './metrics/metrics.module';
import { MailTemplates } from './notifications/mail-templates';
import { OutboxAdminModule } from './notifications/outbox-admin.module';
import { loadAppSettings } from './plugins/app-settings';
import { PluginsModule } from './plugins/plugins.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SecretsModule } from './secrets/secrets.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { SlaModule } from './sla/sla.module';
import { ReportsModule } from './reports/reports.module';
import { StaffModule } from './staff/staff.module';
import { LiveModule } from './live/live.module';
import { StaffTicketsModule } from './tickets/staff-tickets.module';
import { TicketsModule } from './tickets/tickets.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/**
 * The whole API. Plugins are chosen from the environment when the module is
 * built, so it is a function of it (tests build it with their own settings).
 */
@Module({})
export class AppModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const { config, plugins } = loadAppSettings(env);
    // Like the settings, before anything starts (a database connection left retrying): a broken e-mail template stops the start here.
    MailTemplates.load(config.mailTemplatesDir);
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(),
        MetricsModule.forRoot({ endpoint: config.metrics.enabled }),
        DatabaseModule,
        SecretsModule,
        PluginsModule.forRoot(plugins),
        ThrottlerModule.forRootAsync({ imports: [RateLimitStorageModule], inject: [AppConfig, RATE_LIMIT_STORAGE], useFactory: throttlerOptions }),
        HealthModule,
        CaptchaModule,
        TicketsModule,
        KbModule,
        MailInModule,
        AuthModule,
        StaffModule,
        StaffTicketsModule,
        LiveModule,
        OrganisationsModule,
        MailAdminModule,
        MailboxesAdminModule,
        OutboxAdminModule,
        WebhooksModule,
        SchedulingModule,
        SlaModule,
        ReportsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
