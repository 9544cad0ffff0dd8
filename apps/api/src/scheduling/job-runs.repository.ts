import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobRunEntity } from './job-run.entity';

/** The first key of every job lock; the second is the job's name hashed (pg_locks shows both). */
const JOB_LOCK_NAMESPACE = 7_261_002;

/**
 * The timed jobs' locks and their record of runs (`job_runs`). Every method
 * takes the manager of the one connection that holds the job's session lock.
 */
@Injectable()
export class JobRunsRepository {
  /** A session advisory lock on the job's name: false when another connection holds it. */
  async tryLock(manager: EntityManager, job: string): Promise<boolean> {
    const [{ locked }] = await manager.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked`, [JOB_LOCK_NAMESPACE, job]);
    return locked;
  }

  async unlock(manager: EntityManager, job: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [JOB_LOCK_NAMESPACE, job]);
  }

  /**
   * Records a run under the current tick of `intervalMs` on the database's
   * clock; null when the tick already has one (the unique (job, slot)).
   */
  async claimTick(manager: EntityManager, job: string, intervalMs: number, instance: string): Promise<JobRunEntity['id'] | null> {
    const claimed = await manager.query<Pick<JobRunEntity, 'id'>[]>(
      `INSERT INTO job_runs (job, slot, instance)
       VALUES ($1, to_timestamp((floor(extract(epoch FROM now()) * 1000 / $2)::bigint * $2) / 1000.0), $3)
       ON CONFLICT (job, slot) DO NOTHING RETURNING id`,
      [job, intervalMs, instance],
    );
    return claimed[0]?.id ?? null;
  }

  async finish(manager: EntityManager, id: JobRunEntity['id'], outcome: Exclude<JobRunEntity['outcome'], 'running'>, error: string | null): Promise<void> {
    await manager.update(JobRunEntity, { id }, { finishedAt: () => 'now()', outcome, error });
  }

  /** Forgets a job's runs of ticks older than `keepDays`. */
  async deleteOlderThan(manager: EntityManager, job: string, keepDays: number): Promise<void> {
    await manager.query(`DELETE FROM job_runs WHERE job = $1 AND slot < now() - make_interval(days => $2)`, [job, keepDays]);
  }
}
