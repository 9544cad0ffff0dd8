import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TicketCountKey } from './ticket-count-key';

/**
 * +1 or -1 for a (category, owner, priority, status), written by a trigger on `tickets` in the
 * transaction of the change; insert-only, so that requests created together never wait on one
 * counter row. Folded into `ticket_counts` by a timed job.
 */
@Entity({ name: 'ticket_count_deltas' })
export class TicketCountDeltaEntity extends TicketCountKey {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'integer' })
  delta!: number;
}
