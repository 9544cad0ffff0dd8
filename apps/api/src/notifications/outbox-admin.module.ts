import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from './notifications.module';
import { OutboxAdminController } from './outbox-admin.controller';
import { OutboxAdminService } from './outbox-admin.service';

/** The outgoing half of the staff's mail pages; apart from NotificationsModule, which every CLI builds on, for the staff sign-in it needs. */
@Module({
  imports: [AuditModule, AuthModule, NotificationsModule],
  controllers: [OutboxAdminController],
  providers: [OutboxAdminService],
})
export class OutboxAdminModule {}
