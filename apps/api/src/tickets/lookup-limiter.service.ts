import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ApiException } from '../common/api.exception';
import { AppConfig } from '../config/app-config';

/**
 * Counts failed tracking-ID look-ups per client IP (ThrottlerStorage does the
 * counting). Past the limit the IP gets 429 for every look-up, found or not,
 * until the block ends — answering found IDs normally would let a blocked
 * client go on telling real IDs from invented ones.
 */
@Injectable()
export class LookupLimiter {
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly config: AppConfig,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
  ) {}

  assertAllowed(ip: string): void {
    if (!this.config.rateLimit.enabled) return;
    const until = this.blockedUntil.get(ip);
    if (until === undefined) return;
    if (until > Date.now()) throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'too_many_lookups');
    this.blockedUntil.delete(ip);
  }

  async recordFailure(ip: string): Promise<void> {
    if (!this.config.rateLimit.enabled) return;
    const { failedLookups, windowMs } = this.config.rateLimit;
    const record = await this.storage.increment(`failed-lookup:${ip}`, windowMs, failedLookups, windowMs, 'failed-lookups');
    if (record.isBlocked || record.totalHits > failedLookups) {
      this.blockedUntil.set(ip, Date.now() + (record.timeToBlockExpire > 0 ? record.timeToBlockExpire * 1000 : windowMs));
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, 'too_many_lookups');
    }
  }
}
