import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../testing/test-app';

/** The API serves the web app on its own origin: files, the SPA fallback, caching and CSP. */
describe('the web app served by the API', () => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'pidtrymka-web-'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><html lang="uk"><body><app-root></app-root><script src="main-AB12CD34.js" type="module"></script></body></html>');
    await writeFile(join(dist, 'main-AB12CD34.js'), 'console.log(1);');
    await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await createTestApp({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('answers every page address with index.html, never cached, under a strict CSP', async () => {
    for (const path of ['/', '/ticket?track=AZA-DMP-AJ8S&e=test_partner%40oree.com.ua', '/admin/queue', '/kb/some-article']) {
      const response = await t.http.get(path).expect(200);
      expect(response.text).toContain('<app-root ');
      expect(response.headers['cache-control']).toBe('no-cache');
      const csp = response.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("'unsafe-eval'");
      // Inline styles only with this answer's nonce, which Angular finds on <app-root>.
      expect(csp).not.toContain("'unsafe-inline'");
      const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce).toBeDefined();
      expect(response.text).toContain(`<app-root ngCspNonce="${nonce}">`);
    }
    const [first, second] = await Promise.all([t.http.get('/'), t.http.get('/')]);
    expect(first.headers['content-security-policy']).not.toBe(second.headers['content-security-policy']);
  });

  it('caches hashed files for a year and the others not at all', async () => {
    const script = await t.http.get('/main-AB12CD34.js').expect(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect((await t.http.get('/favicon.svg').expect(200)).headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing file with 404 rather than the page, and leaves /api and /metrics to the API', async () => {
    await t.http.get('/chunk-ZZZZZZZZ.js').expect(404);
    const api = await t.http.get('/api/no-such-thing').expect(404);
    expect(api.body.code).toBe('route_not_found');
    await t.http.get('/api/health').expect(200);
    expect((await t.http.get('/metrics').expect(200)).headers['content-type']).toMatch(/^text\/plain/);
    await t.http.post('/').expect(404);
  });
});
