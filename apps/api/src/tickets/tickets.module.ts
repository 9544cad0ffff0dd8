import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { CaptchaModule } from '../captcha/captcha.module';
import { RateLimitStorageModule } from '../common/rate-limit-storage.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { StaffNotifierModule } from '../staff/staff-notifier.module';
import { CategoriesController } from './categories.controller';
import { LookupLimiter } from './lookup-limiter.service';
import { TicketWriter } from './ticket-writer.service';
import { TicketsController } from './tickets.controller';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

@Module({
  imports: [AttachmentsModule, AuditModule, CaptchaModule, NotificationsModule, RateLimitStorageModule, StaffNotifierModule],
  controllers: [TicketsController, CategoriesController],
  providers: [TicketsService, TicketsRepository, TicketWriter, LookupLimiter],
  exports: [TicketsService, TicketsRepository, TicketWriter],
})
export class TicketsModule {}
