import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Issue 19: a participant's 1–5 stars and comment on one closing of their request (see the SatisfactionAnswers migration). */
@Entity({ name: 'satisfaction_answers' })
@Unique('satisfaction_answers_ticket_closing_key', ['ticketId', 'closedAt'])
@Check('satisfaction_answers_stars_check', `stars BETWEEN 1 AND 5`)
export class SatisfactionAnswerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @ForeignKey('tickets', { name: 'satisfaction_answers_ticket_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  /** The closing answered: its `ticket.closed` audit entry's time. */
  @Column({ name: 'closed_at', type: 'timestamptz' })
  closedAt!: Date;

  @Column({ type: 'smallint' })
  stars!: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  comment!: string | null;

  @Index('satisfaction_answers_answered_at_idx')
  @Column({ name: 'answered_at', type: 'timestamptz', default: () => 'now()' })
  answeredAt!: Date;
}
