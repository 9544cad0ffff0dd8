import type { InboundReasonParams, InboundStatus } from '@pidtrymka/contracts';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `received`: recorded, not yet decided (a crash in between leaves it here,
 * and the next delivery of the same message finishes it); `processed`: it
 * made or joined a request; `ignored`: an auto-reply, bounce or loop
 * (R-MAIL-8), kept for staff; `duplicate`: the same text from the same
 * sender to the same request again within the burst window; `held`: a new
 * request beyond the burst limit, waiting for an admin to release it;
 * `quarantined`: it could not be processed, with the reason, until someone
 * replays it (R-MAIL-6). Every status but `processed` is listed for admins,
 * and each can be released (processed as if new).
 */
export type { InboundStatus };

/** Every e-mail that reached us, raw, recorded before the mail server is told anything. */
@Entity({ name: 'inbound_messages' })
@Check('inbound_messages_status_check', `status IN ('received', 'processed', 'ignored', 'duplicate', 'held', 'quarantined')`)
@Index('inbound_messages_message_id_content_key', ['messageId', 'contentHash'], { unique: true })
// What is waiting or was kept without effect, for the admins' lists; processed messages, the great majority, stay out.
@Index('inbound_messages_status_idx', ['status', 'receivedAt'], { where: "status <> 'processed'" })
@Index('inbound_messages_kept_idx', ['id'], { where: "status <> 'processed' OR reused_message_id_of IS NOT NULL" })
// One body-and-sender duplicate check per message (R-MAIL-8).
@Index('inbound_messages_text_hash_idx', ['textHash', 'receivedAt'], { where: 'text_hash IS NOT NULL' })
// (lower(sender), received_at), on an expression TypeORM cannot declare: a sender's recent messages, any case.
@Index('inbound_messages_sender_received_idx', { synchronize: false })
export class InboundMessageEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  /** The Message-ID header, or `sha256:<hex>` of the raw bytes when there is none. */
  @Column({ name: 'message_id', type: 'varchar', length: 998 })
  messageId!: string;

  /** `contentFingerprint` of the raw message: with the Message-ID, what makes a delivery the same message. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  /** An earlier message under the same Message-ID with other content: this one is flagged for staff. */
  @ForeignKey(() => InboundMessageEntity, { name: 'inbound_messages_reused_message_id_of_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'reused_message_id_of', type: 'bigint', nullable: true })
  reusedMessageIdOf!: string | null;

  /** Sender, target and text, hashed: an equal one within the burst window is a duplicate (R-MAIL-8). */
  @Column({ name: 'text_hash', type: 'varchar', length: 64, nullable: true })
  textHash!: string | null;

  /** Set at screening: whether it would open a request (only those count towards a burst). */
  @Column({ name: 'new_request', type: 'boolean', nullable: true })
  newRequest!: boolean | null;

  /** An admin released it: processed as if new, past the burst, duplicate and auto-reply rules. */
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

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

  /** Issue 17: why it was kept, as a code of INBOUND_REASON_CODES (put into words in the reader's language when shown). */
  @Column({ type: 'varchar', length: 30, nullable: true })
  reason!: string | null;

  /** The reason's parameters, e.g. `{ limit: 5, seconds: 300, sender }` for a burst. */
  @Column({ name: 'reason_params', type: 'jsonb', default: {} })
  reasonParams!: InboundReasonParams;
  /** Issue 16: the mailbox it was read from; null for the default mailbox of the environment. */
  @Index('inbound_messages_mailbox_id_idx', { where: 'mailbox_id IS NOT NULL' })
  @ForeignKey('mailboxes', { name: 'inbound_messages_mailbox_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'mailbox_id', type: 'uuid', nullable: true })
  mailboxId!: string | null;

  @Index('inbound_messages_ticket_id_idx')
  @ForeignKey('tickets', { name: 'inbound_messages_ticket_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId!: string | null;

  /** The message it made: admins download a message's original e-mail by it. */
  @Index('inbound_messages_ticket_message_id_idx', { where: 'ticket_message_id IS NOT NULL' })
  @ForeignKey('messages', { name: 'inbound_messages_ticket_message_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'ticket_message_id', type: 'bigint', nullable: true })
  ticketMessageId!: string | null;

  /** E.g. `{ skippedAttachments: [{ filename, size, reason }] }`. */
  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, unknown>;

  /** Times processing began (issue 12.1): past MAIL_IN_MAX_ATTEMPTS the message is quarantined, not tried again. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;
}
