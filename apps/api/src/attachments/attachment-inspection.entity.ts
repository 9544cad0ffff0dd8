import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * `done`: the inspector reported (`kind` and `report`); `failed`: it threw (`error`);
 * `timed_out`: it did not finish within ATTACHMENT_INSPECTION_TIMEOUT_MS.
 */
export type AttachmentInspectionStatus = 'done' | 'failed' | 'timed_out';

/** One attachment as one attachment-inspector plugin saw it (issue 20). */
@Entity({ name: 'attachment_inspections' })
@Check('attachment_inspections_status_check', `status IN ('done', 'failed', 'timed_out')`)
export class AttachmentInspectionEntity {
  @ForeignKey('attachments', { name: 'attachment_inspections_attachment_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'attachment_id', type: 'uuid' })
  attachmentId!: string;

  /** The plugin's name in ATTACHMENT_INSPECTORS. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  inspector!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: AttachmentInspectionStatus;

  @Column({ type: 'varchar', length: 50, nullable: true })
  kind!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  report!: unknown;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'inspected_at', type: 'timestamptz', default: () => 'now()' })
  inspectedAt!: Date;
}
