import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../../apps/api/src/testing/test-app';
import { DovecotServer, startDovecot } from '../support/dovecot';
import { eventually, SmtpCapture } from '../support/smtp-capture';

/**
 * Readiness (issue 8) against a real Dovecot and a real SMTP server: the
 * mailbox is judged by the channel's own connection, not by a login per probe.
 */
jest.setTimeout(30_000);

describe('readiness with real mail servers', () => {
  let dovecot: DovecotServer;
  let smtp: SmtpCapture;
  let t: TestApp;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ user: 'support', password: 'mailbox-pass' }] });
    smtp = await new SmtpCapture().start();
    t = await createTestApp({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      OUTBOX_WORKER_ENABLED: 'true',
      MAIL_IN_CHANNEL: 'imap',
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_TLS: 'false',
      IMAP_USER: 'support',
      IMAP_PASSWORD: 'mailbox-pass',
      MAIL_IN_ENABLED: 'true',
      MAIL_IN_POLL_MS: '200',
    });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await dovecot?.stop();
  }, 60_000);

  it('is ready once the mailbox is connected and the SMTP server accepts us', async () => {
    const body = await eventually('the IMAP connection', async () => {
      const response = await t.http.get('/api/health/ready');
      return response.status === 200 && response.body.info.imap?.state === 'connected' ? response.body : undefined;
    });
    expect(body.info.imap).toEqual({ status: 'up', state: 'connected' });
    expect(body.info.smtp).toEqual({ status: 'up' });
    expect(body.info.database).toEqual({ status: 'up' });
  });

  it('probes cost the mail server no login: a hundred probes, no new IMAP login', async () => {
    const logins = async () => ((await readFile(join(dovecot.root, 'dovecot.log'), 'utf8')).match(/ Login: user=<support>,/g) ?? []).length;
    const before = await logins();
    expect(before).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 100; i++) await t.http.get('/api/health/ready').expect(200);
    expect(await logins()).toBe(before);
  });

  it('is not ready, naming imap, when the mailbox refuses the login', async () => {
    const other = await createTestApp({
      MAIL_IN_CHANNEL: 'imap',
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_TLS: 'false',
      IMAP_USER: 'support',
      IMAP_PASSWORD: 'wrong-pass',
      MAIL_IN_ENABLED: 'true',
      MAIL_IN_POLL_MS: '60000',
    });
    try {
      const body = await eventually('the failed login', async () => {
        const response = await other.http.get('/api/health/ready');
        return response.status === 503 ? response.body : undefined;
      });
      expect(body.error).toEqual({ imap: { status: 'down', message: 'authentication failed', state: 'disconnected' } });
    } finally {
      await other.close();
    }
  });

  it('is not ready, naming imap, when the mail server goes away', async () => {
    await dovecot.stop();
    const body = await eventually('the lost IMAP connection', async () => {
      const response = await t.http.get('/api/health/ready');
      return response.status === 503 ? response.body : undefined;
    });
    expect(body.error.imap).toMatchObject({ status: 'down', state: 'disconnected' });
    expect(body.error.smtp).toBeUndefined();
  });
});
