import express from 'express';
import helmet, { HelmetOptions } from 'helmet';
import request from 'supertest';
import { fixedSecurityHeaders } from './security-headers';

const options: HelmetOptions = {
  crossOriginResourcePolicy: { policy: 'same-origin' },
  contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'], 'frame-ancestors': ["'none'"], 'upgrade-insecure-requests': null } },
};

function headersOf(middleware: express.RequestHandler) {
  const app = express();
  app.use(middleware);
  app.get('/x', (_req, res) => res.send('ok'));
  return request(app).get('/x').then((response) => {
    const { date, etag, 'content-length': _length, ...rest } = response.headers;
    return rest;
  });
}

describe('fixedSecurityHeaders', () => {
  it('sets exactly the headers helmet sets per request', async () => {
    expect(await headersOf(fixedSecurityHeaders(options))).toEqual(await headersOf(helmet(options)));
  });

  it('gives each response its own copy of the headers', async () => {
    const middleware = fixedSecurityHeaders(options);
    const [first, second] = [await headersOf(middleware), await headersOf(middleware)];
    expect(first['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(second).toEqual(first);
  });
});
