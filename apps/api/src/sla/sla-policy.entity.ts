import type { TicketPriority } from '@pidtrymka/contracts';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Targets in working minutes for a category and/or priority (issue 19); neither: the default policy. */
@Entity({ name: 'sla_policies' })
@Check('sla_policies_priority_check', `priority IN ('critical', 'high', 'medium', 'low')`)
@Check('sla_policies_targets_check', `first_response_minutes > 0 AND next_response_minutes > 0 AND resolution_minutes > 0`)
// ((coalesce(category_id, 0)), (coalesce(priority, ''))) unique: one policy per scope, written in the migration.
@Index('sla_policies_scope_key', { synchronize: false })
export class SlaPolicyEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @ForeignKey('categories', { name: 'sla_policies_category_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'category_id', type: 'integer', nullable: true })
  categoryId!: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  priority!: TicketPriority | null;

  @Index('sla_policies_calendar_id_idx')
  @ForeignKey('sla_calendars', { name: 'sla_policies_calendar_id_fkey', onDelete: 'RESTRICT' })
  @Column({ name: 'calendar_id', type: 'integer' })
  calendarId!: number;

  @Column({ name: 'first_response_minutes', type: 'integer', nullable: true })
  firstResponseMinutes!: number | null;

  @Column({ name: 'next_response_minutes', type: 'integer', nullable: true })
  nextResponseMinutes!: number | null;

  @Column({ name: 'resolution_minutes', type: 'integer', nullable: true })
  resolutionMinutes!: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
