import type { AttachmentPreview } from '@pidtrymka/contracts';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What is known of a file; its bytes are in the configured `AttachmentStore` under `storageKey`.
 * Its request and message are named by table: the attachments module stays below tickets.
 */
@Entity({ name: 'attachments' })
@Check('attachments_preview_check', `preview IN ('image', 'pdf', 'text', 'none')`)
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('attachments_ticket_id_idx')
  @ForeignKey('tickets', { name: 'attachments_ticket_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Index('attachments_message_id_idx')
  @ForeignKey('messages', { name: 'attachments_message_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'message_id', type: 'bigint' })
  messageId!: string;

  @Column({ type: 'varchar', length: 255 })
  filename!: string;

  /** The order the files were sent in, within their message. */
  @Column({ type: 'smallint', default: 0 })
  position!: number;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  /**
   * Issue 17: how a page may show it, from its bytes when it was stored (`inlinePreviewOf`);
   * null for files stored before previews, which are offered as downloads only.
   */
  @Column({ type: 'varchar', length: 5, nullable: true })
  preview!: AttachmentPreview | null;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 50 })
  store!: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 100 })
  storageKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
