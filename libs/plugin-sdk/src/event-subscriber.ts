/** Token under which an event-subscriber plugin's module provides its `EventSubscriber`. */
export const EVENT_SUBSCRIBER = 'pidtrymka:EventSubscriber';

/**
 * A domain event as a subscriber gets it. Its types, one interface per
 * `type` and `version`, are `DomainEvent` in `@pidtrymka/contracts`; a
 * subscriber narrows on `type` (and checks `version`).
 */
export interface SubscribedEvent {
  /** The event's place in the order of all events; the same on a repeat. */
  id: string;
  type: string;
  version: number;
  /** ISO 8601. */
  occurredAt: string;
  ticketId?: string;
  data: unknown;
}

/**
 * Receives domain events (issue 16). Any number run at once, each chosen by
 * its plugin name in EVENT_SUBSCRIBERS. Delivery is at least once and in
 * order per request: the next event of a request waits until `handle`
 * resolved for this one. A rejection is retried with backoff (so `handle`
 * must tolerate a repeat of the same `id`), up to EVENT_MAX_ATTEMPTS; one
 * subscriber's failures never hold back another's events, nor the change
 * that caused them.
 */
export interface EventSubscriber {
  /** The event types it wants, e.g. `['ticket.created', 'message.added']`; others are never written for it. */
  readonly events: readonly string[];
  handle(event: SubscribedEvent): Promise<void>;
}
