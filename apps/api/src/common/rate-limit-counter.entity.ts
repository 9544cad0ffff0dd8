import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One rate limit's count for one key (e.g. an address), shared by every API instance
 * (PostgresThrottlerStorage). The table is UNLOGGED, which TypeORM cannot declare:
 * counters are worth losing in a crash rather than paying for WAL on every request.
 */
@Entity({ name: 'rate_limit_counters' })
export class RateLimitCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  /** The limit's name, e.g. `submissions`, `staff-sign-in-ip`. */
  @PrimaryColumn({ type: 'varchar', length: 50 })
  throttler!: string;

  @Column({ type: 'integer' })
  hits!: number;

  /** Expired counters are swept by this. */
  @Index('rate_limit_counters_expiry_idx')
  @Column({ name: 'window_ends_at', type: 'timestamptz' })
  windowEndsAt!: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil!: Date | null;
}
