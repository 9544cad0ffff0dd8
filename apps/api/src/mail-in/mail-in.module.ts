import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TicketsModule } from '../tickets/tickets.module';
import { MailInMetrics } from './mail-in.metrics';
import { MailInRepository } from './mail-in.repository';
import { MailInRunner } from './mail-in.runner';
import { MailInService } from './mail-in.service';

@Module({
  imports: [AttachmentsModule, NotificationsModule, TicketsModule],
  providers: [MailInService, MailInRepository, MailInRunner, MailInMetrics],
  exports: [MailInService, MailInRunner, MailInRepository],
})
export class MailInModule {}
