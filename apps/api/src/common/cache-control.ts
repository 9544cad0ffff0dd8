import { applyDecorators, Header } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Every /api answer is `Cache-Control: no-store` unless its route says it is
 * public (12.5): requests, the queue, accounts, the mail pages and attachments
 * carry personal data, and a shared proxy, a browser's disk cache or the back
 * button must keep none of it. A default rather than a header per route, so a
 * route added tomorrow is private without anyone remembering to say so.
 */
export function noStoreByDefault(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * Marks a route whose answer is the same public text for everyone (the
 * knowledge base, the category list): caches may keep it but ask again each
 * time (its ETag makes that a 304), so an edit in the CMS shows at once.
 * It is in the caller's language, hence Vary.
 */
export function PublicCacheable(): MethodDecorator {
  return applyDecorators(Header('Cache-Control', 'public, no-cache'), Header('Vary', 'Accept-Language'));
}
