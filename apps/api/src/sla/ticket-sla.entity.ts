import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { SlaState } from './sla-clocks';

/** A request's SLA clocks, written in the transaction of each of its changes (issue 19). */
@Entity({ name: 'ticket_sla' })
export class TicketSlaEntity {
  @ForeignKey('tickets', { name: 'ticket_sla_ticket_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Index('ticket_sla_policy_id_idx')
  @ForeignKey('sla_policies', { name: 'ticket_sla_policy_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'policy_id', type: 'integer', nullable: true })
  policyId!: number | null;

  @Column({ type: 'jsonb' })
  state!: SlaState;

  /** The next warning or breach the escalation job tells of (nextAlert of the state). */
  @Index('ticket_sla_alert_at_idx', { where: 'alert_at IS NOT NULL' })
  @Column({ name: 'alert_at', type: 'timestamptz', nullable: true })
  alertAt!: Date | null;
}
