import type { InboundStatus } from '@pidtrymka/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `received`: recorded, not yet decided (a crash in between leaves it here,
 * and the next delivery of the same message finishes it); `processed`: it
 * made or joined a request; `ignored`: an auto-reply, bounce, loop or burst
 * (R-MAIL-8), kept for staff; `quarantined`: it could not be processed,
 * with the reason, until someone replays it (R-MAIL-6).
 */
export type { InboundStatus };

/** Every e-mail that reached us, raw, recorded before the mail server is told anything. */
@Entity({ name: 'inbound_messages' })
export class InboundMessageEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  /** The Message-ID header, or `sha256:<hex>` of the raw bytes when there is none. */
  @Index('inbound_messages_message_id_key', { unique: true })
  @Column({ name: 'message_id', type: 'varchar', length: 998 })
  messageId!: string;

  @Column({ type: 'bytea' })
  raw!: Buffer;

  /** Which channel brought it, e.g. `imap:support@mail.example/INBOX`, `maildir`, `pipe`. */
  @Column({ type: 'varchar', length: 200 })
  origin!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  sender!: string | null;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'varchar', length: 12, default: 'received' })
  status!: InboundStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Index('inbound_messages_ticket_id_idx')
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId!: string | null;

  @Column({ name: 'ticket_message_id', type: 'bigint', nullable: true })
  ticketMessageId!: string | null;

  /** E.g. `{ skippedAttachments: [{ filename, size, reason }] }`. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  details!: Record<string, unknown>;

  /** Times processing began (issue 12.1): past MAIL_IN_MAX_ATTEMPTS the message is quarantined, not tried again. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;
}
