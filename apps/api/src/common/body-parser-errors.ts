import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { formatBytes } from '../i18n/messages';
import { ApiException } from './api.exception';

/** body-parser and raw-body tag their errors with `type`. */
const BODY_PARSER_ERRORS: Record<string, { status: HttpStatus; code: string }> = {
  'entity.parse.failed': { status: HttpStatus.BAD_REQUEST, code: 'malformed_json' },
  'entity.too.large': { status: HttpStatus.PAYLOAD_TOO_LARGE, code: 'payload_too_large' },
  'entity.verify.failed': { status: HttpStatus.BAD_REQUEST, code: 'bad_request' },
  'request.aborted': { status: HttpStatus.BAD_REQUEST, code: 'bad_request' },
  'request.size.invalid': { status: HttpStatus.BAD_REQUEST, code: 'bad_request' },
  'encoding.unsupported': { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, code: 'unsupported_media_type' },
  'charset.unsupported': { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, code: 'unsupported_media_type' },
};

/**
 * Express error middleware placed after the body parsers: turns their errors
 * into ApiExceptions before Nest flattens them into a generic 400.
 */
export function translateBodyParserErrors(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  if (!known) return next(error);
  const limit = (error as { limit?: number }).limit;
  next(new ApiException(known.status, known.code, (locale) => ({ limit: limit ? formatBytes(locale, limit) : '' })));
}
