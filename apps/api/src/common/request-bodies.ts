import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiException } from './api.exception';

/** Our bodies are flat forms with an array at most; this is far beyond any of them. */
export const MAX_BODY_DEPTH = 16;

/** Whether a request carries a body at all, as body-parser decides it (RFC 9112 §6.3): only then is it parsed. */
export function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && !Number.isNaN(Number(length)));
}

/**
 * Express middleware after the body parsers, for two kinds of JSON that
 * parse but then broke the app with a 500:
 * - nesting deeper than MAX_BODY_DEPTH: JSON.parse takes 100,000 nested
 *   arrays in its stride, but the validation pipe walks bodies recursively
 *   and overflowed the stack;
 * - a `\ud800` escape, a lone surrogate no UTF-8 text can hold: validators
 *   that encode it (isEmail's byte length) threw a URIError. It becomes
 *   U+FFFD, as a browser encodes it and as PostgreSQL would store it.
 */
export function normalizeBodies(request: Request, _response: Response, next: NextFunction): void {
  if (!normalizeBody(request.body, MAX_BODY_DEPTH)) return next(new ApiException(HttpStatus.BAD_REQUEST, 'json_too_deep', { max: MAX_BODY_DEPTH }));
  next();
}

/**
 * Replaces lone surrogates in the string values of a parsed body, in place;
 * false when it is nested deeper than `maxDepth` levels. Iterative, so the
 * walk itself cannot overflow the stack.
 */
export function normalizeBody(body: unknown, maxDepth: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) return false;
    const container = value as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = container[key];
      if (typeof child === 'string') {
        if (!(child as string & { isWellFormed(): boolean }).isWellFormed()) container[key] = (child as string & { toWellFormed(): string }).toWellFormed();
      } else {
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return true;
}
