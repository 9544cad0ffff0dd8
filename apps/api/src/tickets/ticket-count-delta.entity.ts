import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketPriority, TicketStatus } from '@pidtrymka/contracts';

/**
 * +1 or -1 for a (category, owner, priority, status), written by a trigger on `tickets` in the
 * transaction of the change; insert-only, so that requests created together never wait on one
 * counter row. Folded into `ticket_counts` by a timed job.
 */
@Entity({ name: 'ticket_count_deltas' })
export class TicketCountDeltaEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'category_id', type: 'integer' })
  categoryId!: number;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'varchar', length: 10 })
  priority!: TicketPriority;

  @Column({ type: 'varchar', length: 20 })
  status!: TicketStatus;

  @Column({ type: 'integer' })
  delta!: number;
}
