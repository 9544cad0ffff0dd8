import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale, TicketPriority, TicketStatus } from '@pidtrymka/contracts';
import { CategoryEntity } from './category.entity';

export type TicketChannel = 'web' | 'email';

/**
 * Besides what is declared here, the table has triggers (StaffWorkspace, ParticipantConfidentiality,
 * TicketCounts migrations): `search_vector` is kept up to date from the request's fields and every
 * message, a merge across participants is refused, and every change of (category, owner, priority,
 * status) is counted into `ticket_count_deltas`.
 */
@Entity({ name: 'tickets' })
@Check('tickets_status_check', `status IN ('new', 'waiting_reply', 'replied', 'in_progress', 'on_hold', 'resolved')`)
@Check('tickets_priority_check', `priority IN ('critical', 'high', 'medium', 'low')`)
@Check('tickets_visibility_check', `visibility IN ('organisation', 'private')`)
// The queue: each filter with the default sort, keyset on (sort key, number).
@Index('tickets_updated_at_idx', ['updatedAt', 'number'])
@Index('tickets_created_at_idx', ['createdAt', 'number'])
@Index('tickets_status_updated_at_idx', ['status', 'updatedAt', 'number'])
@Index('tickets_category_updated_at_idx', ['categoryId', 'updatedAt', 'number'])
@Index('tickets_owner_updated_at_idx', ['ownerId', 'updatedAt', 'number'])
// ((coalesce(sla_due_at, 'infinity')), number): the "due" sort's key (issue 19), as StaffTicketsRepository writes it.
@Index('tickets_sla_due_at_idx', { synchronize: false })
@Index('tickets_organisation_updated_at_idx', ['organisationId', 'updatedAt', 'number'], { where: 'organisation_id IS NOT NULL' })
// On expressions, which TypeORM cannot declare: written in the migrations, kept out of schema sync.
// (lower(requester_email)): a participant's requests, any case.
@Index('tickets_requester_email_idx', { synchronize: false })
// gin ((subject || ' ' || requester_name || ' ' || requester_email) gin_trgm_ops): partial words in search.
@Index('tickets_search_text_trgm_idx', { synchronize: false })
// gin (subject gin_trgm_ops), gin (tracking_id gin_trgm_ops): "My requests" searched by part of either (issue 18).
@Index('tickets_subject_trgm_idx', { synchronize: false })
@Index('tickets_tracking_id_trgm_idx', { synchronize: false })
// ((CASE priority WHEN 'critical' THEN 4 … END), number): the priority sort's key, as StaffTicketsRepository writes it.
@Index('tickets_priority_rank_idx', { synchronize: false })
export class TicketEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The sequential request number participants see (R-SUB-5). */
  @Index('tickets_number_key', { unique: true })
  @Column({ type: 'integer', default: () => "nextval('ticket_number_seq')" })
  number!: number;

  @Index('tickets_tracking_id_key', { unique: true })
  @Column({ name: 'tracking_id', type: 'varchar', length: 12 })
  trackingId!: string;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ name: 'requester_name', type: 'varchar', length: 50 })
  requesterName!: string;

  @Column({ name: 'requester_email', type: 'varchar', length: 254 })
  requesterEmail!: string;

  /** The participant's language, for the e-mails we send them. */
  @Column({ type: 'varchar', length: 2, default: 'uk' })
  locale!: Locale;

  @Column({ type: 'varchar', length: 20, default: 'new' })
  status!: TicketStatus;

  @Column({ type: 'varchar', length: 10, default: 'medium' })
  priority!: TicketPriority;

  @Index('tickets_category_id_idx')
  @Column({ name: 'category_id', type: 'integer' })
  categoryId!: number;

  @ManyToOne(() => CategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'tickets_category_id_fkey' })
  category?: CategoryEntity;

  @Column({ type: 'varchar', length: 10, default: 'web' })
  channel!: TicketChannel;

  /** The agent who has the request; unset when their account goes. */
  @ForeignKey('staff_accounts', { name: 'tickets_owner_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  /** The company the participant wrote for (issue 18); none for most, and for every request older than organisations. */
  @ForeignKey('organisations', { name: 'tickets_organisation_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'organisation_id', type: 'integer', nullable: true })
  organisationId!: number | null;

  /** Issue 18: `organisation` shows it to the other contacts of its organisation, signed in (ParticipantAccessRepository); `private` to its author alone. */
  @Column({ type: 'varchar', length: 20, default: 'private' })
  visibility!: 'organisation' | 'private';
  /** Issue 16: the mailbox the request came in through (null: the site, or the default mailbox of the environment); what is sent about it goes out from there. */
  @Index('tickets_mailbox_id_idx', { where: 'mailbox_id IS NOT NULL' })
  @ForeignKey('mailboxes', { name: 'tickets_mailbox_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'mailbox_id', type: 'uuid', nullable: true })
  mailboxId!: string | null;

  /** Set when the request was merged into another (always the same participant's): its conversation lives there now. */
  @Index('tickets_merged_into_id_idx', { where: 'merged_into_id IS NOT NULL' })
  @ForeignKey(() => TicketEntity, { name: 'tickets_merged_into_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  /**
   * The request's search document: its own fields and every message's words. Not a generated column
   * (it takes in other rows, the messages): triggers write it, so it is never written from here, and
   * not read either (it grows with the conversation).
   */
  @Index('tickets_search_vector_idx', { type: 'gin' })
  @Column({ name: 'search_vector', type: 'tsvector', default: '', select: false, insert: false, update: false })
  searchVector?: string;

  /**
   * Issue 19: the nearest due time of the request's running SLA clocks (the sla module's `ticket_sla`
   * keeps them and writes this in the same transaction); null while paused, met or without a policy.
   */
  @Column({ name: 'sla_due_at', type: 'timestamptz', nullable: true })
  slaDueAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
