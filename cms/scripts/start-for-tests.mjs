// Starts the Pidtrymka CMS (Strapi 5) as a child process for tests.
//
//   import { startCms } from '<repo>/cms/scripts/start-for-tests.mjs';
//   const cms = await startCms({ port: 0, apiToken: 'ro-…', adminApiToken: 'rw-…' });
//   ... fetch(`${cms.url}/api/kb-articles?locale=uk`, { headers: { Authorization: `Bearer ${cms.apiToken}` } })
//   await cms.stop();
//
// Plain Node ESM, no dependencies. Runs `strapi start` on the built project,
// building first only when dist/build (the admin panel) is missing, and
// resolves once GET /_health answers 204. Each call gets its own temporary
// SQLite database (unless options.databaseFilename is given), so the seed
// runs and the tokens/webhook from the options are set up on that database.
//
// Also runnable: `node cms/scripts/start-for-tests.mjs` starts it and keeps it
// running until Ctrl+C (prints the URL and tokens).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

export const CMS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STRAPI_BIN = path.join(CMS_DIR, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

function freePort(host) {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function run(args, env, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STRAPI_BIN, ...args], { cwd: CMS_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => log(d));
    child.stderr.on('data', (d) => log(d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`strapi ${args.join(' ')} exited with ${code}`))));
  });
}

/**
 * @param {object} [options]
 * @param {number} [options.port]              default: env PORT, else a free port
 * @param {string} [options.host]              default '127.0.0.1'
 * @param {string} [options.databaseFilename]  default: env DATABASE_FILENAME, else a new temp file (removed on stop)
 * @param {string} [options.apiToken]          read-only token key; default env CMS_API_TOKEN, else random
 * @param {string} [options.adminApiToken]     full-access token key (tests); default env CMS_ADMIN_API_TOKEN, else random
 * @param {string} [options.webhookUrl]        default env CMS_WEBHOOK_URL (none when unset)
 * @param {string} [options.webhookSecret]     default env CMS_WEBHOOK_SECRET
 * @param {boolean} [options.seed]             default true (the six manual articles, uk + en)
 * @param {Record<string,string>} [options.env] extra env for the child
 * @param {number} [options.timeoutMs]         default 120000 (start), a build adds up to ~3 min
 * @param {boolean|function} [options.log]     true: pipe Strapi output to stderr; a function gets each chunk
 * @returns {Promise<{url: string, port: number, apiToken: string, adminApiToken: string,
 *   databaseFilename: string, pid: number, output: () => string, stop: () => Promise<void>}>}
 */
export async function startCms(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const port = Number(options.port ?? process.env.PORT ?? 0) || (await freePort(host));
  let tmpDir;
  let databaseFilename = options.databaseFilename ?? process.env.DATABASE_FILENAME;
  if (!databaseFilename) {
    tmpDir = mkdtempSync(path.join(tmpdir(), 'pidtrymka-cms-'));
    databaseFilename = path.join(tmpDir, 'data.db');
  }
  const apiToken = options.apiToken ?? process.env.CMS_API_TOKEN ?? `ro-${randomBytes(24).toString('hex')}`;
  const adminApiToken = options.adminApiToken ?? process.env.CMS_ADMIN_API_TOKEN ?? `rw-${randomBytes(24).toString('hex')}`;
  const webhookUrl = options.webhookUrl ?? process.env.CMS_WEBHOOK_URL ?? '';
  const webhookSecret = options.webhookSecret ?? process.env.CMS_WEBHOOK_SECRET ?? '';

  let output = '';
  const log = (chunk) => {
    const s = chunk.toString();
    output = (output + s).slice(-200_000);
    if (options.log === true) process.stderr.write(s);
    else if (typeof options.log === 'function') options.log(s);
  };

  const env = {
    ...process.env,
    STRAPI_TELEMETRY_DISABLED: 'true',
    NODE_ENV: process.env.NODE_ENV === 'development' ? 'development' : 'production',
    BROWSER: 'none',
    HOST: host,
    PORT: String(port),
    DATABASE_CLIENT: options.env?.DATABASE_CLIENT ?? 'sqlite',
    DATABASE_FILENAME: databaseFilename,
    CMS_API_TOKEN: apiToken,
    CMS_ADMIN_API_TOKEN: adminApiToken,
    CMS_WEBHOOK_URL: webhookUrl,
    CMS_WEBHOOK_SECRET: webhookSecret,
    CMS_SEED: options.seed === false ? 'false' : 'true',
    ...(tmpDir ? { CMS_API_TOKEN_FILE: path.join(tmpDir, 'api-token.txt') } : {}),
    ...(options.env ?? {}),
  };
  // NODE_ENV=production would also have to be used for the build; keep them together.
  if (!existsSync(path.join(CMS_DIR, 'dist', 'build', 'index.html'))) {
    await run(['build'], env, log);
  }

  const child = spawn(process.execPath, [STRAPI_BIN, 'start'], {
    cwd: CMS_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', log);
  child.stderr.on('data', log);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));

  const url = `http://${host}:${port}`;
  const cleanup = () => {
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  };
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => !exited && child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    }
    cleanup();
  };

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (exited) {
      cleanup();
      throw new Error(`CMS exited (${JSON.stringify(exited)}) before becoming healthy:\n${output.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/_health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 204) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`CMS not healthy within ${options.timeoutMs ?? 120_000} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return { url, port, apiToken, adminApiToken, databaseFilename, pid: child.pid, output: () => output, stop };
}

// CLI: node cms/scripts/start-for-tests.mjs
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  const cms = await startCms({ log: process.env.CMS_LOG === 'true' });
  console.log(JSON.stringify({ url: cms.url, apiToken: cms.apiToken, adminApiToken: cms.adminApiToken, databaseFilename: cms.databaseFilename, startedInMs: Date.now() - t0 }));
  const shutdown = async () => {
    await cms.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
