import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { configureApp } from '../app.setup';
import { LOG_DESTINATION } from '../logging/logging.module';
import { DNS_RESOLVER, DnsResolver } from '../mail-in/sender-verification';

/**
 * nestjs-pino keeps one pino-http, and with it the logger of everything logged outside a request, per
 * process; its own reset for tests gives each test app its own. Since version 5 the package's `exports`
 * hide the module that has it, so it is loaded by its path beside the package's entry point, through
 * jest's registry: the very module instance that nestjs-pino's entry point uses.
 */
const { __resetOutOfContextForTests } = jest.requireActual<{ __resetOutOfContextForTests: () => void }>(join(dirname(require.resolve('nestjs-pino')), 'PinoLogger.js'));

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  db: DataSource;
  databaseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/** Settings every test app starts from; a test overrides what it is about. */
const BASE_ENV = {
  CAPTCHA_PROVIDER: 'none',
  RATE_LIMIT_ENABLED: 'false',
  // Tests send many requests from one address; the cap on quoting confirmations (12.7) is tested where it is the subject.
  CONFIRMATION_EMAILS_PER_HOUR: '1000',
  LOG_LEVEL: 'warn',
  PUBLIC_URL: 'http://support.test',
  // Nothing listens on the discard port: a test that needs a CMS starts one and says where.
  CMS_URL: 'http://127.0.0.1:9',
  // Background mail work only where a test is about it, so other tests see the outbox and mailbox as they left them.
  OUTBOX_WORKER_ENABLED: 'false',
  MAIL_IN_ENABLED: 'false',
};

export interface TestAppOptions {
  /** Where the app's JSON log lines go instead of stdout, for a test that reads them. */
  logDestination?: DestinationStream;
  /** The DNS the sender check (12.8) asks; by default one that knows no name, so no test reaches the network. */
  dns?: DnsResolver;
}

const NO_DNS: DnsResolver = async (name) => {
  throw Object.assign(new Error(`query ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

/**
 * The real AppModule, configured as main.ts configures it, on a database of
 * its own (created fresh, migrated by the app, dropped on close) in the
 * server the global setup provides.
 */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run integration tests through jest (its global setup provides one)');
  const databaseName = `pidtrymka_t${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await createDatabase(serverUrl, databaseName);
  const dataDir = await mkdtemp(join(tmpdir(), 'pidtrymka-data-'));

  const cleanUp = async () => {
    await dropDatabase(serverUrl, databaseName);
    await rm(dataDir, { recursive: true, force: true });
  };

  let app: NestExpressApplication;
  try {
    __resetOutOfContextForTests();
    const builder = Test.createTestingModule({
      imports: [AppModule.forRoot({ ...BASE_ENV, DATA_DIR: dataDir, ...env, DATABASE_URL: databaseUrl })],
    });
    if (options.logDestination) builder.overrideProvider(LOG_DESTINATION).useValue(options.logDestination);
    builder.overrideProvider(DNS_RESOLVER).useValue(options.dns ?? NO_DNS);
    const moduleRef = await builder.compile();
    // Logs go through pino at LOG_LEVEL (warn unless a test says otherwise) once configureApp sets it up.
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
    configureApp(app);
    await app.init();
  } catch (error) {
    await cleanUp();
    throw error;
  }

  return {
    app,
    http: request(app.getHttpServer()),
    db: app.get<DataSource>(getDataSourceToken()),
    databaseUrl,
    dataDir,
    async close() {
      await app.close();
      await cleanUp();
    },
  };
}

/**
 * Another instance of the API on `first`'s database (as a second process
 * behind a load balancer would be), closed by its own `close()` before `first`'s.
 */
export async function createSecondInstance(first: TestApp, env: Record<string, string> = {}): Promise<Omit<TestApp, 'close'> & { close(): Promise<void> }> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ ...BASE_ENV, DATA_DIR: first.dataDir, ...env, DATABASE_URL: first.databaseUrl })],
  })
    .overrideProvider(DNS_RESOLVER)
    .useValue(NO_DNS)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    db: app.get<DataSource>(getDataSourceToken()),
    databaseUrl: first.databaseUrl,
    dataDir: first.dataDir,
    close: () => app.close(),
  };
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
}

async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
