import { ApiTooManyRequestsResponse, DECORATORS } from '@nestjs/swagger';

/**
 * OpenAPI: this controller's operations need no credentials (`security: []`),
 * unless one of them states its own. The document has no default security, so
 * a controller that says neither this nor StaffEndpoints leaves its operations
 * without one, which tools/lint-openapi.mjs (run by openapi-lint.spec.ts) refuses.
 */
export const PublicEndpoints = (): ClassDecorator => (target) => {
  Reflect.defineMetadata(DECORATORS.API_SECURITY, [], target);
};

/** The 429 of the per-address request limit (common/rate-limits.ts), which every route without @SkipThrottle has. */
export const ApiRateLimitedResponse = () => ApiTooManyRequestsResponse({ description: '`too_many_requests`: too many requests from this address; try again later' });
