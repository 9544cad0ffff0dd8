// `npm start`: the whole product on its embedded defaults — the CMS (Strapi,
// SQLite under DATA_DIR/cms) and the API (embedded PostgreSQL under
// DATA_DIR/pg), wired together with secrets generated once into
// DATA_DIR/secrets.json. Settings already in the environment win.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Before anything is written, and inherited by the CMS and the API: what they create under DATA_DIR
// (Strapi's SQLite file, its secrets, secrets.json) is born private to this account. The API corrects
// what an older installation left readable on its start.
process.umask(0o077);

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = resolve(root, process.env.DATA_DIR ?? 'data');
const apiPort = process.env.PORT ?? '3000';
const cmsPort = process.env.CMS_PORT ?? '1337';
const strapiBin = join(root, 'cms/node_modules/@strapi/strapi/bin/strapi.js');

mkdirSync(join(dataDir, 'cms'), { recursive: true });
const secretsFile = join(dataDir, 'secrets.json');
const stored = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {};
const secrets = {
  CMS_API_TOKEN: stored.CMS_API_TOKEN ?? randomBytes(32).toString('hex'),
  CMS_WEBHOOK_SECRET: stored.CMS_WEBHOOK_SECRET ?? randomBytes(24).toString('hex'),
};
writeFileSync(secretsFile, `${JSON.stringify({ ...stored, ...secrets }, null, 2)}\n`, { mode: 0o600 });
chmodSync(secretsFile, 0o600);
const shared = { ...secrets, ...pick(process.env, Object.keys(secrets)) };

const children = [];
let stopping = false;

function launch(name, args, options) {
  const child = spawn(process.execPath, args, { stdio: 'inherit', ...options });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} stopped (${signal ?? code}); stopping the rest`);
      stop(code ?? 1);
    }
  });
  return child;
}

function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 15_000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

if (existsSync(strapiBin)) {
  const cmsEnv = {
    ...process.env,
    NODE_ENV: 'production',
    STRAPI_TELEMETRY_DISABLED: 'true',
    HOST: process.env.CMS_HOST ?? '127.0.0.1',
    PORT: cmsPort,
    DATABASE_FILENAME: process.env.CMS_DATABASE_FILENAME ?? join(dataDir, 'cms/data.db'),
    CMS_SECRETS_FILE: join(dataDir, 'cms/secrets.json'),
    CMS_API_TOKEN_FILE: join(dataDir, 'cms/api-token.txt'),
    CMS_WEBHOOK_URL: process.env.CMS_WEBHOOK_URL ?? `http://127.0.0.1:${apiPort}/api/kb/webhooks/cms`,
    ...shared,
  };
  if (!existsSync(join(root, 'cms/dist/build/index.html'))) {
    console.log('[start] Building the CMS admin panel once (about a minute)…');
    const build = spawnSync(process.execPath, [strapiBin, 'build'], { cwd: join(root, 'cms'), env: cmsEnv, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  launch('CMS', [strapiBin, 'start'], { cwd: join(root, 'cms'), env: cmsEnv });
  // The API's first sync of the knowledge base reads the CMS, so let it come up first.
  if (await healthy(`http://127.0.0.1:${cmsPort}/_health`, 120_000)) {
    console.log(`[start] CMS (knowledge-base editors) on http://127.0.0.1:${cmsPort}/admin`);
  } else {
    console.warn('[start] The CMS is not answering yet; the API starts anyway and syncs the knowledge base when it can.');
  }
} else {
  console.warn('[start] cms/node_modules is missing (npm ci installs it): starting without the CMS; the knowledge base stays empty.');
}

const api = launch('API', [join(root, 'apps/api/dist/main.js')], {
  cwd: root,
  // One API worker per core unless told otherwise (API_WORKERS=1 for a single process).
  env: { API_WORKERS: 'auto', ...process.env, DATA_DIR: dataDir, PORT: apiPort, CMS_URL: process.env.CMS_URL ?? `http://127.0.0.1:${cmsPort}`, ...shared },
  // On a terminal the API's JSON log lines are shown as short readable ones; piped or redirected, they stay JSON.
  stdio: ['inherit', process.stdout.isTTY ? 'pipe' : 'inherit', 'inherit'],
});
if (api.stdout) {
  let pending = '';
  api.stdout.setEncoding('utf8');
  api.stdout.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) console.log(readable(line));
  });
}

/** `12:00:01 WARN  [Staff] Demo: First admin admin@localhost created; password: …` from a pino JSON line. */
function readable(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const level = String(entry.level ?? '').toUpperCase().padEnd(5);
  const context = entry.context ? `[${entry.context}] ` : '';
  const access = entry.req && entry.res ? `${entry.req.method} ${entry.req.url} ${entry.res.statusCode} ${entry.responseTime} ms` : '';
  const error = entry.err?.stack ? `\n${entry.err.stack}` : '';
  return `${time} ${level} ${context}${access || entry.msg || ''}${error}`;
}

async function healthy(url, timeoutMs) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline && !stopping; ) {
    if (await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

function pick(source, keys) {
  return Object.fromEntries(keys.filter((k) => source[k]).map((k) => [k, source[k]]));
}
