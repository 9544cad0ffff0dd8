import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Metrics } from '../metrics/metrics.service';

/** The first key of every job lock; the second is the job's name hashed (pg_locks shows both). */
const JOB_LOCK_NAMESPACE = 7_261_002;
/** Runs are kept this long for anyone who asks what ran (staff, metrics, the scale test). */
const KEEP_RUNS_DAYS = 7;

export type TickResult = 'ran' | 'failed' | 'busy' | 'done';

/**
 * Runs a timed job under a PostgreSQL session advisory lock, so that with
 * several API instances one runs it at a time, and records each run in
 * `job_runs` under its tick (a slot of the interval on the database's clock),
 * so that one instance runs it per tick: instances whose timers fire at
 * different moments of the same tick find it done and skip it.
 * Jobs are idempotent anyway: this saves work, it is not what keeps data right.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Scheduler');
  readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
  ) {}

  /** False when another instance holds the job's lock. */
  async runExclusively(name: string, job: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    // A session lock lives on one connection: take, use and release it on the same one.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked`, [JOB_LOCK_NAMESPACE, name])) as { locked: boolean }[];
      if (!locked) return false;
      try {
        await job(runner.manager);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [JOB_LOCK_NAMESPACE, name]);
      }
      return true;
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs the job for the current tick of `intervalMs` unless some instance
   * already has: `done` (ran elsewhere this tick), `busy` (running elsewhere),
   * else `ran` or `failed` (recorded with its error; the next tick tries again).
   */
  async runOncePerTick(name: string, intervalMs: number, job: () => Promise<void>): Promise<TickResult> {
    const stopTimer = this.metrics.jobDuration.startTimer({ job: name });
    const result = await this.claimTickAndRun(name, intervalMs, job);
    const outcome = result === 'ran' ? 'ok' : result === 'failed' ? 'error' : 'skipped';
    this.metrics.jobRuns.inc({ job: name, outcome });
    // A tick another instance ran or is running took no time worth a bucket; it is counted above.
    if (outcome !== 'skipped') stopTimer({ outcome });
    return result;
  }

  private async claimTickAndRun(name: string, intervalMs: number, job: () => Promise<void>): Promise<TickResult> {
    let result: TickResult = 'busy';
    await this.runExclusively(name, async (manager) => {
      const claimed: { id: string }[] = await manager.query(
        `INSERT INTO job_runs (job, slot, instance)
         VALUES ($1, to_timestamp((floor(extract(epoch FROM now()) * 1000 / $2)::bigint * $2) / 1000.0), $3)
         ON CONFLICT (job, slot) DO NOTHING RETURNING id`,
        [name, intervalMs, this.instance],
      );
      if (claimed.length === 0) {
        result = 'done';
        return;
      }
      let error: Error | undefined;
      try {
        await job();
      } catch (caught) {
        error = caught as Error;
      }
      await manager.query(`UPDATE job_runs SET finished_at = now(), outcome = $2, error = $3 WHERE id = $1`, [claimed[0].id, error ? 'failed' : 'ok', error ? error.message.slice(0, 2000) : null]);
      await manager.query(`DELETE FROM job_runs WHERE job = $1 AND slot < now() - make_interval(days => $2)`, [name, KEEP_RUNS_DAYS]);
      result = error ? 'failed' : 'ran';
      if (error) this.logger.error(`Job ${name} failed: ${error.message}`, error.stack);
    });
    return result;
  }

  /** For the scheduler's timers: an error is logged and the next tick tries again. */
  async tick(name: string, intervalMs: number, job: () => Promise<void>): Promise<void> {
    try {
      await this.runOncePerTick(name, intervalMs, job);
    } catch (error) {
      this.logger.error(`Job ${name} failed: ${(error as Error).message}`, (error as Error).stack);
    }
  }
}
