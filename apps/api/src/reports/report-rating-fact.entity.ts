import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** Issue 19: a reply's rating with what reports group it by, copied by the refresh job (see the ReportFacts migration). */
@Entity({ name: 'report_rating_facts' })
export class ReportRatingFactEntity {
  @ForeignKey('messages', { name: 'report_rating_facts_message_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'message_id', type: 'bigint' })
  messageId!: string;

  @Index('report_rating_facts_rated_at_idx')
  @Column({ name: 'rated_at', type: 'timestamptz' })
  ratedAt!: Date;

  @Column({ type: 'varchar', length: 12 })
  rating!: string;

  @Column({ name: 'author_staff_id', type: 'uuid', nullable: true })
  authorStaffId!: string | null;

  @Column({ name: 'category_id', type: 'integer' })
  categoryId!: number;

  @Column({ type: 'varchar', length: 10 })
  priority!: string;

  @Column({ type: 'varchar', length: 10 })
  channel!: string;

  @Column({ name: 'organisation_id', type: 'integer', nullable: true })
  organisationId!: number | null;
}
