import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TicketCountKey } from './ticket-count-key';

/**
 * How many requests have this (category, owner, priority, status), as of the last fold of
 * `ticket_count_deltas` (StaffTicketsRepository.foldCountDeltas); a reader adds the deltas
 * not yet folded. See the TicketCounts migration.
 */
@Entity({ name: 'ticket_counts' })
// Unique on (category_id, coalesce(owner_id, the nil uuid), priority, status): "no owner" is one key.
// On an expression TypeORM cannot declare: written in the migration, kept out of schema sync.
@Index('ticket_counts_key', { synchronize: false })
export class TicketCountEntity extends TicketCountKey {
  /** Only so that a row can be named (TypeORM and logical replication need a key); the unique key above is what counts. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'bigint' })
  count!: string;
}
