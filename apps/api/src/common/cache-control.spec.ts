import express from 'express';
import request from 'supertest';
import { etagOnlyWhenCacheable, noStoreByDefault } from './cache-control';

function app(withFix: boolean) {
  const app = express();
  if (withFix) etagOnlyWhenCacheable(app);
  app.use('/api', noStoreByDefault);
  app.get('/api/private', (_req, res) => res.json({ name: 'Олена', requests: 3 }));
  app.get('/api/public', (_req, res) => res.set('Cache-Control', 'public, no-cache').json({ categories: ['Ключі'] }));
  app.get('/api/public-text', (_req, res) => res.set('Cache-Control', 'public, no-cache').send('x'.repeat(2000)));
  app.get('/api/public-buffer', (_req, res) => res.set('Cache-Control', 'public, no-cache').type('bin').send(Buffer.from('bytes')));
  app.get('/elsewhere', (_req, res) => res.send('<p>page</p>'));
  return app;
}

describe('etagOnlyWhenCacheable (issue 14)', () => {
  it('sends no ETag on a no-store answer, with its body and length unchanged', async () => {
    const answer = await request(app(true)).get('/api/private').expect(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers.etag).toBeUndefined();
    expect(answer.body).toEqual({ name: 'Олена', requests: 3 });
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(answer.body)));
    // Nothing to revalidate: an If-None-Match gets the whole answer.
    await request(app(true)).get('/api/private').set('If-None-Match', 'W/"anything"').expect(200);
  });

  it.each(['/api/public', '/api/public-text', '/api/public-buffer', '/elsewhere'])('gives a cacheable answer (%s) the ETag Express gave it, and a 304 when it matches', async (path) => {
    const answer = await request(app(true)).get(path).expect(200);
    expect(answer.headers.etag).toBe((await request(app(false)).get(path)).headers.etag);
    expect(answer.headers.etag).toMatch(/^W\/"/);
    const again = await request(app(true)).get(path).set('If-None-Match', answer.headers.etag).expect(304);
    expect(again.text).toBe('');
  });
});
