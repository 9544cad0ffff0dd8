import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: reports.
 *
 * A report over a million requests must answer within a second, and its
 * times are in working minutes (the SLA calendar's arithmetic, in
 * TypeScript), which SQL cannot work out at read time. So each request's
 * figures are worked out once from its history (the first staff reply, the
 * last close in the audit, the SLA clocks' met or breached) into a narrow
 * row here, refreshed by a scheduled job for the requests changed since
 * (`source_updated_at` is the request's `updated_at` then); requests changed
 * after the last refresh are worked out live by the report itself. Medians
 * and percentiles are then plain SQL over these rows; counts per day need
 * no daily table at this width.
 *
 * No foreign keys but the request's: a fact keeps the owner, category or
 * organisation it had, and the report names what still exists.
 */
export class ReportFacts1766910000000 implements MigrationInterface {
  name = 'ReportFacts1766910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE report_request_facts (
        ticket_id uuid PRIMARY KEY,
        created_at timestamptz NOT NULL,
        category_id integer NOT NULL,
        owner_id uuid,
        priority varchar(10) NOT NULL,
        channel varchar(10) NOT NULL,
        organisation_id integer,
        first_response_at timestamptz,
        first_response_minutes integer,
        resolved_at timestamptz,
        resolution_minutes integer,
        first_response_met boolean,
        resolution_met boolean,
        source_updated_at timestamptz NOT NULL,
        CONSTRAINT report_request_facts_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX report_request_facts_created_at_idx ON report_request_facts (created_at)`);
    await db.query(`CREATE INDEX report_request_facts_first_response_at_idx ON report_request_facts (first_response_at) WHERE first_response_at IS NOT NULL`);
    await db.query(`CREATE INDEX report_request_facts_resolved_at_idx ON report_request_facts (resolved_at) WHERE resolved_at IS NOT NULL`);
    // The backlog and the open count at a range's start: the open requests by age, from the index alone.
    await db.query(`CREATE INDEX report_request_facts_open_created_at_idx ON report_request_facts (created_at) WHERE resolved_at IS NULL`);
    // The refresh's watermark and the report's "changed since" (the live part).
    await db.query(`CREATE INDEX report_request_facts_source_updated_at_idx ON report_request_facts (source_updated_at)`);
    // Reply ratings by the time they were given: few rows among millions of messages.
    await db.query(`CREATE INDEX messages_rated_at_idx ON messages (rated_at) WHERE rating IS NOT NULL`);
    // Each rating with what it is grouped by, copied by the same refresh (a rating never changes): joining every
    // rating of a long range to its request at read time took seconds at a million requests.
    await db.query(`
      CREATE TABLE report_rating_facts (
        message_id bigint PRIMARY KEY,
        rated_at timestamptz NOT NULL,
        rating varchar(12) NOT NULL,
        author_staff_id uuid,
        category_id integer NOT NULL,
        priority varchar(10) NOT NULL,
        channel varchar(10) NOT NULL,
        organisation_id integer,
        CONSTRAINT report_rating_facts_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages(id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX report_rating_facts_rated_at_idx ON report_rating_facts (rated_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE report_rating_facts`);
    await db.query(`DROP INDEX messages_rated_at_idx`);
    await db.query(`DROP TABLE report_request_facts`);
  }
}
