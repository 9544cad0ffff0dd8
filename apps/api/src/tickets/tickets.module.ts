import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { AuditModule } from '../audit/audit.module';
import { CaptchaModule } from '../captcha/captcha.module';
import { RateLimitStorageModule } from '../common/rate-limit-storage.module';
import { EventsModule } from '../events/events.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SlaClocksModule } from '../sla/sla-clocks.module';
import { CategoriesController } from './categories.controller';
import { LookupLimiter } from './lookup-limiter.service';
import { ParticipantSpaceController } from './participant-space.controller';
import { ParticipantRequestsService } from './participant-requests.service';
import { ParticipantSpaceService } from './participant-space.service';
import { StaffNotifier } from './staff-notifier.service';
import { StaffRecipientsRepository } from './staff-recipients.repository';
import { TicketLifecycle } from './ticket-lifecycle';
import { TicketWriter } from './ticket-writer.service';
import { TicketsController } from './tickets.controller';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';
import { SatisfactionRepository } from './satisfaction.repository';

/** Requests: their creation and the participant's side (the portal's API); mail-in builds on it. */
@Module({
  imports: [AttachmentsModule, AuditModule, AuthModule, CaptchaModule, EventsModule, NotificationsModule, RateLimitStorageModule, SlaClocksModule],
  controllers: [TicketsController, CategoriesController, ParticipantSpaceController],
  providers: [ParticipantSpaceService, ParticipantRequestsService, TicketsService, TicketsRepository, TicketWriter, TicketLifecycle, LookupLimiter, StaffNotifier, StaffRecipientsRepository, SatisfactionRepository],
  exports: [TicketsService, SatisfactionRepository, TicketsRepository, TicketWriter, TicketLifecycle, StaffNotifier],
})
export class TicketsModule {}
