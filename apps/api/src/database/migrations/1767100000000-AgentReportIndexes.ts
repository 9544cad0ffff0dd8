import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: an agent's report reads only their own requests in their categories (ReportScope), but the fact
 * tables had indexes on the times alone, so each of its queries read every request of the range, anyone's,
 * and threw away all but the agent's: on 200,000 facts over two years a year's report read ~85,000 rows to
 * keep 20 (volume 124 ms, figures 125 ms with a sequential scan). Keyed by owner, then category (the scope's
 * `= ANY`, an index condition), then the time each query ranges over, the same queries read only the agent's
 * rows: volume 4 ms from the index alone, figures 23 ms; ratings and satisfaction 9 → 1 ms. An admin's report
 * (no scope) keeps the time indexes.
 */
export class AgentReportIndexes1767100000000 implements MigrationInterface {
  name = 'AgentReportIndexes1767100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX report_request_facts_owner_created_at_idx ON report_request_facts (owner_id, category_id, created_at)`);
    await db.query(
      `CREATE INDEX report_request_facts_owner_first_response_at_idx ON report_request_facts (owner_id, category_id, first_response_at) WHERE first_response_at IS NOT NULL`,
    );
    await db.query(`CREATE INDEX report_request_facts_owner_resolved_at_idx ON report_request_facts (owner_id, category_id, resolved_at) WHERE resolved_at IS NOT NULL`);
    await db.query(`CREATE INDEX report_request_facts_owner_open_created_at_idx ON report_request_facts (owner_id, category_id, created_at) WHERE resolved_at IS NULL`);
    await db.query(`CREATE INDEX report_rating_facts_author_rated_at_idx ON report_rating_facts (author_staff_id, category_id, rated_at)`);
    await db.query(`CREATE INDEX report_satisfaction_facts_owner_answered_at_idx ON report_satisfaction_facts (owner_id, category_id, answered_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX report_satisfaction_facts_owner_answered_at_idx`);
    await db.query(`DROP INDEX report_rating_facts_author_rated_at_idx`);
    await db.query(`DROP INDEX report_request_facts_owner_open_created_at_idx`);
    await db.query(`DROP INDEX report_request_facts_owner_resolved_at_idx`);
    await db.query(`DROP INDEX report_request_facts_owner_first_response_at_idx`);
    await db.query(`DROP INDEX report_request_facts_owner_created_at_idx`);
  }
}
