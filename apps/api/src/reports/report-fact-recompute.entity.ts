import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Issue 19: stored report figures an SLA calendar or policy change made wrong, waiting for the refresh job
 * to work their minutes out again (see the ReportFactsRecompute migration): the facts of these
 * (category, priority) pairs whose counted time overlaps [from_at, to_at), null bounds reaching every time.
 */
@Entity({ name: 'report_fact_recomputes' })
export class ReportFactRecomputeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** With `priorities`, pairs by position. */
  @Column({ name: 'category_ids', type: 'integer', array: true })
  categoryIds!: number[];

  @Column({ type: 'varchar', length: 10, array: true })
  priorities!: string[];

  @Column({ name: 'from_at', type: 'timestamptz', nullable: true })
  fromAt!: Date | null;

  @Column({ name: 'to_at', type: 'timestamptz', nullable: true })
  toAt!: Date | null;

  /** The job's place: facts up to this request id are done. */
  @Column({ name: 'after_ticket_id', type: 'uuid', nullable: true })
  afterTicketId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
