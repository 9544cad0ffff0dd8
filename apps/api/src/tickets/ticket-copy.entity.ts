import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Issue 18: someone the author put in copy of a request. A colleague (a
 * contact of the request's organisation), or any other address, pending until
 * an admin approves it; a refused one is deleted.
 */
export type TicketCopyState = 'colleague' | 'pending' | 'approved';

@Entity({ name: 'ticket_copies' })
@Index('ticket_copies_contact_id_idx', ['contactId'])
@Index('ticket_copies_pending_idx', ['addedAt'], { where: `state = 'pending'` })
@Unique('ticket_copies_ticket_id_contact_id_key', ['ticketId', 'contactId'])
@Unique('ticket_copies_ticket_id_email_key', ['ticketId', 'email'])
@Check('ticket_copies_state_check', `state IN ('colleague', 'pending', 'approved')`)
@Check(
  'ticket_copies_subject_check',
  `CASE WHEN state = 'colleague' THEN contact_id IS NOT NULL AND email IS NULL ELSE contact_id IS NULL AND email IS NOT NULL AND email = lower(email) END`,
)
export class TicketCopyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ticket_copies_pkey' })
  id!: string;

  @ForeignKey('tickets', { name: 'ticket_copies_ticket_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  /** A colleague's contact; null for an outside address. */
  @ForeignKey('contacts', { name: 'ticket_copies_contact_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'contact_id', type: 'integer', nullable: true })
  contactId!: number | null;

  /** An outside address, lower-cased; null for a colleague (their contact's address counts). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'colleague' })
  state!: TicketCopyState;

  /** The author's address when they added it: the request's author may change by merge, the record stays. */
  @Column({ name: 'added_by', type: 'varchar', length: 254 })
  addedBy!: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
