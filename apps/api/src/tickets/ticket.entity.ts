import { Column, CreateDateColumn, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale, TicketPriority, TicketStatus } from '@pidtrymka/contracts';
import { CategoryEntity } from './category.entity';

export type TicketChannel = 'web' | 'email';

@Entity({ name: 'tickets' })
export class TicketEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The sequential request number participants see (R-SUB-5), from `ticket_number_seq`. */
  @Index('tickets_number_key', { unique: true })
  @Column({ type: 'integer' })
  @Generated('increment')
  number!: number;

  @Index('tickets_tracking_id_key', { unique: true })
  @Column({ name: 'tracking_id', type: 'varchar', length: 12 })
  trackingId!: string;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ name: 'requester_name', type: 'varchar', length: 50 })
  requesterName!: string;

  @Column({ name: 'requester_email', type: 'varchar', length: 254 })
  requesterEmail!: string;

  /** The participant's language, for the e-mails we send them. */
  @Column({ type: 'varchar', length: 2, default: 'uk' })
  locale!: Locale;

  @Column({ type: 'varchar', length: 20, default: 'new' })
  status!: TicketStatus;

  @Column({ type: 'varchar', length: 10, default: 'medium' })
  priority!: TicketPriority;

  @Column({ name: 'category_id', type: 'integer' })
  categoryId!: number;

  @ManyToOne(() => CategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: CategoryEntity;

  @Column({ type: 'varchar', length: 10, default: 'web' })
  channel!: TicketChannel;

  /** Set when the request was merged into another (always the same participant's): its conversation lives there now. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
