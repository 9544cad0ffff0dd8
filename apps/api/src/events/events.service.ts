import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DomainEventType, NewDomainEvent } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { EventsRepository, PlannedEvent } from './events.repository';
import { REGISTERED_EVENT_SUBSCRIBERS, RegisteredEventSubscriber } from './registered-subscribers';

export type { PlannedEvent } from './events.repository';

/** The schema version every event type has today (libs/contracts/src/events.ts). */
export const EVENT_VERSION = 1;

/**
 * Writes domain events (issue 16) inside the transaction of the change, so
 * an event exists exactly when its change committed, with one delivery row
 * for each subscriber that wants its type (EventDispatcher hands them over).
 * The enabled outbound webhooks that chose the type get theirs in the same
 * statement (WEBHOOK_SUBSCRIBERS), read from the database rather than planned here.
 */
@Injectable()
export class EventsService {
  private readonly subscribers: readonly RegisteredEventSubscriber[];

  constructor(
    private readonly repository: EventsRepository,
    @Optional() @Inject(REGISTERED_EVENT_SUBSCRIBERS) subscribers?: readonly RegisteredEventSubscriber[],
  ) {
    this.subscribers = subscribers ?? [];
  }

  /** One statement: the event and its deliveries. */
  async record(manager: EntityManager, event: NewDomainEvent): Promise<void> {
    await this.repository.insert(manager, event.ticketId ?? null, this.plan(event));
  }

  /** `data` may lack what the statement that writes it adds (the request's number, for one). */
  plan(event: { type: DomainEventType; data: object }): PlannedEvent {
    return { type: event.type, version: EVENT_VERSION, payload: event.data, subscribers: this.subscribersFor(event.type) };
  }

  /** Who wants `type`: a subscriber gets no row (and so no delivery) for a type it did not ask for. */
  subscribersFor(type: DomainEventType): string[] {
    return this.subscribers.filter((s) => s.subscriber.events.includes(type)).map((s) => s.name);
  }
}
