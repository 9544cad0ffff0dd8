import type { TicketPriority, TicketStatus } from './ticket-status';
import type { SatisfactionStars } from './tickets';

/**
 * Domain events (issue 16): what happened, written in the transaction of the
 * change itself, so none is lost and none exists for a change rolled back.
 * Event-subscriber plugins get them in order per request, at least once: a
 * subscriber must tolerate a repeat (the same `id`).
 *
 * `version` is the schema of `data`; a change that is not backward
 * compatible gets a new version (and a new interface here), never a silent
 * change of this one.
 */
export interface DomainEventEnvelope<T extends string, D> {
  /** The event's place in the one order of all events (a bigint, as a string). */
  id: string;
  type: T;
  version: 1;
  /** ISO 8601. */
  occurredAt: string;
  /** The request it is about; absent for events about no request (`mail.quarantined`). */
  ticketId?: string;
  data: D;
}

/** Who made the change. */
export interface EventActor {
  type: 'participant' | 'staff' | 'system';
  name: string;
}

export type TicketCreatedEvent = DomainEventEnvelope<
  'ticket.created',
  { trackingId: string; number: number; subject: string; channel: 'web' | 'email'; categoryId: number; status: TicketStatus; actor: EventActor }
>;

export type MessageAddedEvent = DomainEventEnvelope<
  'message.added',
  { trackingId: string; messageId: string; kind: 'reply' | 'participant_reply' | 'note'; attachments: number; actor: EventActor }
>;

/** Issue 19: the participant voted on a staff reply (once; never changed). */
export type MessageRatedEvent = DomainEventEnvelope<'message.rated', { trackingId: string; messageId: string; rating: 'helpful' | 'not_helpful'; actor: EventActor }>;

/**
 * Issue 19: the participant answered the satisfaction question of a closing (once per closing; never changed).
 * `closedAt` names the closing answered (a request reopened and closed again is asked again). The comment's
 * text stays out, as a reply's text does in `message.added`: it is the participant's own words, possibly
 * personal, and a receiver that needs it reads the request through the API; `commented` says whether to.
 */
export type TicketSatisfactionAnsweredEvent = DomainEventEnvelope<
  'ticket.satisfaction_answered',
  { trackingId: string; stars: SatisfactionStars; commented: boolean; closedAt: string; actor: EventActor }
>;

/**
 * One field's change; ids as strings (owner: a staff account's id, null when unassigned). `tags` (issue 17):
 * the request's staff-only tag names before and after, sorted; a change of tags alone moves no `updated_at`.
 */
export type TicketFieldChange =
  | { field: 'status'; from: TicketStatus; to: TicketStatus }
  | { field: 'owner'; from: string | null; to: string | null }
  | { field: 'priority'; from: TicketPriority; to: TicketPriority }
  | { field: 'category'; from: number; to: number }
  | { field: 'organisation'; from: number | null; to: number | null }
  | { field: 'tags'; from: string[]; to: string[] };

export type TicketUpdatedEvent = DomainEventEnvelope<'ticket.updated', { trackingId: string; changes: TicketFieldChange[]; actor: EventActor }>;

export type TicketMergedEvent = DomainEventEnvelope<'ticket.merged', { trackingId: string; into: { ticketId: string; trackingId: string }; messageIds: string[]; actor: EventActor }>;

export type TicketClosedEvent = DomainEventEnvelope<'ticket.closed', { trackingId: string; from: TicketStatus; automatic: boolean; actor: EventActor }>;

export type TicketReopenedEvent = DomainEventEnvelope<'ticket.reopened', { trackingId: string; to: TicketStatus; actor: EventActor }>;

/** `reason`: why, in English words; issue 17 adds the same as stored, `reasonCode` (INBOUND_REASON_CODES) and `reasonParams`. */
export type MailQuarantinedEvent = DomainEventEnvelope<
  'mail.quarantined',
  { inboundId: string; reason: string; reasonCode: string | null; reasonParams: Record<string, string | number>; sender: string | null; subject: string | null }
>;

export type DomainEvent =
  | TicketCreatedEvent
  | MessageAddedEvent
  | MessageRatedEvent
  | TicketUpdatedEvent
  | TicketMergedEvent
  | TicketClosedEvent
  | TicketReopenedEvent
  | TicketSatisfactionAnsweredEvent
  | MailQuarantinedEvent;
export type DomainEventType = DomainEvent['type'];

export const DOMAIN_EVENT_TYPES = ['ticket.created', 'message.added', 'message.rated', 'ticket.updated', 'ticket.merged', 'ticket.closed', 'ticket.reopened', 'ticket.satisfaction_answered', 'mail.quarantined'] as const satisfies readonly DomainEventType[];

/** What a change writes: the envelope but for what the database gives it (`id`, `occurredAt`). */
export type NewDomainEvent = DomainEvent extends infer E ? (E extends DomainEvent ? Omit<E, 'id' | 'occurredAt' | 'version'> : never) : never;
