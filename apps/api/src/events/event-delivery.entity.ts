import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * `sending`: a dispatcher holds it until `next_attempt_at` (its lease), after which another may take it.
 * `failed`: given up after EVENT_MAX_ATTEMPTS; later events of its request then go on.
 */
export type EventDeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/** One event for one subscriber (see the DomainEvents migration for why a row each rather than a cursor). */
@Entity({ name: 'event_deliveries' })
@Check('event_deliveries_status_check', `status IN ('pending', 'sending', 'delivered', 'failed')`)
@Index('event_deliveries_due_idx', ['nextAttemptAt'], { where: "status IN ('pending', 'sending')" })
@Index('event_deliveries_open_idx', ['subscriber', 'ticketId', 'eventId'], { where: "status IN ('pending', 'sending')" })
export class EventDeliveryEntity {
  /** The event-subscriber plugin's name, or `webhook:<id>` for an outbound webhook. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  subscriber!: string;

  @Index('event_deliveries_event_id_idx')
  @ForeignKey('events', { name: 'event_deliveries_event_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'event_id', type: 'bigint' })
  eventId!: string;

  /** The event's request, copied here for the order check. */
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: EventDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /** A webhook receiver's HTTP status on the last attempt (null: no answer, or a plugin). */
  @Column({ name: 'response_status', type: 'smallint', nullable: true })
  responseStatus!: number | null;

  /** The start of that answer's body, bounded. */
  @Column({ name: 'response_excerpt', type: 'varchar', length: 500, nullable: true })
  responseExcerpt!: string | null;
}
