import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MessageAuthorType } from '@pidtrymka/contracts';

/** Who did what to a request, and when. Never updated. */
@Entity({ name: 'audit_log' })
@Index('audit_log_ticket_id_id_idx', ['ticketId', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id!: string;

  /** Kept, unset, when its request is deleted: the trail outlives it. */
  @ForeignKey('tickets', { name: 'audit_log_ticket_id_fkey', onDelete: 'SET NULL' })
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId!: string | null;

  @Column({ name: 'actor_type', type: 'varchar', length: 20 })
  actorType!: MessageAuthorType;

  @Column({ name: 'actor_name', type: 'varchar', length: 100 })
  actorName!: string;

  /** e.g. `ticket.created`, `ticket.replied`, `ticket.reopened`. */
  @Column({ type: 'varchar', length: 50 })
  action!: string;

  @Column({ type: 'jsonb', default: {} })
  details!: object;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
