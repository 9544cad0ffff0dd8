import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a request's stored report figures are minutes in the working time of its SLA calendar, worked out
 * when the request last changed. An admin who then adds a holiday, changes the hours or moves requests to
 * another calendar's policy made them wrong, and nothing worked them out again. The change now queues what it
 * affects here, one row in its own transaction, and the refresh job works those facts out again in batches,
 * keeping its place; while a row waits, a report says its figures are not current. A queue rather than a flag
 * on each fact: flagging (an update of every index of the table per row) took 3 s for a day off's 7,000 facts
 * of a million, and new hours flag nearly all of them, inside the admin's request. The job's batch of 2,000
 * takes 0.5 s when every fact is wanted, up to 6 s when a day off wants one in a hundred.
 */
export class ReportFactsRecompute1767100000001 implements MigrationInterface {
  name = 'ReportFactsRecompute1767100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE report_fact_recomputes (
         id bigserial PRIMARY KEY,
         category_ids integer[] NOT NULL,
         priorities varchar(10)[] NOT NULL,
         from_at timestamptz,
         to_at timestamptz,
         after_ticket_id uuid,
         created_at timestamptz NOT NULL DEFAULT now())`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE report_fact_recomputes`);
  }
}
