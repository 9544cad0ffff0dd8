import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ReportDimensions } from './report-dimensions';

/** Issue 19: a reply's rating with what reports group it by, copied by the refresh job (see the ReportFacts migration). */
@Entity({ name: 'report_rating_facts' })
// An agent's report counts the ratings of their own replies in their categories: see the AgentReportIndexes migration.
@Index('report_rating_facts_author_rated_at_idx', ['authorStaffId', 'categoryId', 'ratedAt'])
export class ReportRatingFactEntity extends ReportDimensions {
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
}
