import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { MailAdminController } from './mail-admin.controller';
import { MailAdminService } from './mail-admin.service';
import { MailInModule } from './mail-in.module';

/**
 * The incoming half of the staff's mail pages (/api/staff/mail): quarantined
 * and kept e-mails. Apart from MailInModule so that the mail CLIs start
 * without the staff sign-in.
 */
@Module({
  imports: [AuditModule, AuthModule, MailInModule, NotificationsModule],
  controllers: [MailAdminController],
  providers: [MailAdminService],
})
export class MailAdminModule {}
