import { applyDecorators, Header } from '@nestjs/common';
import type { Express, NextFunction, Request, Response } from 'express';

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

type ETagGenerator = (body: string | Buffer, encoding?: BufferEncoding) => string | undefined;

/**
 * Express's ETag only on answers a cache may keep (issue 14). Express hashes
 * every answer it sends (sha1 of the body) for an ETag; a `no-store` answer —
 * every /api answer but the PublicCacheable ones — is never kept, so never
 * revalidated, and its ETag was work for nothing on each request page. Other
 * answers get the same weak ETag as before, and Express's freshness check
 * still makes a matching If-None-Match a 304. Call once, at setup.
 */
export function etagOnlyWhenCacheable(app: Express): void {
  const generateETag = app.get('etag fn') as ETagGenerator | undefined;
  if (typeof generateETag !== 'function') return;
  app.set('etag', false);
  const send = app.response.send;
  app.response.send = function sendWithETagWhenCacheable(this: Response, body?: unknown) {
    // res.json and res.send(object) come back here with the serialised text.
    if ((typeof body === 'string' || Buffer.isBuffer(body)) && !this.hasHeader('ETag') && !String(this.getHeader('Cache-Control') ?? '').includes('no-store')) {
      const tag = generateETag(body, 'utf8');
      if (tag) this.setHeader('ETag', tag);
    }
    return send.call(this, body);
  };
}
