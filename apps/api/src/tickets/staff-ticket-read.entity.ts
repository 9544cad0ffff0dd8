import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** Issue 17: the version of a request (its `updated_at`) a staff member last saw; newer is unread for them. */
@Entity({ name: 'staff_ticket_reads' })
@Index('staff_ticket_reads_ticket_id_idx', ['ticketId'])
export class StaffTicketReadEntity {
  @ForeignKey('staff_accounts', { name: 'staff_ticket_reads_account_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ForeignKey('tickets', { name: 'staff_ticket_reads_ticket_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Column({ name: 'seen_at', type: 'timestamptz' })
  seenAt!: Date;
}
