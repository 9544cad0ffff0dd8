import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a request's stored report figures are minutes in the working time of its SLA calendar, worked out
 * once, when the request last changed. An admin who then adds a holiday, changes the hours or moves requests
 * to another calendar's policy made them wrong, and nothing worked them out again. The change now marks the
 * rows it affects (`stale`, in its own transaction) and the refresh job works them out again in its batches;
 * while any is marked, a report says its figures are not current. The partial index holds only marked rows,
 * so "is any marked?" on every report and the job's batch read no more than those.
 */
export class ReportFactsRecompute1767100000001 implements MigrationInterface {
  name = 'ReportFactsRecompute1767100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE report_request_facts ADD COLUMN stale boolean NOT NULL DEFAULT false`);
    await db.query(`CREATE INDEX report_request_facts_stale_idx ON report_request_facts (ticket_id) WHERE stale`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX report_request_facts_stale_idx`);
    await db.query(`ALTER TABLE report_request_facts DROP COLUMN stale`);
  }
}
