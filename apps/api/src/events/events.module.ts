import { Module } from '@nestjs/common';
import { EventDispatcher } from './event-dispatcher';
import { EventsRetentionJob } from './events-retention.job';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** Domain events: written by the modules that make changes (EventsService), handed to event-subscriber plugins (EventDispatcher). */
@Module({
  providers: [EventsService, EventsRepository, EventDispatcher, EventsRetentionJob],
  exports: [EventsService, EventDispatcher, EventsRetentionJob],
})
export class EventsModule {}
