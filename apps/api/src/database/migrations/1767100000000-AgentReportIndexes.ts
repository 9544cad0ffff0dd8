import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: an agent's report reads only their own requests in their categories (ReportScope), but the fact
 * tables had indexes on the times alone, so each of its queries read every request of the range, anyone's,
 * and threw away all but the agent's. Keyed by owner, then category (the scope's `= ANY`, an index
 * condition), then the time each query ranges over, they read the agent's rows alone. EXPLAIN ANALYZE of one
 * agent of 20 (5 of 10 categories) on 1,000,000 random facts over two years, a year's report: volume
 * 714 → 6 ms (from the index alone), requests open at the start 269 → 28 ms, backlog 463 → 10 ms,
 * ratings and satisfaction 3 → 1 ms; figures over 90 days 111 → 13 ms. Figures over a whole year are not
 * helped (309 → 530 ms here): an agent's year is on nearly every page of the table, so the
 * bitmap read costs what a parallel sequential scan does. An admin's report (no scope) keeps the time indexes.
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
