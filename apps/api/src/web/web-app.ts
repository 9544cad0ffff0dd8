import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';

/** Where `ng build web` writes the browser files, seen from `apps/api/dist/web/`. */
export const DEFAULT_WEB_DIST_DIR = resolve(__dirname, '../../../web/dist/browser');

/** Angular's output hashing names files `main-7XQ3K2ZB.js`, `chunk-…js`, `styles-…css`: their content never changes. */
const HASHED_FILE = /-[A-Z0-9]{8}\.(?:js|css|woff2?|svg|png|jpe?g|gif|webp)$/;

/**
 * Serves the Angular app from the API's own origin (no CORS): its files, and `index.html` for
 * every other address that is not the server's own (`serverPaths`: /api, /metrics), so `/ticket?track=…` from an e-mail opens the app.
 * index.html is revalidated on every load (a deploy shows at once); hashed files are cached for
 * a year. Without a build the API runs alone, as in its integration tests.
 */
export function serveWebApp(app: NestExpressApplication, serverPaths: readonly string[], distDir = DEFAULT_WEB_DIST_DIR): boolean {
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    new Logger('WebApp').log(`No web app at ${distDir} (run \`npm run build\`); serving the API only`);
    return false;
  }
  app.use(
    serveStatic(distDir, {
      index: false,
      redirect: false,
      setHeaders: (response, path) => {
        response.setHeader('Cache-Control', HASHED_FILE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  const page = readFileSync(indexFile, 'utf8');
  const ownPaths = serverPaths.map((path) => `/${path}`);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isApi = ownPaths.some((path) => request.path === path || request.path.startsWith(`${path}/`));
    // A missing file (an old chunk after a deploy) is a 404, not the app's page in its place.
    if (isApi || (request.method !== 'GET' && request.method !== 'HEAD') || extname(request.path) !== '') return next();
    // Angular adds its components' <style> elements with the nonce it finds on <app-root ngCspNonce>,
    // so the page can refuse every other inline style instead of allowing 'unsafe-inline'.
    const nonce = randomBytes(16).toString('base64');
    const policy = String(response.getHeader('Content-Security-Policy') ?? '');
    response.setHeader('Content-Security-Policy', withStyleNonce(policy, nonce));
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(page.replace('<app-root', `<app-root ngCspNonce="${nonce}"`));
  });
  new Logger('WebApp').log(`Serving the web app from ${distDir} at /`);
  return true;
}

/** The policy helmet set, with `style-src` narrowed from 'unsafe-inline' to this page's nonce. */
export function withStyleNonce(policy: string, nonce: string): string {
  const directives = policy.split(';').map((directive) => directive.trim()).filter(Boolean);
  const others = directives.filter((directive) => !directive.startsWith('style-src '));
  return [...others, `style-src 'self' 'nonce-${nonce}'`].join(';');
}
