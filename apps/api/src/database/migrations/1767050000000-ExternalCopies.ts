import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, "the author adds colleagues (other contacts, or any address for
 * admins to approve)": a copy is now either a contact of the request's
 * organisation (state `colleague`, as before) or a typed address outside it,
 * `pending` until an admin approves it (`approved`) or refuses it (the row is
 * deleted). Our participants are competing companies, so a pending address
 * gets nothing and may not answer. A surrogate id names a copy for the admins;
 * the old key stays as a unique pair.
 */
export class ExternalCopies1767050000000 implements MigrationInterface {
  name = 'ExternalCopies1767050000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE ticket_copies DROP CONSTRAINT ticket_copies_pkey`);
    await db.query(`ALTER TABLE ticket_copies ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT ticket_copies_pkey PRIMARY KEY`);
    await db.query(`ALTER TABLE ticket_copies ALTER COLUMN contact_id DROP NOT NULL`);
    await db.query(`ALTER TABLE ticket_copies ADD COLUMN email varchar(254)`);
    await db.query(`ALTER TABLE ticket_copies ADD COLUMN state varchar(10) NOT NULL DEFAULT 'colleague'`);
    await db.query(`ALTER TABLE ticket_copies ADD CONSTRAINT ticket_copies_state_check CHECK (state IN ('colleague', 'pending', 'approved'))`);
    // A colleague is named by the contact (so their copy follows the contact), an outside address by itself, lower-cased.
    await db.query(
      `ALTER TABLE ticket_copies ADD CONSTRAINT ticket_copies_subject_check CHECK (CASE WHEN state = 'colleague' THEN contact_id IS NOT NULL AND email IS NULL ELSE contact_id IS NULL AND email IS NOT NULL AND email = lower(email) END)`,
    );
    await db.query(`ALTER TABLE ticket_copies ADD CONSTRAINT ticket_copies_ticket_id_contact_id_key UNIQUE (ticket_id, contact_id)`);
    await db.query(`ALTER TABLE ticket_copies ADD CONSTRAINT ticket_copies_ticket_id_email_key UNIQUE (ticket_id, email)`);
    await db.query(`CREATE INDEX ticket_copies_pending_idx ON ticket_copies (added_at) WHERE state = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM ticket_copies WHERE state <> 'colleague'`);
    await db.query(`DROP INDEX ticket_copies_pending_idx`);
    await db.query(`ALTER TABLE ticket_copies DROP CONSTRAINT ticket_copies_ticket_id_email_key, DROP CONSTRAINT ticket_copies_ticket_id_contact_id_key,
      DROP CONSTRAINT ticket_copies_subject_check, DROP CONSTRAINT ticket_copies_state_check, DROP CONSTRAINT ticket_copies_pkey`);
    await db.query(`ALTER TABLE ticket_copies DROP COLUMN state, DROP COLUMN email, DROP COLUMN id, ALTER COLUMN contact_id SET NOT NULL`);
    await db.query(`ALTER TABLE ticket_copies ADD CONSTRAINT ticket_copies_pkey PRIMARY KEY (ticket_id, contact_id)`);
  }
}
