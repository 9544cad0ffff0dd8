import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { RATE_LIMIT_STORAGE } from '../common/rate-limit-storage.module';
import { PostgresThrottlerStorage, RateLimitStorage } from '../common/throttler-storages';
import { AppConfig } from '../config/app-config';
import { EventsRetentionJob } from '../events/events-retention.job';
import { KbSyncService } from '../kb/kb-sync.service';
import { StaffTicketsRepository } from '../tickets/staff-tickets.repository';
import { AccountsRepository } from '../auth/accounts.repository';
import { ParticipantAuthService } from '../auth/participant-auth.service';
import { SlaEscalationJob } from '../sla/sla-escalation.job';
import { ReportFactsJob } from '../reports/report-facts.job';
import { AutoCloseJob } from './auto-close.job';
import { JobRunner } from './job-runner.service';

/**
 * Registers the timed jobs at SCHEDULER_INTERVAL_SECONDS (a setting, hence
 * the registry rather than a decorator). The schedule module clears them on shutdown.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap {
  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly runner: JobRunner,
    private readonly autoClose: AutoCloseJob,
    private readonly slaEscalations: SlaEscalationJob,
    private readonly reportFacts: ReportFactsJob,
    private readonly eventsRetention: EventsRetentionJob,
    private readonly accounts: AccountsRepository,
    private readonly participantAuth: ParticipantAuthService,
    private readonly tickets: StaffTicketsRepository,
    private readonly knowledgeBase: KbSyncService,
    @Inject(RATE_LIMIT_STORAGE) private readonly rateLimits: RateLimitStorage,
    private readonly databaseCounters: PostgresThrottlerStorage,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.scheduler.enabled) return;
    const every = this.config.scheduler.intervalMs;
    this.every(AutoCloseJob.jobName, every, async () => {
      await this.autoClose.run();
    });
    // Issue 19: warnings to owners, breaches to admins, each once.
    this.every(SlaEscalationJob.jobName, every, async () => {
      await this.slaEscalations.run();
    });
    // Issue 19: the reports' stored figures, for requests changed since the last run.
    this.every(ReportFactsJob.jobName, every, async () => {
      await this.reportFacts.run();
    });
    // Issue 16: domain events whose deliveries are all done, past EVENTS_RETENTION_DAYS.
    this.every(EventsRetentionJob.jobName, every, async () => {
      await this.eventsRetention.run();
    });
    this.every('expired-sessions', every, async () => {
      await this.accounts.deleteExpiredSessions(this.config.staff.sessionIdleMs);
      await this.participantAuth.deleteExpired();
    });
    // R-KB-2: heals any webhook the CMS failed to deliver.
    this.every('kb-resync', this.config.scheduler.kbResyncMs, async () => {
      await this.knowledgeBase.resync();
    });
    // Keeps the deltas the queue's counts add up few (see the TicketCounts migration).
    this.every('ticket-counts-fold', this.config.scheduler.countsFoldMs, async () => {
      await this.tickets.foldCountDeltas();
    });
    this.every('rate-limit-sweep', every, async () => {
      await this.rateLimits.sweep();
      // The staff sign-in counters are in PostgreSQL whatever RATE_LIMIT_STORE says; with `database` the line above swept them.
      if (this.config.rateLimit.store === 'memory') await this.databaseCounters.sweep();
    });
  }

  private every(name: string, ms: number, job: () => Promise<void>): void {
    let running = false;
    const interval = setInterval(() => {
      // A slow run is not stacked on by the next tick.
      if (running) return;
      running = true;
      void this.runner.tick(name, ms, job).finally(() => (running = false));
    }, ms);
    interval.unref();
    this.registry.addInterval(name, interval);
  }
}
