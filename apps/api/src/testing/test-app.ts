import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { configureApp } from '../app.setup';
import { createDatabase, dropDatabase } from './test-database';

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
  LOG_LEVEL: 'warn',
  PUBLIC_URL: 'http://support.test',
  // Nothing listens on the discard port: a test that needs a CMS starts one and says where.
  CMS_URL: 'http://127.0.0.1:9',
  // Background mail work only where a test is about it, so other tests see the outbox and mailbox as they left them.
  OUTBOX_WORKER_ENABLED: 'false',
  MAIL_IN_ENABLED: 'false',
};

/**
 * The real AppModule, configured as main.ts configures it, on a database of
 * its own (created fresh, migrated by the app, dropped on close) in the
 * server the global setup provides.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
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
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ ...BASE_ENV, DATA_DIR: dataDir, ...env, DATABASE_URL: databaseUrl })],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] });
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
