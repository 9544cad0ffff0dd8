import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../apps/api/src/app.module';
import { OutboxRepository } from '../../apps/api/src/notifications/outbox.repository';
import { OutboxService, OutgoingEmail } from '../../apps/api/src/notifications/outbox.service';
import { OutboxWorker } from '../../apps/api/src/notifications/outbox.worker';
import { createTestApp, TestApp } from '../../apps/api/src/testing/test-app';
import { eventually, SmtpCapture } from '../support/smtp-capture';

jest.setTimeout(30_000);

const created = (n: number, recipient = `p${n}@client.test`): Extract<OutgoingEmail, { template: 'ticket_created' }> => ({
  template: 'ticket_created',
  recipient,
  locale: 'uk',
  payload: { trackingId: 'AZA-DMP-AJ8S', number: n, name: `Учасник ${n}`, subject: `Запит ${n}`, message: 'Текст' },
});

/** The transactional outbox against a real SMTP server: leases, retries, several API processes. */
describe('outbox delivery', () => {
  let smtp: SmtpCapture;
  let t: TestApp;
  let second: NestExpressApplication | undefined;
  const env = (port: number) => ({ MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${port}`, OUTBOX_POLL_MS: '20', OUTBOX_BACKOFF_MS: '50', OUTBOX_MAX_ATTEMPTS: '3', OUTBOX_BATCH_SIZE: '25' });
  const enqueue = (emails: OutgoingEmail[]) => t.db.transaction(async (manager) => {
    for (const email of emails) await t.app.get(OutboxService).enqueue(manager, email);
  });
  const statusOf = async (recipient: string) => (await t.db.query(`SELECT status, attempts, last_error FROM outbox WHERE recipient = $1`, [recipient]))[0];

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    t = await createTestApp(env(smtp.port));
  }, 60_000);

  afterAll(async () => {
    await t.app.get(OutboxWorker).stop();
    await second?.close();
    await t?.close();
    await smtp?.stop();
  });

  it('two API processes share the outbox and send every e-mail exactly once', async () => {
    // A second API on the same database, as a second instance would be.
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ CAPTCHA_PROVIDER: 'none', LOG_LEVEL: 'warn', MAIL_IN_ENABLED: 'false', DATA_DIR: t.dataDir, ...env(smtp.port), DATABASE_URL: t.databaseUrl })],
    }).compile();
    second = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    await second.init();
    await enqueue(Array.from({ length: 300 }, (_, i) => created(i)));
    t.app.get(OutboxWorker).start();
    await eventually('300 e-mails sent', async () => (await t.db.query(`SELECT count(*) FROM outbox WHERE status = 'sent'`))[0].count === '300', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ids = smtp.received.map((mail) => mail.parsed.messageId);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    const [{ max }] = await t.db.query(`SELECT max(attempts) FROM outbox`);
    expect(max).toBe(1);
    await second.close();
    second = undefined;
  });

  it('an e-mail is marked sent as soon as the server accepts it, not when the rest of its batch is done', async () => {
    // One slow answer in the batch: before, every e-mail of the batch stayed `sending` until the slowest was answered,
    // so a process killed meanwhile sent all the accepted ones again.
    let answerSlow: () => void = () => undefined;
    const slowAnswered = new Promise<void>((resolve) => (answerSlow = resolve));
    smtp.holdAnswer = (mail) => (mail.to.includes('slow@client.test') ? slowAnswered : undefined);
    try {
      await enqueue([created(500, 'slow@client.test'), created(501, 'fast@client.test')]);
      await eventually('the fast e-mail marked sent', async () => (await statusOf('fast@client.test'))?.status === 'sent', 5_000);
      expect(smtp.to('slow@client.test')).toHaveLength(1);
      expect(await statusOf('slow@client.test')).toMatchObject({ status: 'sending' });
    } finally {
      answerSlow();
      smtp.holdAnswer = undefined;
    }
    await eventually('the slow e-mail marked sent', async () => (await statusOf('slow@client.test')).status === 'sent', 5_000);
    expect(smtp.to('slow@client.test')).toHaveLength(1);
    expect(smtp.to('fast@client.test')).toHaveLength(1);
  });

  it('a worker that died holding e-mails: they are sent once its lease has run out, not before', async () => {
    await t.app.get(OutboxWorker).stop();
    await enqueue([created(1000, 'lease@client.test')]);
    // The dead worker's claim: leased for 1 s, never sent.
    const claimed = await t.app.get(OutboxRepository).claimDue(10, 1, { confirmationsPerHour: 1000 });
    expect(claimed.map((row) => row.recipient)).toEqual(['lease@client.test']);
    t.app.get(OutboxWorker).start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.to('lease@client.test')).toHaveLength(0);
    await eventually('the e-mail sent after the lease', async () => (await statusOf('lease@client.test')).status === 'sent', 5_000);
    expect(smtp.to('lease@client.test')).toHaveLength(1);
    expect(await statusOf('lease@client.test')).toMatchObject({ attempts: 2 });
  });

  it('a failing e-mail is retried with backoff, then marked failed with its error; staff can retry it', async () => {
    await smtp.stop();
    await enqueue([created(2000, 'down@client.test')]);
    const failed = await eventually('the e-mail failed', async () => {
      const row = await statusOf('down@client.test');
      return row.status === 'failed' && row;
    }, 10_000);
    expect(failed).toMatchObject({ attempts: 3, last_error: expect.stringMatching(/ECONNREFUSED|connect/i) });
    await smtp.start();
    const [{ id }] = await t.db.query(`SELECT id FROM outbox WHERE recipient = 'down@client.test'`);
    expect(await t.app.get(OutboxRepository).retryFailed(String(id))).toBe(true);
    await eventually('the retried e-mail sent', async () => (await statusOf('down@client.test')).status === 'sent', 10_000);
    expect(smtp.to('down@client.test')).toHaveLength(1);
  });

  it('what a participant wrote cannot add headers or recipients', async () => {
    await enqueue([
      {
        ...created(3000, 'inject@client.test'),
        payload: { trackingId: 'AZA-DMP-AJ8S', number: 3000, name: 'X\r\nBcc: evil@evil.test', subject: 'Тема\r\nBcc: evil@evil.test', message: '<script>alert(1)</script>' },
      },
      { ...created(3001, 'inject@client.test, evil@evil.test') },
    ]);
    const [mail] = await eventually('the e-mail', () => smtp.to('inject@client.test').length && smtp.to('inject@client.test'));
    expect(mail.to).toEqual(['inject@client.test']);
    expect(mail.parsed.headers.has('bcc')).toBe(false);
    expect(mail.parsed.subject).toBe('[#AZA-DMP-AJ8S] Запит отримано: Тема Bcc: evil@evil.test');
    expect(mail.parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(smtp.received.some((m) => m.to.includes('evil@evil.test'))).toBe(false);
    await eventually('the two-address row failed at once', async () => (await statusOf('inject@client.test, evil@evil.test'))?.status === 'failed');
    expect(await statusOf('inject@client.test, evil@evil.test')).toMatchObject({ attempts: 1 });
  });
});
