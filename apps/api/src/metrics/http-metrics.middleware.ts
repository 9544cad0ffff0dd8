import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Metrics } from './metrics.service';

/**
 * Times every answer into `pidtrymka_http_request_duration_seconds`. The
 * route label is Express's route template (`/api/tickets/:trackingId`), known
 * once the router matched it; the raw URL never becomes a label, so tracking
 * IDs and e-mail addresses cannot multiply series or leak into metrics.
 */
export function httpMetricsMiddleware(metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const stopTimer = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const routePath = (req.route as { path?: unknown } | undefined)?.path;
      // A wildcard route is a middleware Nest mounted for every path (nestjs-pino's): no handler of ours has one.
      const route = typeof routePath === 'string' && !routePath.includes('*') ? `${req.baseUrl}${routePath}` : 'unmatched';
      stopTimer({ method: normalMethod(req.method), route, status_class: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Any other verb is one label value, not one per invented method. */
function normalMethod(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}
