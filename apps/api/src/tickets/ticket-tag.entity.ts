import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** Issue 17: a tag on a request. */
@Entity({ name: 'ticket_tags' })
@Index('ticket_tags_tag_id_idx', ['tagId', 'ticketId'])
export class TicketTagEntity {
  @ForeignKey('tickets', { name: 'ticket_tags_ticket_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @ForeignKey('tags', { name: 'ticket_tags_tag_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'tag_id', type: 'integer' })
  tagId!: number;
}
