import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDatabase, dropDatabase } from '../../apps/api/src/testing/test-database';
import { freePort } from './free-port';

const repoRoot = join(__dirname, '..', '..');
const MAIN = join(repoRoot, 'apps/api/dist/main.js');

/** What every API process of a test starts from; a test overrides what it is about (as createTestApp does in process). */
const BASE_ENV: Record<string, string> = {
  CAPTCHA_PROVIDER: 'none',
  RATE_LIMIT_ENABLED: 'false',
  LOG_LEVEL: 'log',
  PUBLIC_URL: 'http://support.test',
  // Nothing listens on the discard port.
  CMS_URL: 'http://127.0.0.1:9',
  OUTBOX_WORKER_ENABLED: 'false',
  MAIL_IN_ENABLED: 'false',
  SCHEDULER_ENABLED: 'false',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};

export interface ApiProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  /** Every line the process wrote to stdout and stderr so far. */
  readonly lines: string[];
  /** Set once the process has ended. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** A query on the process's database. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Ends the process (SIGTERM, then SIGKILL), drops its database and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * The built API (`node apps/api/dist/main.js`, as production runs it) in a
 * child process on 127.0.0.1 and a free port, on a fresh database of the
 * server the jest global setup provides, with a temp DATA_DIR. Unlike
 * createTestApp, a crash is a dead process and every log line is real output.
 */
export async function startApiProcess(env: Record<string, string> = {}, options: { startTimeoutMs?: number } = {}): Promise<ApiProcess> {
  if (!existsSync(MAIN)) throw new Error('Build the API first (npm run build): the test runs apps/api/dist/main.js');
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run these tests through jest (its global setup provides one)');
  const databaseName = `pidtrymka_p${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await createDatabase(serverUrl, databaseName);
  const dataDir = await mkdtemp(join(tmpdir(), 'pidtrymka-proc-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;

  const lines: string[] = [];
  let exit: ApiProcess['exit'] = null;
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), TZ: 'UTC', ...BASE_ENV, DATA_DIR: dataDir, ...env, PORT: String(port), DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => { exit = { code, signal }; resolve(); }));
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    });
    stream.on('end', () => { if (partial) lines.push(partial); });
  }

  let client: Client | undefined;
  const stop = async () => {
    await client?.end().catch(() => undefined);
    if (!exit) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    await dropDatabase(serverUrl, databaseName);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, () => exit, lines, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    port,
    databaseUrl,
    dataDir,
    lines,
    get exit() {
      return exit;
    },
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      if (!client) {
        client = new Client({ connectionString: databaseUrl });
        await client.connect();
      }
      return (await client.query(sql, params)).rows as T[];
    },
    stop,
  };
}

async function waitForHealth(url: string, exit: () => ApiProcess['exit'], lines: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit()) throw new Error(`The API process ended on start (${JSON.stringify(exit())}):\n${lines.slice(-30).join('\n')}`);
    const healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`The API did not answer ${url}/api/health within ${timeoutMs} ms:\n${lines.slice(-30).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
