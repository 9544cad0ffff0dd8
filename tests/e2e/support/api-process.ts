import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../support/free-port';

export interface ApiProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Another instance of the built API beside the suite's own, on the same database (instances share
 * nothing else), with some settings changed: e.g. the image captcha the suite's instance has off.
 */
export async function startApiInstance(overrides: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...JSON.parse(process.env.E2E_API_ENV!), PORT: String(port), PUBLIC_URL: baseUrl, SCHEDULER_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false', ...overrides };
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '../../../apps/api/dist/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The API instance exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) })).ok) return { baseUrl, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The API instance did not start within 60 s:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
