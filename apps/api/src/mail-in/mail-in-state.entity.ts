import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where each channel is in its mailbox (e.g. IMAP UIDVALIDITY and the last UID taken). */
@Entity({ name: 'mail_in_state' })
export class MailInStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
