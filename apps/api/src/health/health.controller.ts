import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { HealthComponentView, HealthView } from '@pidtrymka/contracts';
import type { Response } from 'express';
import { PublicEndpoints } from '../common/openapi.decorators';
import { HealthViewDto } from './dto/health-views.dto';
import { HealthIndicators } from './health.indicators';

/**
 * Three probes, as GitLab and Kubernetes name them:
 *
 * - `/api/health/live` — the process answers HTTP. For an orchestrator's
 *   liveness probe: a database outage must not make it restart every
 *   instance, which would not bring the database back.
 * - `/api/health` — liveness *and* the database. It has said since the
 *   first release whether the database is reachable (503 naming it when
 *   not), and uptime monitors, load balancers, the benchmarks and the fault
 *   tests rely on that; without the database the API can answer nothing but
 *   errors, so taking the instance out of a load balancer is right. It is
 *   therefore not a pure liveness check — `/live` is.
 * - `/api/health/ready` — everything the instance needs to do its work:
 *   the database, the SMTP server (where this instance sends mail) and the
 *   mailbox (where it reads mail). The CMS is reported but does not fail
 *   it: the portal serves its own copy of the knowledge base while Strapi is
 *   down, and only editors' changes wait — it appears under `degraded`.
 *
 * Answers are @nestjs/terminus's `{ status, info, error, details }`, 200 or
 * 503, answered here rather than through the exception filter, whose error
 * shape would drop which dependency is down.
 */
@ApiTags('health')
@PublicEndpoints()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly checks: HealthCheckService,
    private readonly indicators: HealthIndicators,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Is the API up and can it reach its database?' })
  @ApiOkResponse({ type: HealthViewDto, description: '{ status: "ok", info: { database: { status: "up" } }, error: {}, details: {…} }' })
  @ApiServiceUnavailableResponse({ type: HealthViewDto, description: '{ status: "error", error: { database: { status: "down", message } }, … }' })
  health(@Res({ passthrough: true }) response: Response): Promise<HealthView> {
    return this.check(response, [() => this.indicators.database()]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (nothing else is checked)' })
  @ApiOkResponse({ type: HealthViewDto, description: '{ status: "ok", details: {} }' })
  live(): HealthView {
    return { status: 'ok', details: {} };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database, SMTP and IMAP where used; the CMS is reported under `degraded` without failing it' })
  @ApiOkResponse({ type: HealthViewDto, description: '{ status: "ok", info, error, details, degraded? }' })
  @ApiServiceUnavailableResponse({ type: HealthViewDto, description: '{ status: "error", error: { smtp: { status: "down", message } }, … }' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthView> {
    const [result, cms] = await Promise.all([
      this.check(response, [() => this.indicators.database(), () => this.indicators.mailTransport(), async () => this.indicators.mailIn(), () => this.indicators.mailboxReaders()]),
      this.indicators.knowledgeSource(),
    ]);
    return withOptional(result, cms);
  }

  private async check(response: Response, indicators: (() => Promise<HealthIndicatorResult>)[]): Promise<HealthView> {
    try {
      return (await this.checks.check(indicators)) as HealthView;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', '5');
      return error.getResponse() as HealthCheckResult as HealthView;
    }
  }
}

/** Adds checks that are reported but do not decide the status: in `details`, and in `info` or `degraded`. */
function withOptional(result: HealthView, optional: HealthIndicatorResult): HealthView {
  const entries = Object.entries(optional) as [string, HealthComponentView][];
  if (entries.length === 0) return result;
  const merged: HealthView = { ...result, info: { ...result.info }, details: { ...result.details } };
  for (const [key, component] of entries) {
    merged.details[key] = component;
    if (component.status === 'up') merged.info![key] = component;
    else merged.degraded = { ...merged.degraded, [key]: component };
  }
  return merged;
}
