import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, "Colleagues in copy": the contacts the author of a request put in
 * copy. A contact, not a typed address, so only someone the organisation
 * vouches for can be chosen, and a contact deleted by staff leaves every copy
 * at once (the cascade); whether they still belong is checked again at each
 * e-mail and each reply.
 */
export class TicketCopies1766950000000 implements MigrationInterface {
  name = 'TicketCopies1766950000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ticket_copies (
        ticket_id uuid NOT NULL,
        contact_id integer NOT NULL,
        added_by varchar(254) NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, contact_id),
        CONSTRAINT ticket_copies_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE CASCADE,
        CONSTRAINT ticket_copies_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts(id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ticket_copies_contact_id_idx ON ticket_copies (contact_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE ticket_copies`);
  }
}
