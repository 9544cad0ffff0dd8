import { Module } from '@nestjs/common';
import { MailIdentity } from './mail-identity';
import { MailRenderer } from './mail-renderer';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

@Module({
  providers: [OutboxService, OutboxRepository, OutboxWorker, MailRenderer, MailIdentity],
  exports: [OutboxService, OutboxRepository, OutboxWorker, MailIdentity, MailRenderer],
})
export class NotificationsModule {}
