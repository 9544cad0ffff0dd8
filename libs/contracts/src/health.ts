/** One dependency in a health answer; `message` says in a few words why it is down. */
export interface HealthComponentView {
  status: 'up' | 'down';
  message?: string;
  [detail: string]: unknown;
}

/**
 * The answers of `/api/health` and `/api/health/ready`, in @nestjs/terminus's
 * shape: `details` has every dependency checked, `info` those up, `error`
 * those down; `status` is `error` (HTTP 503) when one that matters is down,
 * `shutting_down` (503) while the instance stops.
 */
export interface HealthView {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, HealthComponentView>;
  error?: Record<string, HealthComponentView>;
  details: Record<string, HealthComponentView>;
  /**
   * Readiness only: dependencies that are down without making the instance
   * unready (the CMS: the portal serves its own copy of the knowledge base).
   */
  degraded?: Record<string, HealthComponentView>;
}
