import { Module } from '@nestjs/common';
import { MailIdentity } from './mail-identity';
import { MailRenderer } from './mail-renderer';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { RecipientAccess } from './recipient-access';

@Module({
  providers: [OutboxService, OutboxRepository, OutboxWorker, MailRenderer, MailIdentity, OutboxMetrics, RecipientAccess],
  exports: [OutboxService, OutboxRepository, OutboxWorker, MailIdentity, MailRenderer],
})
export class NotificationsModule {}
