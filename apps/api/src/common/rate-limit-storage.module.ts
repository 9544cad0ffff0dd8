import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RateLimitCountersRepository } from './rate-limit-counters.repository';
import { REQUEST_THROTTLER } from './rate-limits';
import { MemoryThrottlerStorage, PostgresThrottlerStorage, RateLimitStorage, SplitThrottlerStorage } from './throttler-storages';

/** The storage every rate limit counts in: the throttler guard's and LookupLimiter's. */
export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

@Module({
  providers: [
    RateLimitCountersRepository,
    PostgresThrottlerStorage,
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [AppConfig, PostgresThrottlerStorage],
      useFactory: (config: AppConfig, database: PostgresThrottlerStorage): RateLimitStorage =>
        config.rateLimit.store === 'memory' ? new MemoryThrottlerStorage() : new SplitThrottlerStorage(new MemoryThrottlerStorage(), database, new Set([REQUEST_THROTTLER])),
    },
  ],
  // The staff sign-in counters always count in PostgreSQL, whatever RATE_LIMIT_STORE says: a lockout one instance forgets is none.
  exports: [RATE_LIMIT_STORAGE, PostgresThrottlerStorage],
})
export class RateLimitStorageModule {}
