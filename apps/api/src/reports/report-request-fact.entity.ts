import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ReportDimensions } from './report-dimensions';

/**
 * Issue 19: one request's figures for reports, worked out from its history by the refresh job
 * (see the ReportFacts migration for why they are stored).
 */
@Entity({ name: 'report_request_facts' })
@Index('report_request_facts_first_response_at_idx', ['firstResponseAt'], { where: 'first_response_at IS NOT NULL' })
@Index('report_request_facts_resolved_at_idx', ['resolvedAt'], { where: 'resolved_at IS NOT NULL' })
@Index('report_request_facts_open_created_at_idx', ['createdAt'], { where: 'resolved_at IS NULL' })
// An agent's report (their own requests in their categories): see the AgentReportIndexes migration.
@Index('report_request_facts_owner_created_at_idx', ['ownerId', 'categoryId', 'createdAt'])
@Index('report_request_facts_owner_first_response_at_idx', ['ownerId', 'categoryId', 'firstResponseAt'], { where: 'first_response_at IS NOT NULL' })
@Index('report_request_facts_owner_resolved_at_idx', ['ownerId', 'categoryId', 'resolvedAt'], { where: 'resolved_at IS NOT NULL' })
@Index('report_request_facts_owner_open_created_at_idx', ['ownerId', 'categoryId', 'createdAt'], { where: 'resolved_at IS NULL' })
export class ReportRequestFactEntity extends ReportDimensions {
  @ForeignKey('tickets', { name: 'report_request_facts_ticket_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Index('report_request_facts_created_at_idx')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  /** The first staff reply (not a note). */
  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  @Column({ name: 'first_response_minutes', type: 'integer', nullable: true })
  firstResponseMinutes!: number | null;

  /** The last close, while the request is resolved; null while open. */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolution_minutes', type: 'integer', nullable: true })
  resolutionMinutes!: number | null;

  /** The SLA clock's verdict once stopped; null while running or without one. */
  @Column({ name: 'first_response_met', type: 'boolean', nullable: true })
  firstResponseMet!: boolean | null;

  @Column({ name: 'resolution_met', type: 'boolean', nullable: true })
  resolutionMet!: boolean | null;

  /** The request's `updated_at` when this row was worked out. */
  @Index('report_request_facts_source_updated_at_idx')
  @Column({ name: 'source_updated_at', type: 'timestamptz' })
  sourceUpdatedAt!: Date;
}
