import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TicketTagCountKey } from './ticket-count-key';

/**
 * +1 or -1 for a tag set and (category, owner, priority, status), written by the triggers on
 * `ticket_tags` and `tickets` in the transaction of the change; insert-only, like
 * `ticket_count_deltas`. Folded into `ticket_tag_counts` by the same timed job.
 */
@Entity({ name: 'ticket_tag_count_deltas' })
export class TicketTagCountDeltaEntity extends TicketTagCountKey {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'integer' })
  delta!: number;
}
