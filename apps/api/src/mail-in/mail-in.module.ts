import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { EventsModule } from '../events/events.module';
import { MailboxesModule } from '../mailboxes/mailboxes.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TicketsModule } from '../tickets/tickets.module';
import { MailInMetrics } from './mail-in.metrics';
import { MailInRepository } from './mail-in.repository';
import { MailInRunner } from './mail-in.runner';
import { MailInService } from './mail-in.service';
import { DNS_RESOLVER, DnsResolver, SenderVerifier } from './sender-verification';
import { AppConfig } from '../config/app-config';

@Module({
  imports: [AttachmentsModule, EventsModule, MailboxesModule, NotificationsModule, TicketsModule],
  providers: [
    MailInService,
    MailInRepository,
    MailInRunner,
    MailInMetrics,
    // 12.8: null is the system's DNS; tests put a fake resolver here.
    { provide: DNS_RESOLVER, useValue: null },
    {
      provide: SenderVerifier,
      inject: [AppConfig, DNS_RESOLVER],
      useFactory: (config: AppConfig, resolver: DnsResolver | null) => new SenderVerifier(config.mailInVerify, resolver ?? undefined),
    },
  ],
  exports: [MailInService, MailInRunner, MailInRepository],
})
export class MailInModule {}
