import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
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
  const ownPaths = serverPaths.map((path) => `/${path}`);
  const isServerPath = (path: string) => ownPaths.some((own) => path === own || path.startsWith(`${own}/`));
  // The API's own addresses never reach the file system (serve-static would stat the disk on every /api call).
  const outsideServerPaths = (handler: RequestHandler): RequestHandler => (request, response, next) => (isServerPath(request.path) ? next() : handler(request, response, next));
  app.use(outsideServerPaths(serveCompressed(distDir)));
  app.use(
    outsideServerPaths(serveStatic(distDir, {
      index: false,
      redirect: false,
      setHeaders: (response, path) => {
        response.setHeader('Cache-Control', HASHED_FILE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    })),
  );
  const page = readFileSync(indexFile, 'utf8');
  app.use((request: Request, response: Response, next: NextFunction) => {
    // A missing file (an old chunk after a deploy) is a 404, not the app's page in its place.
    if (isServerPath(request.path) || (request.method !== 'GET' && request.method !== 'HEAD') || extname(request.path) !== '') return next();
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

interface Compressed {
  type: string;
  br: Buffer;
  gzip: Buffer;
}

/**
 * The app's scripts and styles, sent compressed (brotli, else gzip) from memory: without a proxy in
 * front (`npm start`) the first load is then what the budget counts, a third of the raw bytes. The
 * compressed copies are made at build time (tools/compress-web.mjs); a build without them (`ng build`
 * alone) is compressed here at a quick level, so the start stays fast. Only hashed files: they never
 * change while the process runs.
 */
function serveCompressed(distDir: string) {
  const files = new Map<string, Compressed>();
  let compressedHere = 0;
  for (const name of readdirSync(distDir)) {
    const extension = extname(name);
    if (!HASHED_FILE.test(name) || (extension !== '.js' && extension !== '.css')) continue;
    const path = join(distDir, name);
    const prebuilt = existsSync(`${path}.br`) && existsSync(`${path}.gz`);
    if (!prebuilt) compressedHere++;
    const raw = prebuilt ? null : readFileSync(path);
    files.set(`/${name}`, {
      type: extension === '.js' ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
      br: raw ? brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : readFileSync(`${path}.br`),
      gzip: raw ? gzipSync(raw, { level: 6 }) : readFileSync(`${path}.gz`),
    });
  }
  if (compressedHere) new Logger('WebApp').warn(`${compressedHere} web files had no compressed copies (run \`npm run build\`): compressed at start`);
  return (request: Request, response: Response, next: NextFunction) => {
    const file = files.get(request.path);
    if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    // Ours before the client's order: brotli is smaller whenever it is accepted at all.
    const encoding = request.acceptsEncodings('br') === 'br' ? 'br' : request.acceptsEncodings('gzip') === 'gzip' ? 'gzip' : null;
    if (!encoding) return next();
    const body = file[encoding];
    response.setHeader('Content-Type', file.type);
    response.setHeader('Content-Encoding', encoding);
    response.setHeader('Vary', 'Accept-Encoding');
    response.setHeader('Content-Length', body.length);
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}
