import { Module } from '@nestjs/common';
import { SlaClocks } from './sla-clocks.service';
import { SlaRepository } from './sla.repository';

/** Requests' SLA clocks, for TicketLifecycle to keep in the transaction of each change (issue 19). */
@Module({
  providers: [SlaRepository, SlaClocks],
  exports: [SlaRepository, SlaClocks],
})
export class SlaClocksModule {}
