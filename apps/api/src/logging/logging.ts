import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';

/** Nest's level names (LOG_LEVEL) in pino's terms. */
const PINO_LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;
export type NestLogLevel = keyof typeof PINO_LEVELS;

/** What a proxy or a client may name a request by: a UUID, a trace id, an nginx $request_id — nothing that could forge a log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Never written, wherever they turn up. The HTTP serializers below keep no
 * headers and no bodies at all, so these are the second line: an object a
 * developer logs by hand (`logger.warn({ body })`) still loses its secrets.
 */
const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.headers["x-pidtrymka-webhook-secret"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.csrfToken',
  '*.captchaAnswer',
  '*.answer',
  '*.secret',
  'password',
  'token',
  'body',
  '*.body',
];

/**
 * The one pino logger of the process: JSON lines on stdout, written asynchronously (or `destination`,
 * for tests), ISO times, level names, and the redactions above.
 */
export function createRootLogger(level: NestLogLevel, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: PINO_LEVELS[level],
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  // Stdout asynchronously: a synchronous write per access-log line is a system call on the request's path.
  // pino flushes what is still buffered when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}

/** The access-log middleware: `req.id`, `req.log` (the request's logger, which nestjs-pino binds) and one line per answer. */
export type HttpLogger = ((req: IncomingMessage, res: ServerResponse, next: () => void) => void) & { logger: Logger };

/**
 * The access log and the request id. Every line written while a request is
 * handled carries `reqId`; the id is the caller's `X-Request-Id` when it is
 * sane (so a proxy's id joins its log to ours), otherwise a new UUID, and is
 * echoed in the answer's `X-Request-Id`. A request is logged as method, path
 * and status: no headers (cookies, tokens, CSRF and webhook secrets), no
 * bodies (passwords, captcha answers, participants' messages) and no query
 * string (the request page's link carries the participant's e-mail in `e=`).
 *
 * The lines are pino-http's (`request completed`, `request aborted`, `request
 * errored` with `err` from 500 on), written without it (issue 14): pino-http
 * makes a second child logger per request whose bindings serialise the
 * request at once, whether or not its line is ever written; here the request
 * is serialised with the line, and only when the line's level is enabled.
 */
export function createHttpLogger(root: Logger): HttpLogger {
  const serializers = { req: serializeRequest, res: serializeResponse };
  const logger = root.child({}, { serializers });
  // The completed line holds only what these serializers pick (no headers, no bodies, no query string): nothing
  // the redaction could find, and its wildcard paths cost ~10 µs a line, most of the line (issue 14). An errored
  // line carries `err`, whose own fields (a body parser's `body`) may be secret: it keeps the redaction.
  const accessLogger = root.child({}, { serializers, redact: [] });
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    req.id = id;
    const log = logger.child({ reqId: id });
    req.log = log;
    const startedAt = Date.now();
    const complete = (error?: Error): void => {
      res.removeListener('close', complete);
      res.removeListener('finish', complete);
      res.removeListener('error', complete);
      const responseTime = Date.now() - startedAt;
      const failure = error ?? (res as { err?: Error }).err;
      if (failure || res.statusCode >= 500) {
        log.error({ req, res, err: failure ?? new Error(`failed with status code ${res.statusCode}`), responseTime }, 'request errored');
      } else if (log.isLevelEnabled('info')) {
        accessLogger.info({ reqId: id, req, res, responseTime }, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
      }
    };
    // Probes and scrapes every few seconds would drown the log; their failures are logged by the checks themselves.
    if (!isProbe(pathOf(req))) {
      res.on('close', complete);
      res.on('finish', complete);
    }
    res.on('error', complete);
    next();
  };
  return Object.assign(middleware, { logger });
}

function serializeRequest(req: IncomingMessage & { id?: unknown }): object {
  const raw = req as Request;
  return { id: raw.id, method: raw.method, url: pathOf(raw), ip: raw.ip ?? raw.socket?.remoteAddress };
}

function serializeResponse(res: ServerResponse): object {
  return { statusCode: res.statusCode };
}

/** The path alone: query strings may carry a participant's e-mail or a tracking ID. */
export function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  const url = req.originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

function isProbe(path: string): boolean {
  return path === '/metrics' || path === '/api/health' || path.startsWith('/api/health/');
}
