import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../support/free-port';

const repoRoot = resolve(__dirname, '../../..');
const main = join(repoRoot, 'apps/api/dist/main.js');

/** One built API process (`node apps/api/dist/main.js`), as production runs it, on a free port. */
export class ApiProcess {
  private child?: ChildProcess;
  private dataDir = '';
  /** The process's stdout and stderr, for the failure message of a test. */
  output = '';
  url = '';
  pid = 0;

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  async start(timeoutMs = 90_000): Promise<this> {
    if (!existsSync(main)) throw new Error('Build the API first (npm run build): the scale test runs apps/api/dist/main.js');
    const port = await freePort();
    this.dataDir = await mkdtemp(join(tmpdir(), `pidtrymka-scale-${this.name}-`));
    const child = spawn(process.execPath, [main], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.env, PORT: String(port), DATA_DIR: this.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.pid = child.pid ?? 0;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`API ${this.name} exited with ${child.exitCode} before it was healthy:\n${this.output}`);
      if (await fetch(`${this.url}/api/health`).then((r) => r.ok, () => false)) return this;
      if (Date.now() > deadline) throw new Error(`API ${this.name} was not healthy within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Resident memory of the process now, in MB (Linux). */
  rssMb(): number {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : NaN;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}
