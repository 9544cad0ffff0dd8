import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ApiException } from '../common/api.exception';
import type { CounterKey } from '../common/rate-limit-counters.repository';
import { RATE_LIMIT_STORAGE } from '../common/rate-limit-storage.module';
import type { RateLimitStorage } from '../common/throttler-storages';
import { AppConfig } from '../config/app-config';

const THROTTLER = 'failed-lookups';

/**
 * Counts failed tracking-ID look-ups per client IP in the shared rate-limit
 * storage, so the count and the block hold on every API instance. Past the
 * limit the IP gets 429 for every look-up, found or not, until the block ends
 * — answering found IDs normally would let a blocked client go on telling
 * real IDs from invented ones.
 *
 * The block costs a look-up no round trip of its own (issue 14): a block this
 * process knows of is refused before anything is read (`blockCheck`); one only
 * the database knows of (set by another instance) is read by the look-up's
 * own statement (blockedSecondsSql) and refused once the statement is back
 * (`assertNotBlocked`); and a look-up that found nothing counts a failure,
 * whose count says "blocked" itself.
 */
@Injectable()
export class LookupLimiter {
  constructor(
    private readonly config: AppConfig,
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: RateLimitStorage,
  ) {}

  /** Before a look-up: 429 for a block known here; else the counter the look-up's statement must check (null: none to check). */
  blockCheck(ip: string): CounterKey | null {
    if (!this.config.rateLimit.enabled) return null;
    const known = this.storage.knownBlockedSeconds(key(ip), THROTTLER);
    if (known === undefined) return { key: key(ip), throttler: THROTTLER };
    if (known > 0) throw tooManyLookups();
    return null;
  }

  /** After a look-up that found its request: 429 when its statement found the counter `check` blocked (`blockedIn` seconds). */
  assertNotBlocked(check: CounterKey | null, blockedIn: number | null): void {
    if (!check || !blockedIn || blockedIn <= 0) return;
    this.storage.rememberBlock(check.key, check.throttler, blockedIn);
    throw tooManyLookups();
  }

  async recordFailure(ip: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    const { failedLookups, windowMs } = this.config.rateLimit;
    const record = await this.storage.increment(key(ip), windowMs, failedLookups, windowMs, THROTTLER);
    if (record.isBlocked || record.totalHits > failedLookups) throw tooManyLookups();
  }
}

function key(ip: string): string {
  return `failed-lookup:${ip}`;
}

function tooManyLookups(): ApiException {
  return new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'too_many_lookups');
}
