import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule, OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { HttpLogger } from './logging/logging';
import { ValidationFailedException } from './common/api.exception';
import { etagOnlyWhenCacheable, noStoreByDefault } from './common/cache-control';
import { hasBody, normalizeBodies } from './common/request-bodies';
import { translateBodyParserErrors } from './common/body-parser-errors';
import { fixedSecurityHeaders } from './common/security-headers';
import { CSRF_HEADER } from '@pidtrymka/contracts';
import { fasterClientIp } from './common/client-ip';
import { PARTICIPANT_COOKIE, PARTICIPANT_SESSION_SCHEME } from './auth/participant-auth.guard';
import { CSRF_SCHEME, STAFF_COOKIE, STAFF_SESSION_SCHEME } from './auth/staff-auth.guard';
import { AppConfig } from './config/app-config';
import { KB_WEBHOOK_SCHEME, KB_WEBHOOK_SECRET_HEADER } from './kb/kb.controller';
import { HTTP_LOGGER } from './logging/logging.module';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { Metrics } from './metrics/metrics.service';
import { serveWebApp } from './web/web-app';

export const API_PREFIX = 'api';
/** Served by the API outside its prefix (Prometheus looks for /metrics at the root). */
const ROOT_ROUTES = ['metrics'];

/** Everything bootstrap.ts and the integration tests both need, so tests run the app as production does. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.setGlobalPrefix(API_PREFIX, { exclude: ROOT_ROUTES });
  // Nest's own logs too go through pino from here on (bootstrap.ts and the tests buffer what came before).
  app.useLogger(app.get(Logger));
  // First, so every answer — a body parser's 413 too — has a request id, an access-log line and a timing.
  app.use(app.get<HttpLogger>(HTTP_LOGGER));
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.set('trust proxy', trustProxyValue(config.trustProxy));
  fasterClientIp(app.getHttpAdapter().getInstance());
  etagOnlyWhenCacheable(app.getHttpAdapter().getInstance());
  app.disable('x-powered-by');
  app.use(
    fixedSecurityHeaders({
      crossOriginResourcePolicy: { policy: 'same-origin' },
      // The web app: scripts only from us; inline styles (Angular's components) only with the page's nonce,
      // set by serveWebApp, 'unsafe-inline' left for other pages (OpenAPI); the captcha is an SVG data: URL.
      contentSecurityPolicy: {
        directives: {
          'style-src': ["'self'", "'unsafe-inline'"],
          'font-src': ["'self'", 'data:'],
          'img-src': ["'self'", 'data:'],
          'frame-ancestors': ["'none'"],
          // Only where the portal is served over TLS: on a plain-HTTP address (a LAN start of `npm start`)
          // the browser would rewrite every script and style to an https:// that nothing answers.
          'upgrade-insecure-requests': config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
    }),
  );
  // Before anything answers, so that every /api answer, a body parser's error too, is private unless its route says otherwise.
  app.use(`/${API_PREFIX}`, noStoreByDefault);
  // 50,000 Cyrillic characters are ~100 kB of UTF-8, Express's whole default limit.
  // Only a request that has a body goes through the parsers (a GET, most of the traffic, does not).
  const bodies = express.Router();
  bodies.use(express.json({ limit: '1mb' }), express.urlencoded({ limit: '1mb', extended: false }), translateBodyParserErrors, normalizeBodies);
  app.use((request: Request, response: Response, next: NextFunction) => (hasBody(request) ? bodies(request, response, next) : next()));
  serveWebApp(app, [API_PREFIX, ...ROOT_ROUTES], config.webDistDir);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new ValidationFailedException(errors),
    }),
  );
  // Built on the first request for it, not at start (issue 14): most processes never serve it, and scanning every route costs memory and start time.
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: `${API_PREFIX}/docs-json`, yamlDocumentUrl: `${API_PREFIX}/docs-yaml` });
  app.enableShutdownHooks();
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const options = new DocumentBuilder()
    .setTitle('Pidtrymka API')
    .setDescription('The help desk\'s HTTP API. Errors answer `{ statusCode, error, code, message, details? }`, the message in the language of Accept-Language (uk by default, en).')
    .setVersion('0.1.0')
    // package.json's license; the URL says what npm's UNLICENSED means (no licence granted), there being no LICENSE file.
    .setLicense('UNLICENSED', 'https://docs.npmjs.com/cli/configuring-npm/package-json#license')
    // Relative: the document is served by the instance it describes, whatever its PUBLIC_URL (paths carry /api).
    .addServer('/', 'This instance')
    .addApiKey({ type: 'apiKey', in: 'cookie', name: PARTICIPANT_COOKIE, description: 'Issue 18: the httpOnly participant session cookie that POST /api/participant/auth/redeem sets; never a staff session' }, PARTICIPANT_SESSION_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'cookie', name: STAFF_COOKIE, description: 'The httpOnly staff session cookie that POST /api/staff/auth/sign-in sets' }, STAFF_SESSION_SCHEME)
    .addApiKey(
      { type: 'apiKey', in: 'header', name: CSRF_HEADER, description: 'The session\'s csrfToken (sign-in answer or GET /api/staff/auth/session); every state-changing staff call needs it besides the cookie; likewise a participant\'s (POST /api/participant/auth/redeem or GET /api/participant/auth/session) for their state-changing calls' },
      CSRF_SCHEME,
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: KB_WEBHOOK_SECRET_HEADER, description: 'CMS_WEBHOOK_SECRET, shared with the CMS' }, KB_WEBHOOK_SCHEME)
    .build();
  return SwaggerModule.createDocument(app, options);
}

function trustProxyValue(setting: string): boolean | number | string {
  if (setting === 'true') return true;
  if (setting === 'false' || setting === '') return false;
  return /^\d+$/.test(setting) ? Number(setting) : setting;
}
