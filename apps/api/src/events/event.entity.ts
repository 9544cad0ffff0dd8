import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event (libs/contracts `DomainEvent`), written in the transaction
 * of the change; its id is the order of all events. `payload` is the event's
 * `data`; the envelope is made of the columns.
 */
@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index('events_ticket_id_idx')
  @ForeignKey('tickets', { name: 'events_ticket_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId!: string | null;

  @Column({ type: 'varchar', length: 50 })
  type!: string;

  @Column({ type: 'smallint' })
  version!: number;

  @Column({ type: 'jsonb' })
  payload!: object;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
