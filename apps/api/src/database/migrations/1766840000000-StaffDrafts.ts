import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 ("never lose typing"): the reply and the note a staff member is
 * writing on a request, kept as they type so that a closed tab, a crash or
 * another device does not lose them. One of each per person and request; they
 * are that person's only, and go with their account or the request.
 */
export class StaffDrafts1766840000000 implements MigrationInterface {
  name = 'StaffDrafts1766840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE staff_drafts (
        account_id uuid NOT NULL,
        ticket_id uuid NOT NULL,
        kind text NOT NULL,
        body text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, ticket_id, kind),
        CONSTRAINT staff_drafts_kind_check CHECK (kind IN ('reply', 'note')),
        CONSTRAINT staff_drafts_account_id_fkey FOREIGN KEY (account_id) REFERENCES staff_accounts(id) ON DELETE CASCADE,
        CONSTRAINT staff_drafts_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE CASCADE
      )`);
    // Deleting a request looks its drafts up by request.
    await db.query(`CREATE INDEX staff_drafts_ticket_id_idx ON staff_drafts (ticket_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE staff_drafts`);
  }
}
