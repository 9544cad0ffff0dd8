import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';

const REPO_ROOT = join(__dirname, '..', '..');
const MAIN = join(REPO_ROOT, 'apps', 'api', 'dist', 'main.js');
const LOG_LINES_KEPT = 2000;

/** What every API process of a cross-app test starts from; the test adds what it is about. */
export const API_TEST_ENV: Record<string, string> = {
  CAPTCHA_PROVIDER: 'none',
  RATE_LIMIT_ENABLED: 'false',
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

  constructor(private readonly env: Record<string, string>) {}

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
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.log.push(line);
      this.log.splice(0, Math.max(0, this.log.length - LOG_LINES_KEPT));
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
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
