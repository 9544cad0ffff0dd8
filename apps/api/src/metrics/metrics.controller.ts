import { Controller, Get, Header, HttpStatus, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ApiException } from '../common/api.exception';
import { AppConfig } from '../config/app-config';
import { isPrivateAddress } from './private-address';
import { Metrics } from './metrics.service';

/**
 * `/metrics` for Prometheus, outside the `api` prefix where scrapers look for
 * it. Like GitLab's and Discourse's, it is not for the public: with
 * METRICS_TOKEN set a scrape must bring it as a bearer token; without one,
 * only callers on loopback or a private network are answered (behind a
 * reverse proxy with TRUST_PROXY, that is the client's address, so the
 * public cannot scrape through the proxy).
 */
@ApiExcludeController()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    this.authorize(request, response);
    response.type(this.metrics.contentType);
    return this.metrics.render();
  }

  private authorize(request: Request, response: Response): void {
    const token = this.config.metrics.token;
    if (token) {
      const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim() ?? '';
      if (!sameSecret(given, token)) {
        response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new ApiException(HttpStatus.UNAUTHORIZED, 'metrics_unauthorized');
      }
    } else if (!isPrivateAddress(request.ip ?? '')) {
      throw new ApiException(HttpStatus.FORBIDDEN, 'metrics_forbidden');
    }
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
