import type { Express, Request } from 'express';

const CLIENT_IP = Symbol('clientIp');
/** Addresses the proxy-trust cache keeps before it starts afresh: a client can fill it with the X-Forwarded-For entries it invents. */
const TRUST_CACHE_SIZE = 1024;

/**
 * The caller's address for less than Express's price (issue 14). Behind a proxy
 * (an X-Forwarded-For header and TRUST_PROXY's default `loopback`), each read of
 * `req.ip` walks the hops and checks each with proxy-addr, which parses the
 * address with ipaddr.js and matches it against every trusted subnet: ~20 µs in
 * the profile of the request page, and the address is read two or three times
 * per request (the rate limiter's tracker, the caller's IP, the access log).
 *
 * So `req.ip` is worked out once per request (the trust setting is fixed at
 * start, the socket and the headers are the request's own), and a subnet
 * setting's verdict on an address is remembered (it depends on the address
 * alone; a hop count or `true` is cheap and is left as it is).
 * Call after `app.set('trust proxy', …)`.
 */
export function fasterClientIp(app: Express): void {
  const setting: unknown = app.get('trust proxy');
  if (typeof setting === 'string' || Array.isArray(setting)) {
    const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
    const verdicts = new Map<string, boolean>();
    app.set('trust proxy fn', (address: string, hop: number): boolean => {
      let trusted = verdicts.get(address);
      if (trusted === undefined) {
        trusted = trust(address, hop);
        if (verdicts.size >= TRUST_CACHE_SIZE) verdicts.clear();
        verdicts.set(address, trusted);
      }
      return trusted;
    });
  }
  const original = findDescriptor(app.request, 'ip');
  if (!original?.get) throw new Error('express: no req.ip getter to build on');
  Object.defineProperty(app.request, 'ip', {
    configurable: true,
    enumerable: true,
    get(this: Request & { [CLIENT_IP]?: string | undefined }) {
      if (!(CLIENT_IP in this)) this[CLIENT_IP] = original.get!.call(this) as string | undefined;
      return this[CLIENT_IP];
    },
  });
}

function findDescriptor(target: object | null, name: string): PropertyDescriptor | undefined {
  for (let object = target; object; object = Object.getPrototypeOf(object) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(object, name);
    if (descriptor) return descriptor;
  }
  return undefined;
}
