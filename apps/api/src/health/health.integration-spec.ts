import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { eventually } from '../../../../tests/support/smtp-capture';
import { freePort } from '../../../../tests/support/free-port';
import { createTestApp, TestApp } from '../testing/test-app';

/** Health and readiness (issue 8): what each probe checks, and that the answer names what is down. */
describe('health and readiness', () => {
  describe('with the database up', () => {
    let t: TestApp;

    beforeAll(async () => {
      // A CMS that is down: nothing listens on its port.
      t = await createTestApp({ CMS_URL: `http://127.0.0.1:${await freePort()}` });
    });
    afterAll(() => t.close());

    it('/api/health answers 200 with the database up, in terminus\'s shape', async () => {
      const { body } = await t.http.get('/api/health').expect(200);
      expect(body).toEqual({ status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } });
    });

    it('/api/health/live answers without looking at anything', async () => {
      await t.http.get('/api/health/live').expect(200, { status: 'ok', details: {} });
    });

    it('/api/health/ready stays 200 with the CMS down, and reports it as degraded (the portal serves its copy of the KB)', async () => {
      const { body } = await t.http.get('/api/health/ready').expect(200);
      expect(body.status).toBe('ok');
      expect(body.error).toEqual({});
      expect(body.info.database).toEqual({ status: 'up' });
      expect(body.degraded).toEqual({ cms: { status: 'down', message: 'connection refused' } });
      expect(body.details.cms).toEqual(body.degraded.cms);
      // maildir transport and a stopped mail-in have nothing to reach: they are not in the answer.
      expect(Object.keys(body.details).sort()).toEqual(['cms', 'database']);
    });

    it('answers 503 naming the database while it cannot be reached, and 200 again once it is back', async () => {
      const databaseName = new URL(t.databaseUrl).pathname.slice(1);
      const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        // A real outage of this database: no new connection is let in, and the app's are cut.
        await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(databaseName)} ALLOW_CONNECTIONS false`);
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [databaseName]);

        const health = await t.http.get('/api/health').expect(503);
        expect(health.body.status).toBe('error');
        expect(health.body.error.database.status).toBe('down');
        expect(health.body.error.database.message).toEqual(expect.any(String));
        expect(health.body.info).toEqual({});
        expect(health.headers['retry-after']).toBe('5');
        const ready = await t.http.get('/api/health/ready').expect(503);
        expect(ready.body.error.database.status).toBe('down');
        await t.http.get('/api/health/live').expect(200);
      } finally {
        await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(databaseName)} ALLOW_CONNECTIONS true`);
        await admin.end();
      }
      await eventually('the database to be reported up again', async () => (await t.http.get('/api/health')).status === 200);
    });
  });

  describe('SMTP', () => {
    it('an unreachable SMTP server makes readiness 503 naming smtp, without touching /api/health', async () => {
      const t = await createTestApp({ MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, OUTBOX_WORKER_ENABLED: 'true' });
      try {
        const { body } = await t.http.get('/api/health/ready').expect(503);
        expect(body.status).toBe('error');
        expect(body.error).toEqual({ smtp: { status: 'down', message: 'connection refused' } });
        expect(body.info.database).toEqual({ status: 'up' });
        await t.http.get('/api/health').expect(200);
      } finally {
        await t.close();
      }
    });

    it('a reachable SMTP server is checked once and the answer reused by the next probes', async () => {
      let connections = 0;
      const smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onConnect: (_session, callback) => {
          connections++;
          callback();
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
      const port = (smtp.server.address() as AddressInfo).port;
      const t = await createTestApp({ MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${port}`, OUTBOX_WORKER_ENABLED: 'true' });
      try {
        for (let i = 0; i < 3; i++) {
          const { body } = await t.http.get('/api/health/ready').expect(200);
          expect(body.info.smtp).toEqual({ status: 'up' });
        }
        expect(connections).toBe(1);
      } finally {
        await t.close();
        await new Promise<void>((resolve) => smtp.close(() => resolve()));
      }
    });

    it('an instance that does not send mail does not depend on SMTP', async () => {
      const t = await createTestApp({ MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, OUTBOX_WORKER_ENABLED: 'false' });
      try {
        const { body } = await t.http.get('/api/health/ready').expect(200);
        expect(body.details.smtp).toBeUndefined();
      } finally {
        await t.close();
      }
    });
  });

  describe('IMAP', () => {
    it('a mailbox that cannot be reached makes readiness 503 naming imap, from the channel\'s own state', async () => {
      const t = await createTestApp({
        MAIL_IN_ENABLED: 'true',
        MAIL_IN_CHANNEL: 'imap',
        IMAP_HOST: '127.0.0.1',
        IMAP_PORT: String(await freePort()),
        IMAP_TLS: 'false',
        IMAP_USER: 'support',
        IMAP_PASSWORD: 'x',
        MAIL_IN_POLL_MS: '60000',
      });
      try {
        const body = await eventually('the first IMAP attempt to fail', async () => {
          const response = await t.http.get('/api/health/ready');
          return response.status === 503 ? response.body : undefined;
        });
        expect(body.error).toEqual({ imap: { status: 'down', message: 'connection refused', state: 'disconnected' } });
      } finally {
        await t.close();
      }
    });
  });
});
