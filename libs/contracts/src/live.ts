import type { DomainEventType, EventActor, TicketFieldChange } from './events';

/** The staff workspace's live stream (issue 17): `GET /api/staff/live`, server-sent events. */
export const LIVE_STREAM_PATH = '/api/staff/live';

/**
 * Something happened to a request the agent may see. Ids only, and who did it:
 * the page fetches what it shows through the endpoints that check access, so the
 * stream never carries a participant's words.
 */
export interface LiveTicketEvent {
  /** The domain event's id (issue 16): increasing, so a page can drop what it already has. */
  eventId: string;
  type: DomainEventType;
  ticketId: string;
  trackingId: string;
  /** A merge: where the request went. */
  intoTrackingId?: string;
  /** `message.added`: a reply, a participant's reply, or a note. */
  messageKind?: 'reply' | 'participant_reply' | 'note';
  /** `message.added`: a page tells the message it sent itself from a colleague's. */
  messageId?: string;
  /** `ticket.updated`: which fields changed (names only); a change of `tags` alone is no news to read (issue 17). */
  fields?: TicketFieldChange['field'][];
  actor?: EventActor;
}

export const PRESENCE_STATES = ['viewing', 'typing', 'left'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** A colleague opened, is typing in, or left a request. Shown until `PRESENCE_TTL_MS` passes without another. */
export interface LivePresenceEvent {
  ticketId: string;
  trackingId: string;
  staffId: string;
  name: string;
  state: PresenceState;
}

/** A page repeats its presence well within this, so a colleague's closed tab fades out on its own. */
export const PRESENCE_TTL_MS = 45_000;
export const PRESENCE_REPEAT_MS = 15_000;

/** Event names on the stream. */
/** `resync`: the server may have missed changes (its database connection came back): a page fetches what it shows again. */
export const LIVE_EVENT = { ticket: 'ticket', presence: 'presence', ping: 'ping', resync: 'resync' } as const;
