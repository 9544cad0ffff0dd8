import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Locale } from '@pidtrymka/contracts';

/**
 * `sending`: a worker holds it until `next_attempt_at` (its lease), after which another may retry it.
 * `held`: over its hourly cap (`cap_key`) when the worker came to send it; released to `pending` when the hour allows, by an admin sooner.
 * `skipped`: its recipient could no longer see the request when it was due (issue 12.3); `last_error` says why.
 */
export type OutboxStatus = 'held' | 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

/**
 * An e-mail to send, written in the same transaction as the change that
 * causes it; `OutboxWorker` renders and delivers it later.
 */
@Entity({ name: 'outbox' })
@Check('outbox_status_check', `status IN ('held', 'pending', 'sending', 'sent', 'failed', 'skipped')`)
@Index('outbox_due_idx', ['nextAttemptAt'], { where: "status IN ('pending', 'sending')" })
// The rare statuses, each a small part of the table: failed and skipped e-mails by age, held ones by cap key.
@Index('outbox_failed_idx', ['createdAt'], { where: "status = 'failed'" })
@Index('outbox_skipped_idx', ['createdAt'], { where: "status = 'skipped'" })
@Index('outbox_held_idx', ['capKey', 'id'], { where: "status = 'held'" })
// What a flood's thousands of held rows must not be read for on every round (the OutboxHeldFloodIndexes migration):
// the smallest cap among a key's held rows, and how many of them are still full confirmations.
@Index('outbox_held_cap_idx', ['capKey', 'capPerHour'], { where: "status = 'held'" })
@Index('outbox_held_confirmations_idx', ['capKey'], { where: "status = 'held' AND template = 'ticket_created'" })
// How many e-mails of one cap key were counted in the last hour (OutboxRepository.decideCapped).
@Index('outbox_cap_idx', ['capKey', 'capCountedAt'], { where: 'cap_key IS NOT NULL' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  /** The template, e.g. `ticket_created`. */
  @Column({ type: 'varchar', length: 50 })
  template!: string;

  @Column({ type: 'varchar', length: 254 })
  recipient!: string;

  @Column({ type: 'varchar', length: 2 })
  locale!: Locale;

  @Index('outbox_ticket_id_idx')
  @ForeignKey('tickets', { name: 'outbox_ticket_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId!: string | null;

  @Column({ type: 'jsonb', default: {} })
  payload!: object;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** Rows of one key (e.g. automatic mail to one address) are sent at most `cap_per_hour` an hour (RFC 3834 §2). */
  @Column({ name: 'cap_key', type: 'varchar', length: 300, nullable: true })
  capKey!: string | null;

  @Column({ name: 'cap_per_hour', type: 'integer', nullable: true })
  capPerHour!: number | null;

  /**
   * When it took its place in the key's hour: admitted by the worker when due, or released from `held`.
   * NULL on a capped row means not decided yet (see OutboxRepository.decideCapped).
   */
  @Column({ name: 'cap_counted_at', type: 'timestamptz', nullable: true })
  capCountedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
