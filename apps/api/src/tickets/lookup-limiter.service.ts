import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ApiException } from '../common/api.exception';
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
 */
@Injectable()
export class LookupLimiter {
  constructor(
    private readonly config: AppConfig,
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: RateLimitStorage,
  ) {}

  async assertAllowed(ip: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    if ((await this.storage.blockedSeconds(key(ip), THROTTLER)) > 0) throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'too_many_lookups');
  }

  async recordFailure(ip: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    const { failedLookups, windowMs } = this.config.rateLimit;
    const record = await this.storage.increment(key(ip), windowMs, failedLookups, windowMs, THROTTLER);
    if (record.isBlocked || record.totalHits > failedLookups) throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'too_many_lookups');
  }
}

function key(ip: string): string {
  return `failed-lookup:${ip}`;
}
