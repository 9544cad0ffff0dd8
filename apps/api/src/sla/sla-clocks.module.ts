import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SlaClocks } from './sla-clocks.service';
import { SlaEscalationJob } from './sla-escalation.job';
import { SlaRepository } from './sla.repository';

/** Requests' SLA clocks, for TicketLifecycle to keep in the transaction of each change (issue 19). */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [SlaRepository, SlaClocks, SlaEscalationJob],
  exports: [SlaRepository, SlaClocks, SlaEscalationJob],
})
export class SlaClocksModule {}
