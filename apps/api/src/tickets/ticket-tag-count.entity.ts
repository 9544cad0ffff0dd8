import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TicketTagCountKey } from './ticket-count-key';

/**
 * How many requests carry exactly this set of tags (ascending ids) with this (category, owner,
 * priority, status), as of the last fold of `ticket_tag_count_deltas`; a reader adds the deltas not
 * yet folded. Untagged requests are not here. See the TicketTagCounts migration.
 */
@Entity({ name: 'ticket_tag_counts' })
// Unique on (tag_ids, category_id, coalesce(owner_id, the nil uuid), priority, status): written in the migration, as ticket_counts_key.
@Index('ticket_tag_counts_key', { synchronize: false })
export class TicketTagCountEntity extends TicketTagCountKey {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'bigint' })
  count!: string;
}
