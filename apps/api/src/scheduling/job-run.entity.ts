import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type JobRunOutcome = 'running' | 'ok' | 'failed';

/**
 * One run of a timed job. A tick is a slot of the job's interval on the
 * database's clock; the unique (job, slot) is what lets only one instance
 * run a job per tick, and the rows show who ran what, when, and how it ended.
 */
@Entity({ name: 'job_runs' })
@Unique('job_runs_job_slot_key', ['job', 'slot'])
@Check('job_runs_outcome_check', `outcome IN ('running', 'ok', 'failed')`)
export class JobRunEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  job!: string;

  /** The start of the tick this run belongs to. */
  @Column({ type: 'timestamptz' })
  slot!: Date;

  /** host:pid of the API process that ran it. */
  @Column({ type: 'varchar', length: 200 })
  instance!: string;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'varchar', length: 10, default: 'running' })
  outcome!: JobRunOutcome;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
