import cluster, { Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from './config/app-config';
import { makeDataDirPrivate } from './config/data-dir-secret';
import { EmbeddedPostgresServer } from './database/embedded-postgres';
import { createRootLogger } from './logging/logging';

/** Set in a worker's environment, so it knows the primary did what is done once per machine. */
export const CLUSTER_WORKER_ENV = 'PIDTRYMKA_CLUSTER_WORKER';
const RESTART_DELAY_MS = 1_000;
const STOP_GRACE_MS = 20_000;

/**
 * API_WORKERS: a number, or `auto`: one per core, less one when PostgreSQL runs on this machine (embedded,
 * or DATABASE_URL on loopback or a socket). Measured on 2 cores with PostgreSQL beside the API, a second
 * worker made creating requests ~25 % slower: the database needs a core of its own.
 */
export function workerCount(setting: string, databaseUrl: string | undefined, cores = availableParallelism()): number {
  if (setting !== 'auto') return Number(setting);
  return Math.max(1, databaseIsLocal(databaseUrl) ? cores - 1 : cores);
}

function databaseIsLocal(databaseUrl: string | undefined): boolean {
  if (!databaseUrl) return true;
  try {
    const url = new URL(databaseUrl);
    const host = decodeURIComponent(url.hostname || url.searchParams.get('host') || '');
    return host === '' || host.startsWith('/') || host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}

export function isClusterWorker(): boolean {
  return cluster.isWorker && process.env[CLUSTER_WORKER_ENV] === '1';
}

/**
 * One API process per core (issue 14): the primary does what is done once per machine (the embedded
 * PostgreSQL, DATA_DIR's modes) and keeps `count` workers running, each a whole API sharing the port.
 * Nothing else needs the primary: sessions, rate limits that guard, captcha answers and jobs already
 * live in PostgreSQL for several instances (timed jobs under an advisory lock, the outbox and the
 * mailbox under row locks), so N workers behave as N instances behind a proxy.
 */
export async function runPrimary(config: AppConfig, count: number): Promise<void> {
  // The same JSON lines as the workers' (pino at LOG_LEVEL), under the context `Cluster`.
  const logger = createRootLogger(config.logLevel).child({ context: 'Cluster' });
  const { dataDir } = config;
  let embedded: EmbeddedPostgresServer | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = new EmbeddedPostgresServer({
      dataDir: join(dataDir, 'pg'),
      port: config.embeddedDbPort,
      database: 'pidtrymka',
      secretsDir: dataDir,
      notice: (line) => logger.info(line),
    });
    databaseUrl = await embedded.start();
    logger.info(`Embedded PostgreSQL on 127.0.0.1:${config.embeddedDbPort}, shared by ${count} workers`);
  }
  const corrected = await makeDataDirPrivate(dataDir, { embeddedDatabase: !!embedded });
  if (corrected) logger.info(`DATA_DIR made private to this account: ${corrected} files and folders readable by others corrected (${dataDir})`);

  let stopping = false;
  const env = { DATABASE_URL: databaseUrl, [CLUSTER_WORKER_ENV]: '1' };
  const start = (): Worker => cluster.fork(env);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error(`Worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    setTimeout(() => !stopping && start(), RESTART_DELAY_MS).unref();
  });
  for (let i = 0; i < count; i++) start();
  logger.info(`${count} API workers on port ${config.port}`);

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const force = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
            worker.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
