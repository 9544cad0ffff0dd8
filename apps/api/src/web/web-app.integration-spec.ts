import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, get, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestApp, TestApp } from '../testing/test-app';

/** A GET whose body comes back as the bytes on the wire: supertest would decode it. */
async function rawGet(t: TestApp, path: string, acceptEncoding: string): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  const server = createServer(t.app.getHttpAdapter().getInstance());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': acceptEncoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The API serves the web app on its own origin: files, the SPA fallback, caching and CSP. */
describe('the web app served by the API', () => {
  let t: TestApp;
  let dist: string;
  const script = `console.log(${JSON.stringify('Технічна підтримка '.repeat(200))});`;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'pidtrymka-web-'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><html lang="uk"><body><app-root></app-root><script src="main-AB12CD34.js" type="module"></script></body></html>');
    await writeFile(join(dist, 'main-AB12CD34.js'), script);
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

  it('sends scripts compressed, brotli first, gzip else, plain to a client that takes neither', async () => {
    const br = await rawGet(t, '/main-AB12CD34.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(script) / 5);

    const gzip = await rawGet(t, '/main-AB12CD34.js', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);

    const plain = await rawGet(t, '/main-AB12CD34.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
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
