import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MailboxesModule } from '../mailboxes/mailboxes.module';
import { HealthController } from './health.controller';
import { HealthIndicators } from './health.indicators';

// Terminus's own logger would write an error for every failed probe; HealthIndicators logs each change once instead.
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), MailboxesModule],
  controllers: [HealthController],
  providers: [HealthIndicators],
})
export class HealthModule {}
