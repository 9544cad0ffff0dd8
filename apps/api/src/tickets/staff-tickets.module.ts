import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { SlaClocksModule } from '../sla/sla-clocks.module';
import { StaffModule } from '../staff/staff.module';
import { CannedResponsesController } from './canned-responses.controller';
import { CannedResponsesService } from './canned-responses.service';
import { StaffCopiesController } from './staff-copies.controller';
import { StaffCopiesService } from './staff-copies.service';
import { StaffDraftsController } from './staff-drafts.controller';
import { StaffDraftsRepository } from './staff-drafts.repository';
import { StaffDraftsService } from './staff-drafts.service';
import { StaffTicketsController } from './staff-tickets.controller';
import { StaffTicketsRepository } from './staff-tickets.repository';
import { StaffTicketsService } from './staff-tickets.service';
import { TicketsModule } from './tickets.module';
import { TagsController } from './tags.controller';
import { TagsRepository } from './tags.repository';
import { TagsService } from './tags.service';
import { SavedViewsController } from './saved-views.controller';
import { SavedViewsRepository } from './saved-views.repository';
import { SavedViewsService } from './saved-views.service';

/**
 * Requests as staff work them (/api/staff/tickets, canned responses): apart
 * from TicketsModule so that the mail CLIs, which build on that one, start
 * without the staff sign-in.
 */
@Module({
  imports: [AttachmentsModule, AuditModule, AuthModule, EventsModule, NotificationsModule, OrganisationsModule, SlaClocksModule, StaffModule, TicketsModule],
  controllers: [StaffTicketsController, TagsController, SavedViewsController, StaffDraftsController, CannedResponsesController, StaffCopiesController],
  providers: [StaffTicketsService, TagsRepository, TagsService, SavedViewsRepository, SavedViewsService, StaffTicketsRepository, StaffDraftsService, StaffDraftsRepository, CannedResponsesService, StaffCopiesService],
  exports: [StaffTicketsRepository, StaffTicketsService],
})
export class StaffTicketsModule {}
