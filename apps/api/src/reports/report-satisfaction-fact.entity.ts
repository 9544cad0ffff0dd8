import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ReportDimensions } from './report-dimensions';

/** Issue 19: a satisfaction answer with what reports group it by, copied by the refresh job (see the SatisfactionAnswers migration). */
@Entity({ name: 'report_satisfaction_facts' })
// An agent's report counts the answers of their own requests in their categories: see the AgentReportIndexes migration.
@Index('report_satisfaction_facts_owner_answered_at_idx', ['ownerId', 'categoryId', 'answeredAt'])
export class ReportSatisfactionFactEntity extends ReportDimensions {
  @ForeignKey('satisfaction_answers', { name: 'report_satisfaction_facts_answer_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'answer_id', type: 'bigint' })
  answerId!: string;

  @Index('report_satisfaction_facts_answered_at_idx')
  @Column({ name: 'answered_at', type: 'timestamptz' })
  answeredAt!: Date;

  @Column({ type: 'smallint' })
  stars!: number;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;
}
