import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { ApiErrorBody, Locale } from '@pidtrymka/contracts';
import type { ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import { negotiateLocale } from '../i18n/locale';
import { hasMessage, translate, translateConstraint } from '../i18n/messages';
import { ApiException, ValidationFailedException } from './api.exception';
import { isDatabaseUnavailable, isUnstorableText } from './database-errors';

/**
 * The one place errors become HTTP answers: every body has the same shape and
 * a message in the caller's language, and nothing a client sends becomes a 500
 * (an unexpected error is logged and answered without internals).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const locale = negotiateLocale(request.headers['accept-language']);
    const body = this.toBody(exception, locale, request);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (body.statusCode === (HttpStatus.SERVICE_UNAVAILABLE as number)) response.setHeader('Retry-After', '5');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, locale: Locale, request: Request): ApiErrorBody {
    if (exception instanceof ValidationFailedException) {
      const details = flattenValidationErrors(exception.errors).map(({ field, constraint, params }) => ({
        field,
        message: translateConstraint(locale, field, constraint, params),
      }));
      return { statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: details[0]?.message ?? translate(locale, 'validation_failed'), details };
    }
    if (exception instanceof ApiException) {
      const params = typeof exception.params === 'function' ? exception.params(locale) : exception.params;
      return { ...exception.extra, ...this.body(exception.getStatus(), exception.code, translate(locale, exception.code, params)) };
    }
    if (exception instanceof ThrottlerException) {
      return this.body(429, 'too_many_requests', translate(locale, 'too_many_requests'));
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = status === 404 ? 'route_not_found' : statusCode(status);
      if (status >= 500) this.logger.error(`${request.method} ${request.path}: ${exception.message}`, exception.stack);
      return this.body(status, code, hasMessage(code) ? translate(locale, code) : exception.message);
    }
    if (isUnstorableText(exception)) return this.body(400, 'invalid_characters', translate(locale, 'invalid_characters'));
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`${request.method} ${request.path}: database unavailable (${(exception as Error).message})`);
      return this.body(503, 'service_unavailable', translate(locale, 'service_unavailable'));
    }
    this.logger.error(`${request.method} ${request.path}: ${(exception as Error)?.message ?? exception}`, (exception as Error)?.stack);
    return this.body(500, 'internal_error', translate(locale, 'internal_error'));
  }

  private body(statusCode: number, code: string, message: string): ApiErrorBody {
    return { statusCode, error: reasonPhrase(statusCode), code, message };
  }
}

function statusCode(status: number): string {
  switch (status) {
    case 400: return 'bad_request';
    case 404: return 'not_found';
    case 413: return 'payload_too_large';
    case 415: return 'unsupported_media_type';
    case 429: return 'too_many_requests';
    case 503: return 'service_unavailable';
    default: return status >= 500 ? 'internal_error' : 'bad_request';
  }
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
    413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
  };
  return phrases[status] ?? 'Error';
}

/** "Required" says more than "must be text" about a field left empty. */
const CONSTRAINT_PRIORITY = ['whitelistValidation', 'isDefined', 'isNotEmpty', 'isString', 'isInt'];
const priorityOf = (constraint: string) => {
  const index = CONSTRAINT_PRIORITY.indexOf(constraint);
  return index < 0 ? CONSTRAINT_PRIORITY.length : index;
};

/** The most telling failed constraint of each field, nested fields included. */
function flattenValidationErrors(errors: ValidationError[], prefix = ''): { field: string; constraint: string; params: Record<string, string | number> }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const [constraint] = Object.keys(error.constraints ?? {}).sort((a, b) => priorityOf(a) - priorityOf(b));
    const own = constraint ? [{ field, constraint, params: paramsOf(error, constraint) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator's own message of `isIn` ends with the allowed values, as `@IsIn(values)` got them. */
const IS_IN_VALUES = /following values: (.*)$/;

/**
 * What the translated message names: the constraint's context where a decorator gave one; the allowed
 * values of an `isIn` from the constraint itself, so no `@IsIn` needs to repeat its list as a context
 * (a DTO that did not said "must be one of: undefined").
 */
function paramsOf(error: ValidationError, constraint: string): Record<string, string | number> {
  const params = { ...((error.contexts?.[constraint] as Record<string, string | number> | undefined) ?? {}) };
  if (constraint === 'isIn' && params['values'] === undefined) {
    const values = IS_IN_VALUES.exec(error.constraints?.[constraint] ?? '')?.[1];
    if (values !== undefined) params['values'] = values;
  }
  return params;
}
