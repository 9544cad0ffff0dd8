import { Injectable } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { RateLimitCountersRepository } from './rate-limit-counters.repository';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A throttler storage that can also say, without counting a hit, whether a key is blocked (LookupLimiter needs both). */
export interface RateLimitStorage extends ThrottlerStorage {
  /** Seconds the key stays blocked for the named throttler; 0 when it is not. */
  blockedSeconds(key: string, throttlerName: string): Promise<number>;
  /** Forgets counters whose window and block are over; returns how many. */
  sweep(): Promise<number>;
}

/**
 * Counters in PostgreSQL, so that every API instance counts against the same
 * limit (RATE_LIMIT_STORE=database, the default). A fixed window per key and
 * throttler: one upsert counts the hit, restarts a window or block that is
 * over, and starts a block past the limit. The row lock of ON CONFLICT makes
 * concurrent hits from several instances count one after another, and the
 * database's clock is the one every instance shares.
 *
 * A key found blocked is remembered in this process until its block ends, so
 * a client flooding past its limit costs no further database write (nor a
 * queue of writers on its one row) on an instance that has seen the block.
 */
@Injectable()
export class PostgresThrottlerStorage implements RateLimitStorage {
  /** `throttler key` → when its block ends (ms since epoch), for keys this process saw blocked. */
  private readonly knownBlocks = new Map<string, number>();

  constructor(private readonly counters: RateLimitCountersRepository) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const blockedFor = this.knownBlockSeconds(key, throttlerName);
    if (blockedFor > 0) return { totalHits: limit + 1, timeToExpire: blockedFor, isBlocked: true, timeToBlockExpire: blockedFor };
    const { hits, expiresIn, blockedIn } = await this.counters.countHit(key, throttlerName, ttl, limit, blockDuration);
    const isBlocked = blockDuration > 0 ? (blockedIn ?? 0) > 0 : hits > limit;
    if (isBlocked && blockedIn) this.rememberBlock(key, throttlerName, blockedIn);
    return {
      // While blocked the count stands still; the guard only needs to see it past the limit.
      totalHits: isBlocked ? Math.max(hits, limit + 1) : hits,
      timeToExpire: Math.max(expiresIn, 0),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.max(blockedIn ?? expiresIn, 1) : 0,
    };
  }

  /** Starts a key's count afresh (a staff member's good sign-in ends their run of failures from that address). */
  async forget(key: string, throttlerName: string): Promise<void> {
    this.knownBlocks.delete(`${throttlerName} ${key}`);
    await this.counters.delete(key, throttlerName);
  }

  async blockedSeconds(key: string, throttlerName: string): Promise<number> {
    const known = this.knownBlockSeconds(key, throttlerName);
    if (known > 0) return known;
    const seconds = await this.counters.blockedSeconds(key, throttlerName);
    if (seconds > 0) this.rememberBlock(key, throttlerName, seconds);
    return seconds;
  }

  async sweep(): Promise<number> {
    const now = Date.now();
    for (const [key, until] of this.knownBlocks) if (until <= now) this.knownBlocks.delete(key);
    return this.counters.deleteExpired();
  }

  private knownBlockSeconds(key: string, throttlerName: string): number {
    const until = this.knownBlocks.get(`${throttlerName} ${key}`);
    if (until === undefined) return 0;
    const seconds = Math.ceil((until - Date.now()) / 1000);
    if (seconds > 0) return seconds;
    this.knownBlocks.delete(`${throttlerName} ${key}`);
    return 0;
  }

  private rememberBlock(key: string, throttlerName: string, seconds: number): void {
    // The database gives whole seconds, rounded up: remember a second less, so this process never blocks longer than the database does.
    this.knownBlocks.set(`${throttlerName} ${key}`, Date.now() + (seconds - 1) * 1000);
  }
}

/**
 * The throttler's own in-process counters (RATE_LIMIT_STORE=memory): for a
 * single instance that wants no database write per request. With several
 * instances each one counts alone, so a client gets the limit once per instance.
 */
@Injectable()
export class MemoryThrottlerStorage extends ThrottlerStorageService implements RateLimitStorage {
  async blockedSeconds(key: string): Promise<number> {
    const record = this.storage.get(key);
    if (!record?.isBlocked) return 0;
    const seconds = Math.ceil((record.blockExpiresAt - Date.now()) / 1000);
    return seconds > 0 ? seconds : 0;
  }

  async sweep(): Promise<number> {
    return 0; // the parent sweeps its own map on a timer
  }
}

/**
 * RATE_LIMIT_STORE=database as run: the limits that guard something — submissions
 * and failed tracking-ID look-ups (R-VIEW-3) — count in PostgreSQL, shared by
 * every instance; the per-IP cap on any request (the `default` throttler), a
 * flood guard hit by every request, counts in each process. A database write on
 * every request cost a third of the request page's throughput
 * (tests/bench/rate-limits.bench.mjs); with N instances a client gets that cap
 * N times, which a flood guard can afford (nginx's limit_req can add a global one).
 */
export class SplitThrottlerStorage implements RateLimitStorage {
  constructor(
    private readonly perProcess: RateLimitStorage,
    private readonly shared: RateLimitStorage,
    private readonly perProcessThrottlers: ReadonlySet<string>,
  ) {}

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    return this.storageOf(throttlerName).increment(key, ttl, limit, blockDuration, throttlerName);
  }

  blockedSeconds(key: string, throttlerName: string): Promise<number> {
    return this.storageOf(throttlerName).blockedSeconds(key, throttlerName);
  }

  async sweep(): Promise<number> {
    const [local, shared] = await Promise.all([this.perProcess.sweep(), this.shared.sweep()]);
    return local + shared;
  }

  private storageOf(throttlerName: string): RateLimitStorage {
    return this.perProcessThrottlers.has(throttlerName) ? this.perProcess : this.shared;
  }
}
