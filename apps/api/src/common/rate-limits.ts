import { ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';
import type { RateLimitStorage } from './throttler-storages';

const SUBMISSION = 'pidtrymka:submission-rate-limited';
/** The per-IP cap on any request. */
export const REQUEST_THROTTLER = 'default';

/** Marks a route that writes on a participant's behalf: counted against RATE_LIMIT_SUBMISSIONS per IP. */
export const SubmissionRateLimited = () => SetMetadata(SUBMISSION, true);

/**
 * Two limits per IP: every request (`default`), and submissions (`submissions`,
 * only on routes marked above). Failed tracking-ID look-ups have their own
 * counter (LookupLimiter). All off with RATE_LIMIT_ENABLED=false. They count
 * in `storage` (RATE_LIMIT_STORE): with `database`, submissions and look-ups are
 * shared by every instance and the request cap is per process (SplitThrottlerStorage).
 */
export function throttlerOptions(config: AppConfig, storage?: RateLimitStorage): ThrottlerModuleOptions {
  const { enabled, requests, submissions, windowMs } = config.rateLimit;
  const isSubmission = (context: ExecutionContext) => Reflect.getMetadata(SUBMISSION, context.getHandler()) === true;
  // A throttler's own skipIf replaces the common one, so each says "off" itself.
  return {
    storage,
    throttlers: [
      { name: REQUEST_THROTTLER, ttl: windowMs, limit: requests, skipIf: () => !enabled },
      { name: 'submissions', ttl: windowMs, limit: submissions, skipIf: (context) => !enabled || !isSubmission(context) },
    ],
  };
}
