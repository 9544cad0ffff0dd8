import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What several API instances must share beyond the data itself: the rate-limit
 * counters (so a limit per IP holds whichever instance a request reaches) and
 * the record of timed-job runs (so each job runs once per tick, and one can see it did).
 */
export class ScaleOut1764921600000 implements MigrationInterface {
  name = 'ScaleOut1764921600000';

  async up(db: QueryRunner): Promise<void> {
    // UNLOGGED: counters are worth losing in a crash rather than paying for WAL on every request.
    await db.query(`
      CREATE UNLOGGED TABLE rate_limit_counters (
        key varchar(200) NOT NULL,
        throttler varchar(50) NOT NULL,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz,
        PRIMARY KEY (key, throttler)
      )`);
    await db.query(`CREATE INDEX rate_limit_counters_expiry_idx ON rate_limit_counters (window_ends_at)`);
    await db.query(`
      CREATE TABLE job_runs (
        id bigserial PRIMARY KEY,
        job varchar(100) NOT NULL,
        slot timestamptz NOT NULL,
        instance varchar(200) NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        outcome varchar(10) NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'failed')),
        error text,
        CONSTRAINT job_runs_job_slot_key UNIQUE (job, slot)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS job_runs`);
    await db.query(`DROP TABLE IF EXISTS rate_limit_counters`);
  }
}
