import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { MessageAuthorType, ReplyRating } from '@pidtrymka/contracts';
import { TicketEntity, TicketChannel } from './ticket.entity';

/** A trigger (StaffWorkspace migration) adds each new message's words to its request's `search_vector`. */
@Entity({ name: 'messages' })
@Check('messages_author_type_check', `author_type IN ('participant', 'staff', 'system')`)
@Check('messages_rating_check', `(rating IS NULL AND rated_at IS NULL) OR (rating IN ('helpful', 'not_helpful') AND rated_at IS NOT NULL)`)
@Index('messages_ticket_id_id_idx', ['ticketId', 'id'])
// Auto-close looks only at requests in `replied` and at their staff messages.
@Index('messages_staff_replies_idx', ['ticketId', 'createdAt'], { where: `author_type = 'staff' AND NOT is_internal` })
// Issue 19: reply ratings by when they were given, for reports.
@Index('messages_rated_at_idx', ['ratedAt'], { where: 'rating IS NOT NULL' })
export class MessageEntity {
  /** Increasing, so "the newest message an agent saw" is a simple comparison. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'messages_ticket_id_fkey' })
  ticket?: TicketEntity;

  @Column({ name: 'author_type', type: 'varchar', length: 20 })
  authorType!: MessageAuthorType;

  @Column({ name: 'author_name', type: 'varchar', length: 100 })
  authorName!: string;

  @Column({ name: 'author_email', type: 'varchar', length: 254, nullable: true })
  authorEmail!: string | null;

  /** The staff account that wrote a staff message or note; unset when the account goes (the name stays). */
  @ForeignKey('staff_accounts', { name: 'messages_author_staff_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'author_staff_id', type: 'uuid', nullable: true })
  authorStaffId!: string | null;

  @Column({ type: 'text' })
  body!: string;

  /** An e-mailed message's whole text, quotes included, when quote removal took something out of `body` (issue 15). */
  @Column({ name: 'full_body', type: 'text', nullable: true })
  fullBody!: string | null;

  /** Staff notes: never shown to the participant nor e-mailed to them. */
  @Column({ name: 'is_internal', type: 'boolean', default: false })
  isInternal!: boolean;

  @Column({ type: 'varchar', length: 10, default: 'web' })
  channel!: TicketChannel;

  /** Issue 19: the participant's "was this reply helpful?" on a staff reply; set once, never changed. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  rating!: ReplyRating | null;

  @Column({ name: 'rated_at', type: 'timestamptz', nullable: true })
  ratedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
