import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventsRepository } from './events.repository';

const BATCH_SIZE = 1000;

/**
 * Issue 16: the `events` table is an outbox, not an archive. Events older than
 * EVENTS_RETENTION_DAYS whose every delivery is done (delivered or given up)
 * are deleted, with their deliveries, in short batches so no run holds many
 * rows at once; one still waited for (a disabled webhook's) is kept whatever
 * its age. Run by the scheduler, one instance per tick (JobRunner).
 */
@Injectable()
export class EventsRetentionJob {
  static readonly jobName = 'events-retention';
  private readonly logger = new Logger('EventsRetention');

  constructor(
    private readonly events: EventsRepository,
    private readonly config: AppConfig,
  ) {}

  /** How many events it deleted. */
  async run(): Promise<number> {
    const days = this.config.events.retentionDays;
    let deleted = 0;
    for (;;) {
      const batch = await this.events.deleteExpired(days, BATCH_SIZE);
      deleted += batch;
      if (batch < BATCH_SIZE) break;
    }
    if (deleted > 0) this.logger.log(`Deleted ${deleted} domain event(s) older than ${days} days, every delivery done`);
    return deleted;
  }
}
