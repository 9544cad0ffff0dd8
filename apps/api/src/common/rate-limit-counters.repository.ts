import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RateLimitCounterEntity } from './rate-limit-counter.entity';

/** A key's count after a hit, with whole seconds (rounded up) until its window and its block end. */
export interface CountedHit extends Pick<RateLimitCounterEntity, 'hits'> {
  expiresIn: number;
  /** Null when the key is not blocked. */
  blockedIn: number | null;
}

/** A counter, named for a statement that checks its block itself (blockedSecondsSql). */
export interface CounterKey {
  key: string;
  throttler: string;
}

/**
 * A scalar subquery: whole seconds (rounded up) counter (`key`, `throttler`)
 * stays blocked, NULL when it is not (or when `key` is NULL). For a statement
 * that reads the database anyway and checks a block in the same round trip
 * (LookupLimiter on the participants' look-ups, issue 14).
 */
export function blockedSecondsSql(key: string, throttler: string): string {
  return `SELECT ceil(extract(epoch FROM blocked_until - now()))::int FROM rate_limit_counters WHERE key = ${key} AND throttler = ${throttler} AND blocked_until > now()`;
}

/** The rate limits' counters shared by every API instance (`rate_limit_counters`), on the database's clock. */
@Injectable()
export class RateLimitCountersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Counts one hit of a key in a fixed window, in one upsert: it restarts a
   * window or block that is over and starts a block past the limit. The row
   * lock of ON CONFLICT makes concurrent hits from several instances count
   * one after another. `ttlMs` and `blockMs` in milliseconds (no block at 0).
   */
  async countHit(key: string, throttler: string, ttlMs: number, limit: number, blockMs: number): Promise<CountedHit> {
    const [row] = await this.dataSource.query<CountedHit[]>(
      `WITH params AS (SELECT $1::varchar AS key, $2::varchar AS throttler, make_interval(secs => $3::float8 / 1000) AS ttl,
                              $4::int AS lim, make_interval(secs => GREATEST($5::float8, 0) / 1000) AS block, $5::float8 > 0 AS blocks)
       INSERT INTO rate_limit_counters AS c (key, throttler, hits, window_ends_at, blocked_until)
       SELECT key, throttler, 1, now() + ttl, CASE WHEN blocks AND 1 > lim THEN now() + block END FROM params
       ON CONFLICT (key, throttler) DO UPDATE SET
         hits = CASE
           WHEN c.blocked_until > now() THEN c.hits
           WHEN c.window_ends_at <= now() OR c.blocked_until IS NOT NULL THEN 1
           ELSE c.hits + 1 END,
         window_ends_at = CASE
           WHEN c.blocked_until > now() THEN c.window_ends_at
           WHEN c.window_ends_at <= now() OR c.blocked_until IS NOT NULL THEN EXCLUDED.window_ends_at
           ELSE c.window_ends_at END,
         blocked_until = CASE
           WHEN c.blocked_until > now() THEN c.blocked_until
           WHEN (SELECT blocks FROM params) AND c.window_ends_at > now() AND c.blocked_until IS NULL AND c.hits + 1 > (SELECT lim FROM params)
             THEN now() + (SELECT block FROM params)
           END
       RETURNING hits,
         ceil(extract(epoch FROM window_ends_at - now()))::int AS "expiresIn",
         ceil(extract(epoch FROM blocked_until - now()))::int AS "blockedIn"`,
      [key, throttler, ttlMs, limit, blockMs],
    );
    return row;
  }

  async delete(key: string, throttler: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limit_counters WHERE key = $1 AND throttler = $2`, [key, throttler]);
  }

  /** Whole seconds (rounded up) the key stays blocked; 0 when it is not. */
  async blockedSeconds(key: string, throttler: string): Promise<number> {
    const [row] = await this.dataSource.query<{ blockedIn: number | null }[]>(`SELECT (${blockedSecondsSql('$1', '$2')}) AS "blockedIn"`, [key, throttler]);
    return row?.blockedIn ?? 0;
  }

  /** Deletes the counters whose window and block are over; returns how many. */
  async deleteExpired(): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM rate_limit_counters WHERE window_ends_at <= now() AND (blocked_until IS NULL OR blocked_until <= now())`,
    );
    return count;
  }
}
