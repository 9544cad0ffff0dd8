import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Metrics } from '../metrics/metrics.service';

/** The first key of every job lock; the second is the job's name hashed (pg_locks shows both). */
const JOB_LOCK_NAMESPACE = 7_261_002;

/**
 * Runs a timed job under a PostgreSQL session advisory lock, so that with
 * several API instances one runs it per tick and the others skip that tick.
 * Jobs are idempotent anyway: the lock saves work, it is not what keeps data right.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Scheduler');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
  ) {}

  /** False when another instance holds the job's lock. Every run is counted and timed by job and outcome. */
  async runExclusively(name: string, job: () => Promise<void>): Promise<boolean> {
    const stopTimer = this.metrics.jobDuration.startTimer({ job: name });
    let outcome: 'ok' | 'error' | 'skipped' = 'error';
    try {
      const ran = await this.lockAndRun(name, job);
      outcome = ran ? 'ok' : 'skipped';
      return ran;
    } finally {
      this.metrics.jobRuns.inc({ job: name, outcome });
      // Skipped runs took no time worth a bucket; they are counted above.
      if (outcome !== 'skipped') stopTimer({ outcome });
    }
  }

  private async lockAndRun(name: string, job: () => Promise<void>): Promise<boolean> {
    // A session lock lives on one connection: take, use and release it on the same one.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked`, [JOB_LOCK_NAMESPACE, name]);
      if (!locked) return false;
      try {
        await job();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [JOB_LOCK_NAMESPACE, name]);
      }
      return true;
    } finally {
      await runner.release();
    }
  }

  /** For the scheduler's ticks: an error is logged and the next tick tries again. */
  async tick(name: string, job: () => Promise<void>): Promise<void> {
    try {
      await this.runExclusively(name, job);
    } catch (error) {
      this.logger.error(`Job ${name} failed: ${(error as Error).message}`, (error as Error).stack);
    }
  }
}
