import { MailerModule } from '@nestjs-modules/mailer';
import { Module } from '@nestjs/common';
import { MAIL_TRANSPORT, MailTransport } from '@pidtrymka/plugin-sdk';
import { MailboxesModule } from '../mailboxes/mailboxes.module';
import { MailIdentity } from './mail-identity';
import { MailRenderer } from './mail-renderer';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { PluginTransport } from './plugin-transport';
import { RecipientAccess } from './recipient-access';

@Module({
  imports: [MailboxesModule, MailerModule.forRootAsync({ inject: [MAIL_TRANSPORT], useFactory: (transport: MailTransport) => ({ transport: new PluginTransport(transport) }) })],
  providers: [OutboxService, OutboxRepository, OutboxWorker, MailRenderer, MailIdentity, OutboxMetrics, RecipientAccess],
  exports: [OutboxService, OutboxRepository, OutboxWorker, MailIdentity, MailRenderer],
})
export class NotificationsModule {}
