import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { SlaAdminController } from './sla-admin.controller';
import { SlaAdminService } from './sla-admin.service';
import { SlaClocksModule } from './sla-clocks.module';

/** SLA calendars and policies, for admins (issue 19). */
@Module({
  imports: [AuditModule, AuthModule, SlaClocksModule],
  controllers: [SlaAdminController],
  providers: [SlaAdminService],
})
export class SlaModule {}
