import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Metrics } from '../metrics/metrics.service';
import { JobRunsRepository } from './job-runs.repository';

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
    private readonly runs: JobRunsRepository,
    private readonly metrics: Metrics,
  ) {}

  /** False when another instance holds the job's lock. */
  async runExclusively(name: string, job: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    // A session lock lives on one connection: take, use and release it on the same one.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (!(await this.runs.tryLock(runner.manager, name))) return false;
      try {
        await job(runner.manager);
      } finally {
        await this.runs.unlock(runner.manager, name);
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
      const runId = await this.runs.claimTick(manager, name, intervalMs, this.instance);
      if (runId === null) {
        result = 'done';
        return;
      }
      let error: Error | undefined;
      try {
        await job();
      } catch (caught) {
        error = caught as Error;
      }
      await this.runs.finish(manager, runId, error ? 'failed' : 'ok', error ? error.message.slice(0, 2000) : null);
      await this.runs.deleteOlderThan(manager, name, KEEP_RUNS_DAYS);
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
