import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { MessageAuthorType } from '@pidtrymka/contracts';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { TicketEntity, TicketChannel } from './ticket.entity';

@Entity({ name: 'messages' })
@Index('messages_ticket_id_id_idx', ['ticketId', 'id'])
export class MessageEntity {
  /** Increasing, so "the newest message an agent saw" is a simple comparison. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: TicketEntity;

  @Column({ name: 'author_type', type: 'varchar', length: 20 })
  authorType!: MessageAuthorType;

  @Column({ name: 'author_name', type: 'varchar', length: 100 })
  authorName!: string;

  @Column({ name: 'author_email', type: 'varchar', length: 254, nullable: true })
  authorEmail!: string | null;

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @OneToMany(() => AttachmentEntity, (attachment) => attachment.message)
  attachments?: AttachmentEntity[];
}
