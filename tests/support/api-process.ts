import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { scratchDatabase } from './scratch-database';

const REPO_ROOT = join(__dirname, '..', '..');
const MAIN = join(REPO_ROOT, 'apps', 'api', 'dist', 'main.js');
const LOG_LINES_KEPT = 2000;

/** What every API process of a cross-app test starts from; the test adds what it is about. */
export const API_TEST_ENV: Record<string, string> = {
  CAPTCHA_PROVIDER: 'none',
  RATE_LIMIT_ENABLED: 'false',
  // Tests send many requests from one address; the cap on quoting confirmations (12.7) is tested where it is the subject.
  CONFIRMATION_EMAILS_PER_HOUR: '1000',
  LOG_LEVEL: 'warn',
  PUBLIC_URL: 'http://support.test',
  // Nothing listens on the discard port: no test here needs the CMS.
  CMS_URL: 'http://127.0.0.1:9',
};

/**
 * The built API (`apps/api/dist/main.js`, so `npm run build` first) as a
 * child process on 127.0.0.1 and a port of its own, so that a test can kill
 * it for real (SIGKILL) and start it again with the same settings and data
 * folder. Its output is kept (the last lines) for a failing test to show.
 */
export class ApiProcess {
  private child?: ChildProcess;
  private readonly log: string[] = [];
  port = 0;
  /** How many times it was started, and killed. */
  starts = 0;
  kills = 0;

  constructor(
    private readonly env: Record<string, string>,
    /** How many of the last lines of output to keep; Infinity for a test that reads all of them (secrets in logs). */
    private readonly linesKept = LOG_LINES_KEPT,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts it and resolves once `/api/health` answers 200 (or rejects with its last output). */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.running) throw new Error('The API process is already running');
    if (!this.port) this.port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...API_TEST_ENV, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    // Per stream, a line split across two chunks is joined again: a test looking for a value in a line must see it whole.
    const keeper = () => {
      let partial = '';
      return (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) this.log.push(line);
        this.log.splice(0, Math.max(0, this.log.length - this.linesKept));
      };
    };
    child.stdout.on('data', keeper());
    child.stderr.on('data', keeper());
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`The API exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${this.output()}`);
      const healthy = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      if (Date.now() > deadline) throw new Error(`The API was not healthy within ${timeoutMs} ms:\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed, connections just drop. Resolves once it is gone. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.kills++;
    await this.signal('SIGKILL', 10_000);
  }

  /** A graceful stop (SIGTERM), forced after `timeoutMs`. Safe to call when it is not running. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (!this.running) return;
    const exited = await this.signal('SIGTERM', timeoutMs);
    if (!exited) await this.signal('SIGKILL', 10_000);
  }

  /** Its last lines of output. */
  output(): string {
    return this.log.join('\n');
  }

  private signal(signal: NodeJS.Signals, timeoutMs: number): Promise<boolean> {
    const child = this.child!;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
      child.kill(signal);
    });
  }
}

/** An API process of its own: a fresh database, a temp DATA_DIR, every line of its output. */
export interface StartedApi {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  process: ApiProcess;
  /** Every line it wrote to stdout and stderr so far. */
  readonly lines: string[];
  /** False once it has ended (crashed, or stopped). */
  readonly running: boolean;
  /** A query on its database. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops it, drops its database and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * The built API on a scratch database of the jest global setup's server and a
 * temp DATA_DIR, healthy when this resolves; background mail work off unless
 * `env` turns it on. Unlike createTestApp, a crash is a dead process and every
 * log line is real output.
 */
export async function startApiProcess(env: Record<string, string> = {}): Promise<StartedApi> {
  const database = await scratchDatabase('p');
  const dataDir = await mkdtemp(join(tmpdir(), 'pidtrymka-proc-'));
  const api = new ApiProcess(
    { OUTBOX_WORKER_ENABLED: 'false', MAIL_IN_ENABLED: 'false', SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'log', NO_COLOR: '1', FORCE_COLOR: '0', DATA_DIR: dataDir, ...env, DATABASE_URL: database.url },
    Infinity,
  );
  const stop = async () => {
    await api.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await api.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    get url() {
      return api.url;
    },
    port: api.port,
    databaseUrl: database.url,
    dataDir,
    process: api,
    get lines() {
      return api.output().split('\n');
    },
    get running() {
      return api.running;
    },
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      return (await database.client.query(sql, params)).rows as T[];
    },
    stop,
  };
}
