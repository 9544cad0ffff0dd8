import { Injectable, OnModuleInit } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.service';
import { OutboxRepository } from './outbox.repository';

/** The outbox's gauges, read with one query at each scrape: the database is the truth, shared by every instance. */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(async () => {
      try {
        const { depth, oldestDueSeconds, failed } = await this.outbox.backlog();
        this.metrics.outboxDepth.set(depth);
        this.metrics.outboxOldestDueAge.set(oldestDueSeconds);
        this.metrics.outboxFailed.set(failed);
      } catch (error) {
        // Unknown is not zero: a stale or zero value would hide the outage from an alert.
        this.metrics.outboxDepth.set(Number.NaN);
        this.metrics.outboxOldestDueAge.set(Number.NaN);
        this.metrics.outboxFailed.set(Number.NaN);
        throw error;
      }
    });
  }
}
