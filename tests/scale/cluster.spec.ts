import { execFileSync } from 'node:child_process';
import { scratchDatabase } from '../support/scratch-database';
import { ApiProcess } from './support/api-process';
import type { Truthy } from '../support/smtp-capture';

/**
 * Issue 14: one API process per core (API_WORKERS). The primary keeps its workers running, they share
 * one port, the embedded PostgreSQL is started once for all of them, and nothing outlives the primary.
 */
jest.setTimeout(240_000);

const BASE_ENV = { LOG_LEVEL: 'warn', CMS_URL: 'http://127.0.0.1:9', CAPTCHA_PROVIDER: 'none', RATE_LIMIT_ENABLED: 'false', MAIL_IN_ENABLED: 'false', API_WORKERS: '2' };

const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<Truthy<T>> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const value = await probe();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const argsOf = (pid: number): string => {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return ''; // reaped since pgrep listed it (the killed worker): no longer a worker
  }
};
const apiWorkers = (primary: number) => childrenOf(primary).filter((pid) => /main\.js/.test(argsOf(pid)));

describe('API workers per core (issue 14)', () => {
  it('the embedded PostgreSQL is started once and shared; a killed worker is replaced; SIGTERM stops workers and database', async () => {
    // No DATABASE_URL: the `npm start` case.
    const api = await new ApiProcess('cluster', { ...BASE_ENV }).start(180_000);
    try {
      const workers = await until('two workers', () => (apiWorkers(api.pid).length === 2 ? apiWorkers(api.pid) : null));
      // One PostgreSQL, the primary's: no worker started one of its own.
      const commandOf = (pid: number) => execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
      expect(childrenOf(api.pid).filter((pid) => !workers.includes(pid)).map(commandOf).join('\n')).toMatch(/postgres/);
      expect(childrenOf(api.pid).filter((pid) => !workers.includes(pid))).toHaveLength(1);
      for (const worker of workers) expect(childrenOf(worker).map(commandOf).join('\n')).not.toMatch(/postgres/);
      const created = await fetch(`${api.url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Учасник', email: 'p@market.test', subject: 'Тема', message: 'Текст запиту' }),
      });
      expect(created.status).toBe(201);

      process.kill(workers[0], 'SIGKILL');
      const replaced = await until('a new worker', () => {
        const now = apiWorkers(api.pid);
        return now.length === 2 && !now.includes(workers[0]) ? now : null;
      });
      expect(replaced).toContain(workers[1]);
      // Both workers, the new one included, answer on the one port.
      for (let i = 0; i < 20; i++) expect((await fetch(`${api.url}/api/health`)).status).toBe(200);

      const postgres = childrenOf(api.pid).filter((pid) => !replaced.includes(pid));
      await api.stop();
      for (const pid of [...replaced, ...postgres]) await until(`process ${pid} to end`, () => !alive(pid), 30_000);
    } finally {
      await api.stop();
    }
  });

  it('workers do not outlive a primary that was killed', async () => {
    const database = await scratchDatabase('cl');
    const api = await new ApiProcess('orphans', { ...BASE_ENV, DATABASE_URL: database.url }).start();
    try {
      const workers = await until('two workers', () => (apiWorkers(api.pid).length === 2 ? apiWorkers(api.pid) : null));
      process.kill(api.pid, 'SIGKILL');
      for (const pid of workers) await until(`worker ${pid} to end`, () => !alive(pid), 30_000);
    } finally {
      await api.stop();
      await database.drop();
    }
  });
});
