import { Module } from '@nestjs/common';
import { EventDispatcher } from './event-dispatcher';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** Domain events: written by the modules that make changes (EventsService), handed to event-subscriber plugins (EventDispatcher). */
@Module({
  providers: [EventsService, EventsRepository, EventDispatcher],
  exports: [EventsService, EventDispatcher],
})
export class EventsModule {}
