import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { StaffDraftKind } from '@pidtrymka/contracts';

/** Issue 17: a staff member's unsent reply or note on a request, kept as they type; theirs alone. */
@Entity({ name: 'staff_drafts' })
@Index('staff_drafts_ticket_id_idx', ['ticketId'])
@Check('staff_drafts_kind_check', `kind IN ('reply', 'note')`)
export class StaffDraftEntity {
  @ForeignKey('staff_accounts', { name: 'staff_drafts_account_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ForeignKey('tickets', { name: 'staff_drafts_ticket_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: StaffDraftKind;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
