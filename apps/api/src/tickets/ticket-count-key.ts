import type { TicketPriority, TicketStatus } from '@pidtrymka/contracts';
import { Column } from 'typeorm';

/** What the queue's counts are counted by: the columns `ticket_counts` and `ticket_count_deltas` share. */
export abstract class TicketCountKey {
  @Column({ name: 'category_id', type: 'integer' })
  categoryId!: number;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'varchar', length: 10 })
  priority!: TicketPriority;

  @Column({ type: 'varchar', length: 20 })
  status!: TicketStatus;
}

/** What the counts for a tag filter are counted by: the request's whole set of tags (ascending ids) too. */
export abstract class TicketTagCountKey extends TicketCountKey {
  @Column({ name: 'tag_ids', type: 'integer', array: true })
  tagIds!: number[];
}
