import { Module } from '@nestjs/common';
import { SlaClocksModule } from '../sla/sla-clocks.module';
import { ReportsModule } from '../reports/reports.module';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from '../audit/audit.module';
import { RateLimitStorageModule } from '../common/rate-limit-storage.module';
import { KbModule } from '../kb/kb.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { StaffTicketsModule } from '../tickets/staff-tickets.module';
import { TicketsModule } from '../tickets/tickets.module';
import { AutoCloseJob } from './auto-close.job';
import { JobRunner } from './job-runner.service';
import { JobRunsRepository } from './job-runs.repository';
import { Scheduler } from './scheduler.service';

/** Timed jobs, each run by one instance per tick (JobRunner). */
@Module({
  imports: [ScheduleModule.forRoot(), AuditModule, AuthModule, EventsModule, KbModule, NotificationsModule, RateLimitStorageModule, ReportsModule, SlaClocksModule, StaffTicketsModule, TicketsModule],
  providers: [JobRunsRepository, JobRunner, AutoCloseJob, Scheduler],
  exports: [JobRunner, AutoCloseJob],
})
export class SchedulingModule {}
