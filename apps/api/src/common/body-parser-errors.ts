import { HttpStatus } from '@nestjs/common';
import { formatBytes } from '@pidtrymka/contracts';
import type { NextFunction, Request, Response } from 'express';
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
  if (!known) return next(untypedParserError(error) ?? error);
  const limit = (error as { limit?: number }).limit;
  next(new ApiException(known.status, known.code, (locale) => ({ limit: limit ? formatBytes(limit, locale) : '' })));
}

/**
 * body-parser passes a broken gzip/deflate/br body on as zlib's own error with
 * only a 400 status added (no `type`), which Nest would answer with a 500.
 */
function untypedParserError(error: unknown): ApiException | undefined {
  const { status, errno } = (error ?? {}) as { status?: unknown; errno?: unknown };
  // zlib (Z_DATA_ERROR, …) and brotli (ERR__ERROR_FORMAT_…) errors both carry a numeric errno.
  if (status === HttpStatus.BAD_REQUEST && typeof errno === 'number') return new ApiException(HttpStatus.BAD_REQUEST, 'body_encoding_invalid');
  return undefined;
}
