import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { HelmetOptions } from 'helmet';

/**
 * Helmet's headers, worked out once at start and then set as a fixed list: with our options
 * they never depend on the request, yet helmet's fourteen middlewares cost ~5 % of the CPU of
 * a request page (issue 14's profile). Whatever helmet would set or remove, this sets or
 * removes, so upgrading helmet or changing an option changes the list by itself.
 */
export function fixedSecurityHeaders(options: Readonly<HelmetOptions>): RequestHandler {
  const set: [string, string | string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, typeof value === 'string' || typeof value === 'number' ? String(value) : [...value]]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
    getHeader: () => undefined,
  };
  let synchronous = false;
  helmet(options)({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what helmet passed on, unchanged.
    if (error) throw error;
    synchronous = true;
  });
  // A future helmet that decided per request (or asynchronously) would make a fixed list wrong.
  if (!synchronous) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return (_request: Request, response: Response, next: NextFunction) => {
    for (const name of removed) response.removeHeader(name);
    for (const [name, value] of set) response.setHeader(name, value);
    next();
  };
}
