import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { RateLimitStorageModule } from '../common/rate-limit-storage.module';
import { MailInModule } from '../mail-in/mail-in.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CannedResponsesController } from './canned-responses.controller';
import { CannedResponsesService } from './canned-responses.service';
import { MailAdminController } from './mail-admin.controller';
import { MailAdminService } from './mail-admin.service';
import { StaffAccountsController } from './staff-accounts.controller';
import { StaffAccountsService } from './staff-accounts.service';
import { StaffAuthGuard } from './staff-auth.guard';
import { StaffBootstrap } from './staff-bootstrap.service';
import { StaffNotifierModule } from './staff-notifier.module';
import { StaffTicketsController } from './staff-tickets.controller';
import { StaffTicketsRepository } from './staff-tickets.repository';
import { StaffTicketsService } from './staff-tickets.service';
import { Ownerships } from './ownerships';
import { StaffRepository } from './staff.repository';
import { StaffTeamController } from './staff-team.controller';
import { TotpSecrets } from './totp-secrets';

/** The staff workspace API under /api/staff. */
@Module({
  imports: [AttachmentsModule, AuditModule, NotificationsModule, RateLimitStorageModule, StaffNotifierModule, MailInModule],
  controllers: [AuthController, StaffAccountsController, StaffTicketsController, CannedResponsesController, MailAdminController, StaffTeamController],
  providers: [AuthService, StaffAuthGuard, StaffRepository, StaffAccountsService, StaffBootstrap, StaffTicketsRepository, StaffTicketsService, CannedResponsesService, MailAdminService, Ownerships, TotpSecrets],
  exports: [StaffTicketsRepository, StaffRepository, StaffAccountsService],
})
export class StaffModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only the staff routes read cookies: the participants' API has none.
    consumer.apply(cookieParser()).forRoutes(AuthController, StaffAccountsController, StaffTicketsController, CannedResponsesController, MailAdminController, StaffTeamController);
  }
}
