import { Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimitCountersRepository } from './rate-limit-counters.repository';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A throttler storage that can also say, without counting a hit, whether a key is blocked (LookupLimiter needs both). */
export interface RateLimitStorage extends ThrottlerStorage {
  /**
   * Seconds the key stays blocked for the named throttler (0: not blocked) as
   * far as this process knows without a query; undefined when only the
   * database can tell: then the caller's own statement asks it
   * (blockedSecondsSql) and reports a block it found to rememberBlock.
   */
  knownBlockedSeconds(key: string, throttlerName: string): number | undefined;
  /** A block that a caller's statement found in the database, in its whole seconds. */
  rememberBlock(key: string, throttlerName: string, seconds: number): void;
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

  knownBlockedSeconds(key: string, throttlerName: string): number | undefined {
    const known = this.knownBlockSeconds(key, throttlerName);
    return known > 0 ? known : undefined;
  }

  /** Seconds the key stays blocked (0: not), asking the database unless this process knows. */
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

  rememberBlock(key: string, throttlerName: string, seconds: number): void {
    // The database gives whole seconds, rounded up: remember a second less, so this process never blocks longer than the database does.
    this.knownBlocks.set(`${throttlerName} ${key}`, Date.now() + (seconds - 1) * 1000);
  }
}

/** One key's count in its fixed window; times in ms since epoch, `blockedUntil` 0 when never blocked. */
interface WindowCount {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

/** How often the in-process counters forget windows and blocks that are over, checked on a hit (no timer, so no request's context is held). */
const MEMORY_SWEEP_MS = 60_000;

/**
 * In-process counters (RATE_LIMIT_STORE=memory, and the per-process request
 * cap): for a single instance that wants no database write per request. With
 * several instances each one counts alone, so a client gets the limit once per
 * instance. The same fixed window and block as PostgresThrottlerStorage's
 * upsert, so both stores answer alike, in O(1) per hit: @nestjs/throttler's own
 * storage keeps every hit's expiry and filters them all on each hit, which at
 * a high limit cost more than the request page itself.
 */
@Injectable()
export class MemoryThrottlerStorage implements RateLimitStorage {
  /** `throttler key` → its count. */
  private readonly counts = new Map<string, WindowCount>();
  private nextSweepAt = Date.now() + MEMORY_SWEEP_MS;

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    if (now >= this.nextSweepAt) this.forgetExpired(now);
    const id = `${throttlerName} ${key}`;
    let count = this.counts.get(id);
    if (!count) this.counts.set(id, (count = { hits: 0, windowEndsAt: now + ttl, blockedUntil: 0 }));
    if (count.blockedUntil > now) {
      const blockedFor = secondsUntil(count.blockedUntil, now);
      return { totalHits: Math.max(count.hits, limit + 1), timeToExpire: Math.max(secondsUntil(count.windowEndsAt, now), 0), isBlocked: true, timeToBlockExpire: blockedFor };
    }
    if (count.windowEndsAt <= now || count.blockedUntil !== 0) {
      count.hits = 1;
      count.windowEndsAt = now + ttl;
      count.blockedUntil = 0;
    } else {
      count.hits++;
    }
    if (blockDuration > 0 && count.hits > limit) count.blockedUntil = now + blockDuration;
    const isBlocked = blockDuration > 0 ? count.blockedUntil > now : count.hits > limit;
    const expiresIn = Math.max(secondsUntil(count.windowEndsAt, now), 0);
    return {
      totalHits: isBlocked ? Math.max(count.hits, limit + 1) : count.hits,
      timeToExpire: expiresIn,
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.max(count.blockedUntil ? secondsUntil(count.blockedUntil, now) : expiresIn, 1) : 0,
    };
  }

  knownBlockedSeconds(key: string, throttlerName: string): number {
    const count = this.counts.get(`${throttlerName} ${key}`);
    if (!count) return 0;
    const seconds = secondsUntil(count.blockedUntil, Date.now());
    return seconds > 0 ? seconds : 0;
  }

  rememberBlock(): void {
    // Its counts are all here: nothing learnt elsewhere.
  }

  async sweep(): Promise<number> {
    return this.forgetExpired(Date.now());
  }

  private forgetExpired(now: number): number {
    this.nextSweepAt = now + MEMORY_SWEEP_MS;
    let forgotten = 0;
    for (const [id, count] of this.counts) {
      if (count.windowEndsAt > now || count.blockedUntil > now) continue;
      this.counts.delete(id);
      forgotten++;
    }
    return forgotten;
  }
}

/** Whole seconds, rounded up, as the database gives them. */
function secondsUntil(at: number, now: number): number {
  return Math.ceil((at - now) / 1000);
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

  knownBlockedSeconds(key: string, throttlerName: string): number | undefined {
    return this.storageOf(throttlerName).knownBlockedSeconds(key, throttlerName);
  }

  rememberBlock(key: string, throttlerName: string, seconds: number): void {
    this.storageOf(throttlerName).rememberBlock(key, throttlerName, seconds);
  }

  async sweep(): Promise<number> {
    const [local, shared] = await Promise.all([this.perProcess.sweep(), this.shared.sweep()]);
    return local + shared;
  }

  private storageOf(throttlerName: string): RateLimitStorage {
    return this.perProcessThrottlers.has(throttlerName) ? this.perProcess : this.shared;
  }
}
