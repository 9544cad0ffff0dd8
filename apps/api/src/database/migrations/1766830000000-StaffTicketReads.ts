import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: when each staff member last saw each request, so the queue can show
 * what changed since. `seen_at` is the request's `updated_at` as the agent saw it
 * (its page, or their own change), not the clock: a change committed while the
 * page was being read then still counts as unseen. The queue reads it by its key,
 * one row per page row; an account or a request gone takes its rows along.
 */
export class StaffTicketReads1766830000000 implements MigrationInterface {
  name = 'StaffTicketReads1766830000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE staff_ticket_reads (
        account_id uuid NOT NULL,
        ticket_id uuid NOT NULL,
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, ticket_id),
        CONSTRAINT staff_ticket_reads_account_id_fkey FOREIGN KEY (account_id) REFERENCES staff_accounts(id) ON DELETE CASCADE,
        CONSTRAINT staff_ticket_reads_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE CASCADE
      )`);
    // Deleting a request looks its reads up by request.
    await db.query(`CREATE INDEX staff_ticket_reads_ticket_id_idx ON staff_ticket_reads (ticket_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE staff_ticket_reads`);
  }
}
