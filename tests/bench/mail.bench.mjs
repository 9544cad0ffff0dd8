// Mail throughput against real servers: mail-in from Dovecot over IMAP into the built API
// (fetch, parse, decide and commit a new request with its confirmation e-mail queued), and
// outbox delivery from the built API to an SMTP server (render, compose, send, mark sent), and how fast
// the outbox decides a flood of e-mails to one address that its hourly cap holds.
// `node tests/bench/mail.bench.mjs` runs it alone and prints JSON; run.mjs can import benchMail.
import { createRequire } from 'node:module';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { benchDatabase, median, postgresCpuMs, startApi } from './support.mjs';

const require = createRequire(import.meta.url);
const { startDovecot } = require('../support/dovecot.js');

export const targets = {
  mailIn: { messagesPerSecond: 300 },
  outbox: { emailsPerSecond: 500 },
  // A flood of confirmations to one address, nearly all held by the hourly cap: how fast the worker decides them.
  outboxFlood: { emailsPerSecond: 2000 },
};

const MAILBOX = { user: 'support', password: 'bench-pass' };

async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function participantMail(i) {
  return new MailComposer({
    from: `Учасник ринку ${i} <participant${i}@market${i % 50}.test>`,
    to: 'Технічна підтримка <support@oree.com.ua>',
    subject: `Проблема з підписом заявки ${i}`,
    messageId: `<bench-${i}-${Date.now()}@market.test>`,
    text: `Доброго дня, назва компанії: ПП "ХВИЛЯ ${i}"\nНомер телефону: 0999999999\nПід час підписання видає помилку невалідний сертифікат.\n\n-- \nЗ повагою, учасник ${i}`,
    html: `<p>Доброго дня, назва компанії: ПП "ХВИЛЯ ${i}"<br>Номер телефону: 0999999999<br>Під час підписання видає помилку <b>невалідний сертифікат</b>.</p><p>-- <br>З повагою, учасник ${i}</p>`,
  })
    .compile()
    .build();
}

async function startSmtpCounter() {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        count += 1;
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.server.address().port, count: () => count, stop: () => new Promise((resolve) => server.close(resolve)) };
}

async function oneRun({ messages, emails, flood }) {
  const database = await benchDatabase('pidtrymka_bench_mail');
  if (!database) throw new Error('bench: the mail benchmark needs a PostgreSQL it can reach (BENCH_DATABASE_URL or 127.0.0.1:5432)');
  const dovecot = await startDovecot({ users: [MAILBOX] });
  const smtp = await startSmtpCounter();
  const db = new pg.Client({ connectionString: database.url });
  const apis = [];
  try {
    const imap = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: MAILBOX.user, pass: MAILBOX.password }, logger: false });
    await imap.connect();
    for (let i = 0; i < messages; i++) await imap.append('INBOX', await participantMail(i));
    await imap.logout();

    const common = { DATABASE_URL: database.url, MAIL_FROM_ADDRESS: 'support@oree.com.ua', MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${smtp.port}/?maxConnections=10` };
    // Mail in: the outbox worker is off, so the figure is the inbound path alone.
    const mailInApi = await startApi({
      ...common,
      MAIL_IN_CHANNEL: 'imap',
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_TLS: 'false',
      IMAP_USER: MAILBOX.user,
      IMAP_PASSWORD: MAILBOX.password,
      MAIL_IN_POLL_MS: '100',
      OUTBOX_WORKER_ENABLED: 'false',
    });
    apis.push(mailInApi);
    await db.connect();
    await waitFor(`${messages} messages processed`, async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM inbound_messages WHERE status = 'processed'`);
      return rows[0].n >= messages;
    }, 120_000);
    // From the first message recorded to the last one committed: fetch, parse, decide and commit.
    const { rows: [span] } = await db.query(`SELECT extract(epoch FROM max(processed_at) - min(received_at))::float AS seconds, count(*)::int AS n FROM inbound_messages`);
    const { rows: [tickets] } = await db.query(`SELECT count(*)::int AS n FROM tickets`);
    if (tickets.n !== messages) throw new Error(`bench: expected ${messages} requests, found ${tickets.n}`);
    await mailInApi.stop();
    apis.pop();

    // Outbox: a second API with the worker on; it first drains the confirmations of the mail-in phase (warm-up).
    const outboxApi = await startApi({ ...common, MAIL_IN_ENABLED: 'false', OUTBOX_POLL_MS: '20' });
    apis.push(outboxApi);
    const allSent = async () => (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE status <> 'sent'`)).rows[0].n === 0;
    await waitFor('the warm-up e-mails', allSent, 120_000);
    // Then a burst of confirmation e-mails for the existing requests, queued in one commit.
    const started = Date.now();
    await db.query(
      `INSERT INTO outbox (template, recipient, locale, ticket_id, payload)
       SELECT 'ticket_created', t.requester_email, 'uk', t.id,
              jsonb_build_object('trackingId', t.tracking_id, 'number', t.number, 'name', t.requester_name, 'subject', t.subject, 'message', 'Доброго дня! ' || g)
       FROM generate_series(1, $1) g JOIN LATERAL (SELECT * FROM tickets ORDER BY number OFFSET (g % $2) LIMIT 1) t ON true`,
      [emails, messages],
    );
    await waitFor(`${emails} e-mails sent`, allSent, 120_000);
    const seconds = (Date.now() - started) / 1000;
    const { rows: [queued] } = await db.query(`SELECT count(*)::int AS n FROM outbox`);
    if (smtp.count() !== queued.n) throw new Error(`bench: the SMTP server got ${smtp.count()} e-mails for ${queued.n} queued`);

    // A flood from one address, queued as the API queues confirmations (capped per address and hour): all but the
    // hour's few are held, most rewritten to the brief version. Every round of the worker used to read all the
    // address's held e-mails (~1,000 decided per second at 6,000, slower as they grew).
    const floodStarted = Date.now();
    const dbCpuBefore = await postgresCpuMs();
    await db.query(
      `INSERT INTO outbox (template, recipient, locale, ticket_id, payload, cap_key, cap_per_hour)
       SELECT 'ticket_created', 'flood@market.test', 'uk', t.id, jsonb_build_object('trackingId', t.tracking_id, 'number', t.number, 'name', 'Flood', 'subject', t.subject, 'message', 'Flood ' || g),
              'auto:flood@market.test', 10
       FROM generate_series(1, $1) g JOIN LATERAL (SELECT * FROM tickets ORDER BY number OFFSET (g % $2) LIMIT 1) t ON true`,
      [flood, messages],
    );
    await waitFor(`${flood} flood e-mails decided`, async () => (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE status IN ('pending', 'sending')`)).rows[0].n === 0, 120_000);
    const floodSeconds = (Date.now() - floodStarted) / 1000;
    const floodDbCpuMs = Math.round((await postgresCpuMs()) - dbCpuBefore);
    return {
      mailIn: { messages: span.n, seconds: +span.seconds.toFixed(3), messagesPerSecond: Math.round(span.n / span.seconds) },
      outbox: { emails, seconds: +seconds.toFixed(3), emailsPerSecond: Math.round(emails / seconds) },
      outboxFlood: { emails: flood, seconds: +floodSeconds.toFixed(3), emailsPerSecond: Math.round(flood / floodSeconds), dbCpuMs: floodDbCpuMs },
    };
  } finally {
    for (const api of apis) await api.stop();
    await db.end().catch(() => {});
    await smtp.stop();
    await dovecot.stop();
    await database.drop();
  }
}

/** Median of `runs` runs, each on a fresh database and mailbox. */
export async function benchMail({ runs = 3, messages = 2000, emails = 3000, flood = 6000 } = {}) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const result = await oneRun({ messages, emails, flood });
    console.log(`mail run ${i + 1}/${runs}: ${JSON.stringify(result)}`);
    results.push(result);
  }
  return {
    mailIn: { messagesPerSecond: median(results.map((r) => r.mailIn.messagesPerSecond)), messages, runs: results.map((r) => r.mailIn) },
    outbox: { emailsPerSecond: median(results.map((r) => r.outbox.emailsPerSecond)), emails, runs: results.map((r) => r.outbox) },
    outboxFlood: { emailsPerSecond: median(results.map((r) => r.outboxFlood.emailsPerSecond)), emails: flood, runs: results.map((r) => r.outboxFlood) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const measured = await benchMail();
  console.log(JSON.stringify({ ...measured, targets }, null, 2));
}
