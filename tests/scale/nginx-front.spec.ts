import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import { freePort } from '../support/free-port';
import { ApiProcess } from './support/api-process';

/**
 * The production nginx configuration (docker/nginx) in front of two built API
 * processes: the Angular files with their caching and security headers, the
 * app's own addresses, /api round robin with the client's address passed on
 * (TRUST_PROXY=1), /metrics kept to the monitoring network, and the body limit.
 * Debian's nginx runs it, with two changes only Docker makes possible: the
 * upstream is the two processes' ports instead of Docker's DNS name `api`
 * (re-resolved with `resolve`, nginx ≥ 1.27.3), and paths point into a temp folder.
 */
const NGINX = '/usr/sbin/nginx';
const repo = resolve(__dirname, '../..');
const HASHED_JS = 'main-7XQ3K2ZB.js';

jest.setTimeout(120_000);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function http(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; from?: string } = {}): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, localAddress: options.from }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    // nginx answers 413 before reading a body it refuses, and may close while we still write.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(options.body);
  });
}

/** The entrypoint of the nginx image renders templates with envsubst; so does this, for the same variables. */
function render(template: string, env: Record<string, string>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => env[name] ?? whole);
}

describe('the production nginx configuration in front of two API processes', () => {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const databaseName = `pidtrymka_nginx_${randomBytes(4).toString('hex')}`;
  const apis: ApiProcess[] = [];
  let root = '';
  let nginx: ChildProcess | undefined;
  let base = '';
  let accessLog = '';

  beforeAll(async () => {
    if (!existsSync(NGINX)) throw new Error('nginx is not installed (/usr/sbin/nginx missing): apt-get install -y --no-install-recommends nginx-light');
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    const env = {
      DATABASE_URL: url.toString(),
      LOG_LEVEL: 'warn',
      CMS_URL: 'http://127.0.0.1:9',
      CAPTCHA_PROVIDER: 'none',
      MAIL_IN_ENABLED: 'false',
      OUTBOX_WORKER_ENABLED: 'false',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_FAILED_LOOKUPS: '3',
      // As in docker/compose.yaml: nginx is the one hop in front.
      TRUST_PROXY: '1',
      // As the API image runs (API_WORKERS=auto): each instance is a primary with workers sharing its port.
      API_WORKERS: '2',
    };
    apis.push(new ApiProcess('a', env), new ApiProcess('b', env));
    await apis[0].start();
    await apis[1].start();

    // A stand-in for the Angular build: index.html and a hashed bundle big enough to be gzipped.
    root = await mkdtemp(join(tmpdir(), 'pidtrymka-nginx-'));
    const html = join(root, 'html');
    await mkdir(html);
    await mkdir(join(root, 'temp'));
    await writeFile(join(html, 'index.html'), '<!doctype html><html lang="uk"><body><app-root></app-root><script src="main-7XQ3K2ZB.js"></script></body></html>');
    await writeFile(join(html, HASHED_JS), `console.log(${JSON.stringify('Технічна підтримка '.repeat(200))});`);
    await writeFile(join(html, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // Workers run as nobody: they must read the files.
    await chmod(root, 0o755);
    await chmod(html, 0o755);

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    accessLog = join(root, 'access.log');
    const site = render(await readFile(join(repo, 'docker/nginx/default.conf.template'), 'utf8'), {
      CLIENT_MAX_BODY_SIZE: '6m',
      METRICS_ALLOW: '10.0.0.0/8',
      DNS_RESOLVER: '127.0.0.11',
    })
      .replace(/^resolver .*$/m, '')
      .replace(/^\s*server \$\{API_UPSTREAM\} resolve (.*);$/m, (_line, params: string) => apis.map((api) => `  server ${new URL(api.url).host} ${params};`).join('\n'))
      .replace('listen 8080;', `listen 127.0.0.1:${port};`)
      .replace('root /usr/share/nginx/html;', `root ${html};`)
      .replaceAll('/etc/nginx/snippets/security-headers.conf', join(repo, 'docker/nginx/security-headers.conf'));
    expect(site).not.toContain('${');
    await writeFile(join(root, 'site.conf'), site);
    const main = (await readFile(join(repo, 'docker/nginx/nginx.conf'), 'utf8'))
      .replace('pid /tmp/nginx.pid;', `pid ${root}/nginx.pid;`)
      .replaceAll('/var/cache/nginx/', `${root}/temp/`)
      .replace('access_log /dev/stdout main;', `access_log ${accessLog} main;`)
      .replace('error_log /dev/stderr warn;', `error_log ${root}/error.log warn;`)
      .replace('include /etc/nginx/conf.d/*.conf;', `include ${root}/site.conf;`);
    await writeFile(join(root, 'nginx.conf'), main);
    execFileSync(NGINX, ['-t', '-q', '-p', root, '-c', join(root, 'nginx.conf')], { stdio: 'pipe' });
    nginx = spawn(NGINX, ['-p', root, '-c', join(root, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      if ((await http(`${base}/nginx-health`).catch(() => undefined))?.status === 200) break;
      if (i > 100) throw new Error(`nginx did not answer: ${await readFile(join(root, 'error.log'), 'utf8').catch(() => '')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await Promise.all(apis.map((api) => api.stop()));
    if (root) await rm(root, { recursive: true, force: true });
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  });

  it('serves the app with the API\'s security headers, revalidated', async () => {
    const page = await http(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<app-root>');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'SAMEORIGIN' });
    expect(page.headers.server).toBe('nginx');
  });

  it('caches hashed files for a year, compressed', async () => {
    const bundle = await http(`${base}/${HASHED_JS}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(bundle.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(bundle.body).toString()).toContain('Технічна підтримка');
    expect(bundle.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers the app\'s own addresses with the app, and a missing file with 404', async () => {
    for (const path of ['/ticket?track=ABC-DEF-GHI1&e=x', '/admin/queue', '/kb/xmtrade-access-problems']) {
      const page = await http(`${base}${path}`);
      expect([path, page.status]).toEqual([path, 200]);
      expect(page.body.toString()).toContain('<app-root>');
    }
    expect((await http(`${base}/chunk-OLDOLDOL.js`)).status).toBe(404);
    expect((await http(`${base}/robots.txt`)).status).toBe(404);
  });

  it('sends /api round robin to both processes', async () => {
    for (let i = 0; i < 6; i++) expect((await http(`${base}/api/health`)).status).toBe(200);
    const log = await readFile(accessLog, 'utf8');
    const upstreams = new Set([...log.matchAll(/"GET \/api\/health HTTP\/1\.1" 200 .* upstream=(\S+)/g)].map((m) => m[1]));
    expect([...upstreams].sort()).toEqual(apis.map((api) => new URL(api.url).host).sort());
  });

  it('R-VIEW-3: passes the client\'s address on, so a forged X-Forwarded-For does not escape the look-up limit', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const answer = await http(`${base}/api/tickets/AAA-AAA-AAA${'BCDEF'[i]}?email=x%40oree.test`, { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });

  it('keeps /metrics to loopback and METRICS_ALLOW', async () => {
    for (const path of ['/metrics', '/api/metrics']) {
      const outsider = await http(`${base}${path}`, { from: '127.0.0.2' });
      expect([path, outsider.status]).toEqual([path, 403]);
      expect(outsider.body.toString()).toContain('nginx');
    }
    // From loopback it reaches the API (which answers for itself: metrics, or 404 where it has none).
    const inside = await http(`${base}/metrics`);
    expect(inside.status).not.toBe(403);
  });

  it('refuses a body over CLIENT_MAX_BODY_SIZE before it reaches the API', async () => {
    const big = Buffer.alloc(7 * 1024 * 1024, 'a');
    const refused = await http(`${base}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': String(big.length) }, body: big });
    expect(refused.status).toBe(413);
  });

  it('goes on answering through the other process when one stops', async () => {
    await apis[0].stop();
    for (let i = 0; i < 4; i++) expect((await http(`${base}/api/health`)).status).toBe(200);
  });
});
