import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DomainEventType, NewDomainEvent } from '@pidtrymka/contracts';
import { EntityManager } from 'typeorm';
import { REGISTERED_EVENT_SUBSCRIBERS, RegisteredEventSubscriber } from './registered-subscribers';

/** The schema version every event type has today (libs/contracts/src/events.ts). */
export const EVENT_VERSION = 1;

/**
 * An event as rows, for a statement that writes it with other rows (the one
 * that opens a request): its columns, and the subscribers that get a
 * delivery row.
 */
export interface PlannedEvent {
  type: DomainEventType;
  version: number;
  payload: object;
  subscribers: string[];
}

/**
 * Writes domain events (issue 16) inside the transaction of the change, so
 * an event exists exactly when its change committed, with one delivery row
 * for each subscriber that wants its type (EventDispatcher hands them over).
 */
@Injectable()
export class EventsService {
  private readonly subscribers: readonly RegisteredEventSubscriber[];

  constructor(@Optional() @Inject(REGISTERED_EVENT_SUBSCRIBERS) subscribers?: readonly RegisteredEventSubscriber[]) {
    this.subscribers = subscribers ?? [];
  }

  /** One statement: the event and its deliveries. */
  async record(manager: EntityManager, event: NewDomainEvent): Promise<void> {
    const planned = this.plan(event);
    await manager.query(
      `WITH event AS (
         INSERT INTO events (ticket_id, type, version, payload) VALUES ($1, $2, $3, $4) RETURNING id, ticket_id
       )
       INSERT INTO event_deliveries (subscriber, event_id, ticket_id)
       SELECT s.name, event.id, event.ticket_id FROM event, unnest($5::text[]) AS s(name)`,
      [event.ticketId ?? null, planned.type, planned.version, JSON.stringify(planned.payload), planned.subscribers],
    );
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
