import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './free-port';

const run = promisify(execFile);
const DEBIAN_ROOT = '/usr/lib/postgresql';
const DATABASE = 'pidtrymka_fault';

/** Debian's newest PostgreSQL (`postgresql` package; `.ci/run` installs it). */
function binaries(): string {
  const versions = existsSync(DEBIAN_ROOT) ? readdirSync(DEBIAN_ROOT).filter((v) => existsSync(join(DEBIAN_ROOT, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`No PostgreSQL binaries under ${DEBIAN_ROOT}: apt-get install -y postgresql`);
  return join(DEBIAN_ROOT, newest, 'bin');
}

/**
 * A PostgreSQL cluster of the test's own — made with initdb in a temp folder,
 * listening on 127.0.0.1 and a free port, trust authentication — that the
 * test may stop and start again (the machine's own cluster is never touched).
 * `stop()` is a fast shutdown: sessions are terminated as on a real restart.
 * `destroy()` stops it and removes its folder.
 */
export class ThrowawayPostgres {
  private root = '';
  private dataDir = '';
  private readonly bin = binaries();
  port = 0;

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${DATABASE}`;
  }

  async create(): Promise<this> {
    this.port = await freePort();
    this.root = await mkdtemp(join(tmpdir(), 'pidtrymka-fault-pg-'));
    this.dataDir = join(this.root, 'data');
    await mkdir(this.dataDir);
    if (asRoot()) {
      // initdb refuses root: the cluster belongs to the `postgres` user.
      await chmod(this.root, 0o755);
      const { uid, gid } = await postgresUser();
      await chown(this.root, uid, gid);
      await chown(this.dataDir, uid, gid);
    }
    await this.pg('initdb', ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    await this.start();
    const client = new Client({ connectionString: this.url.replace(`/${DATABASE}`, '/postgres') });
    await client.connect();
    await client.query(`CREATE DATABASE ${DATABASE}`);
    await client.end();
    return this;
  }

  /** Starts the cluster and resolves once it accepts connections. */
  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=100`;
    await this.pg('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', join(this.root, 'postgres.log'), '-w', '-t', '60', 'start']);
  }

  /** A fast shutdown, as `systemctl restart postgresql` does: open sessions get 57P01 and are closed. */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  async log(): Promise<string> {
    return readFile(join(this.root, 'postgres.log'), 'utf8').catch(() => '');
  }

  async destroy(): Promise<void> {
    if (!this.root) return;
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(this.root, { recursive: true, force: true });
    this.root = '';
  }

  private async pg(tool: string, args: string[]): Promise<void> {
    const command = join(this.bin, tool);
    // Relative paths and the cwd must be readable by `postgres` when run as root.
    const [file, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    try {
      await run(file, argv, { cwd: this.root, timeout: 90_000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${tool} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}\n${(await this.log()).slice(-2000)}`, { cause: error });
    }
  }
}

function asRoot(): boolean {
  return userInfo().uid === 0;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
