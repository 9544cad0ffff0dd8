import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** Issue 18: a colleague (a contact of the request's organisation) the author put in copy of a request. */
@Entity({ name: 'ticket_copies' })
@Index('ticket_copies_contact_id_idx', ['contactId'])
export class TicketCopyEntity {
  @ForeignKey('tickets', { name: 'ticket_copies_ticket_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @ForeignKey('contacts', { name: 'ticket_copies_contact_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'contact_id', type: 'integer' })
  contactId!: number;

  /** The author's address when they added it: the request's author may change by merge, the record stays. */
  @Column({ name: 'added_by', type: 'varchar', length: 254 })
  addedBy!: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
