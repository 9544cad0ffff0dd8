// Shared by the benchmarks: a database to measure on, the built API as a child process, and percentiles.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../support/free-port.js';

export { freePort };

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));


/**
 * BENCH_DATABASE_URL, else a fresh `pidtrymka_bench` database on the machine's
 * PostgreSQL (127.0.0.1:5432) when one answers; null means "let the API start
 * its embedded one".
 */
export async function benchDatabase(suite = 'pidtrymka_bench') {
  // One per run: two benches at once (two checkouts, two helpers) must not drop each other's database.
  const name = `${suite}_${process.pid}`;
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, label: 'BENCH_DATABASE_URL', drop: async () => {} };
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  return {
    url,
    label: `PostgreSQL 127.0.0.1:5432/${name}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Starts apps/api/dist/main.js with benchmark settings and waits for
 * /api/health; `startMs` is the cold start (issue 14: process start to
 * health ≤ 3 s), to within the 20 ms between probes.
 */
export async function startApi(env = {}, { nodeArgs = [] } = {}) {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'pidtrymka-bench-'));
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, process.env.BENCH_API_MAIN ?? 'apps/api/dist/main.js'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(await freePort()),
      RATE_LIMIT_ENABLED: 'false',
      CAPTCHA_PROVIDER: 'none',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The API exited with ${child.exitCode} before it was healthy`);
    const healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('The API was not healthy within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = Math.round(performance.now() - spawnedAt);
  return {
    url,
    pid: child.pid,
    startMs,
    /** Resident memory of the API, its cluster workers and parse workers included (Linux /proc), in MB. */
    rssMb: () => processTreeRssKb(child.pid).then((kb) => Math.round(kb / 1024)),
    /** CPU time the API, its cluster workers and parse workers have used so far (Linux /proc), in ms. */
    cpuMs: () => processTreeCpuTicks(child.pid).then((ticks) => ticks * (1000 / CLOCK_TICKS_PER_SECOND)),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function processTreeRssKb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  let kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
  for (const task of tasks) {
    const children = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of children.split(' ').filter(Boolean)) kb += await processTreeRssKb(Number(child));
  }
  return kb;
}

/** USER_HZ: what /proc/<pid>/stat counts CPU time in, 100 on every Linux that matters here. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User and system time of a process (all its threads) and its descendants still running. */
async function processTreeCpuTicks(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name, which may hold spaces: utime and stime are the 14th and 15th of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  let ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
  for (const task of tasks) {
    const children = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of children.split(' ').filter(Boolean)) ticks += await processTreeCpuTicks(Number(child));
  }
  return ticks;
}

/**
 * CPU time every PostgreSQL process on this machine has used so far, in ms: with the API's own and the
 * machine's, what one request costs the database, so a figure can say which side a ceiling is on (issue 14).
 * Processes that ended in between (parallel workers) are not counted; the tickets bench starts none.
 */
export async function postgresCpuMs() {
  let ticks = 0;
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (!stat.includes('(postgres)')) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks * (1000 / CLOCK_TICKS_PER_SECOND);
}

/** CPU time the whole machine has spent busy (not idle, not waiting for I/O) so far, over all cores, in ms (Linux /proc/stat). */
export async function machineBusyMs() {
  const [cpu] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const [user, nice, system, , , irq, softirq, steal] = cpu.split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) * (1000 / CLOCK_TICKS_PER_SECOND);
}

/** The highest RSS seen while `work` runs, sampled every 250 ms. */
export async function peakRssMb(api, work) {
  let peak = await api.rssMb();
  const sampler = setInterval(() => void api.rssMb().then((mb) => (peak = Math.max(peak, mb))), 250);
  try {
    const result = await work();
    return { result, peakRssMb: peak };
  } finally {
    clearInterval(sampler);
  }
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return percentile(sorted, 50);
}
