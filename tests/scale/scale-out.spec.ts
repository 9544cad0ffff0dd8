import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import { Client, Pool } from 'pg';
import { startDovecot } from '../support/dovecot';
import { eventually, SmtpCapture } from '../support/smtp-capture';
import { ApiProcess } from './support/api-process';
import { RoundRobinProxy } from './support/round-robin-proxy';

/**
 * ARCHITECTURE "Scale": two API processes on one PostgreSQL and one mailbox,
 * behind a round-robin proxy, with the participants' flow, the staff flow,
 * 500 inbound e-mails and the auto-close job all at once. Nothing may be
 * done twice: no request, message or e-mail doubled, each timed job once per
 * tick; and what one instance starts (a captcha, a staff session) the other finishes.
 */
const PARTICIPANTS = 30;
const INBOUND = 500;
const MAILBOX = { user: 'support', password: 'scale-pass' };
const ADMIN = { email: 'duty-engineer@oree.com.ua', password: 'duty-engineer-password' };
const STAFF_INBOX = 'duty@oree.com.ua';
const TICK_SECONDS = 1;

jest.setTimeout(240_000);

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, asserted on like supertest's `body`.
  body: any;
  upstream: string;
  headers: Headers;
}

async function call(base: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body, upstream: response.headers.get('x-upstream') ?? '', headers: response.headers };
}

function inboundMail(i: number): Promise<Buffer> {
  return new MailComposer({
    from: `Учасник ринку ${i} <participant${i}@market${i % 50}.test>`,
    to: 'Технічна підтримка <support@oree.com.ua>',
    subject: `Проблема з підписом заявки ${i}`,
    messageId: `<scale-${i}@market.test>`,
    text: `Доброго дня, назва компанії: ПП "ХВИЛЯ ${i}"\nПід час підписання видає помилку невалідний сертифікат.`,
  })
    .compile()
    .build();
}

describe('two API instances behind a round-robin proxy', () => {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const databaseName = `pidtrymka_scale_${randomBytes(4).toString('hex')}`;
  let databaseUrl = '';
  let db: Pool;
  let dovecot: Awaited<ReturnType<typeof startDovecot>> | undefined;
  const smtp = new SmtpCapture();
  const apis: ApiProcess[] = [];
  let proxy: RoundRobinProxy | undefined;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();

    dovecot = await startDovecot({ users: [MAILBOX] });
    await smtp.start();
    const env = {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'http://support.test',
      CMS_URL: 'http://127.0.0.1:9',
      CAPTCHA_PROVIDER: 'image',
      // Every participant comes from an address of their own (X-Forwarded-For through the proxy); the limits count in PostgreSQL.
      RATE_LIMIT_ENABLED: 'true',
      TRUST_PROXY: 'loopback',
      MAIL_SECRET: randomBytes(32).toString('hex'),
      MAIL_FROM_ADDRESS: 'support@oree.com.ua',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}/?maxConnections=5`,
      OUTBOX_POLL_MS: '100',
      MAIL_IN_CHANNEL: 'imap',
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_TLS: 'false',
      IMAP_USER: MAILBOX.user,
      IMAP_PASSWORD: MAILBOX.password,
      MAIL_IN_POLL_MS: '200',
      STAFF_NOTIFY_EMAIL: STAFF_INBOX,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      AUTO_CLOSE_HOURS: '1',
      SCHEDULER_INTERVAL_SECONDS: String(TICK_SECONDS),
    };
    // Both start at once: migrations and the first admin are made once, under their advisory locks.
    apis.push(new ApiProcess('a', env), new ApiProcess('b', env));
    const started = Date.now();
    await Promise.all(apis.map((api) => api.start()));
    figures.startBothMs = Date.now() - started;
    proxy = await new RoundRobinProxy(apis.map((api) => api.url)).start();
    db = new Pool({ connectionString: databaseUrl, max: 5 });
  });

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await proxy?.stop();
    await Promise.all(apis.map((api) => api.stop()));
    await smtp.stop();
    await dovecot?.stop();
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
    // The figures of the run, for the report and for anyone sizing a deployment.
    console.log(`scale-out figures: ${JSON.stringify(figures)}`);
  });

  it('migrated once and made one first admin, though both instances started together', async () => {
    const { rows: migrations } = await db.query(`SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name HAVING count(*) > 1`);
    expect(migrations).toEqual([]);
    const { rows: admins } = await db.query(`SELECT count(*)::int AS n FROM staff_accounts`);
    expect(admins[0].n).toBe(1);
  });

  it('a captcha made on one instance is accepted by the other, once', async () => {
    const [a, b] = apis;
    for (const [maker, checker] of [[a, b], [b, a]]) {
      const challenge = await call(maker.url, '/api/captcha');
      expect(challenge.body).toMatchObject({ provider: 'image', id: expect.any(String), image: expect.stringMatching(/^data:image\/png;base64,/) });
      const { rows } = await db.query(`SELECT answer FROM captcha_challenges WHERE id = $1`, [challenge.body.id]);
      const ticket = {
        name: 'Тестовий контрагент',
        email: `captcha-${maker.name}@oree.test`,
        subject: 'Проблема з підписом заявки',
        message: 'Під час підписання видає помилку невалідний сертифікат.',
        captchaId: challenge.body.id,
        captchaAnswer: rows[0].answer,
      };
      const created = await call(checker.url, '/api/tickets', { method: 'POST', body: ticket, headers: { 'x-forwarded-for': `198.51.100.${maker.name === 'a' ? 1 : 2}` } });
      expect(created.status).toBe(201);
      // Used once: the maker cannot be asked to accept it again.
      const replay = await call(maker.url, '/api/tickets', { method: 'POST', body: ticket, headers: { 'accept-language': 'en', 'x-forwarded-for': '198.51.100.3' } });
      expect(replay.status).toBe(400);
      expect(replay.body).toMatchObject({ code: 'captcha_invalid' });
    }
  });

  it('participants, staff, 500 inbound e-mails and auto-close all at once: nothing twice', async () => {
    const started = Date.now();
    const [a, b] = apis;
    const base = proxy!.url;
    const crossInstanceCaptchas: number[] = [];
    const trackingIds = new Map<number, string>();
    const staffRepliedAt = new Map<string, number>();

    // R-SUB-1…3, R-VIEW-1, R-VIEW-5 through the proxy: captcha, request, view, reply.
    const participant = async (i: number) => {
      const ip = `203.0.113.${i + 1}`;
      const email = `web-participant-${i}@market.test`;
      const headers = { 'x-forwarded-for': ip };
      const challenge = await call(base, '/api/captcha', { headers });
      const { rows } = await db.query(`SELECT answer FROM captcha_challenges WHERE id = $1`, [challenge.body.id]);
      const created = await call(base, '/api/tickets', {
        method: 'POST',
        headers,
        body: { name: `Учасник ${i}`, email, subject: `Заявка з порталу ${i}`, message: `Доброго дня! Питання ${i}.`, captchaId: challenge.body.id, captchaAnswer: rows[0].answer },
      });
      expect(created.status).toBe(201);
      if (created.upstream !== challenge.upstream) crossInstanceCaptchas.push(i);
      const trackingId: string = created.body.trackingId;
      trackingIds.set(i, trackingId);
      const view = await call(base, `/api/tickets/${trackingId}?email=${encodeURIComponent(email)}`, { headers });
      expect(view.status).toBe(200);
      const reply = await call(base, `/api/tickets/${trackingId}/replies`, { method: 'POST', headers, body: { email, message: `Додаю подробиці ${i}.` } });
      expect(reply.status).toBe(201);
      return trackingId;
    };

    // R-STAFF-1: signed in through the proxy, the session works on both instances; replies to every web request.
    const staff = async (participantsDone: Promise<string[]>) => {
      const signIn = await call(base, '/api/staff/auth/sign-in', { method: 'POST', body: ADMIN });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('pidtrymka_staff='))!;
      const headers = { cookie, 'x-csrf-token': signIn.body.csrfToken };
      for (const api of [a, b]) {
        const session = await call(api.url, '/api/staff/auth/session', { headers });
        expect(session.status).toBe(200);
        expect(session.body.csrfToken).toBe(signIn.body.csrfToken);
      }
      expect((await call(base, '/api/staff/tickets', { headers })).status).toBe(200);
      const ids = await participantsDone;
      await Promise.all(
        ids.map(async (trackingId, i) => {
          // Read on one instance, answer on the other, whichever the proxy picks first.
          const ticket = await call(i % 2 ? a.url : b.url, `/api/staff/tickets/${trackingId}`, { headers });
          expect(ticket.status).toBe(200);
          const lastSeenMessageId = ticket.body.messages[ticket.body.messages.length - 1].id;
          const reply = await call(i % 2 ? b.url : a.url, `/api/staff/tickets/${trackingId}/messages`, { method: 'POST', headers, body: { body: `Відповідь інженера ${i}.`, lastSeenMessageId } });
          expect(reply.status).toBe(201);
          staffRepliedAt.set(trackingId, Date.now());
        }),
      );
      // R-CLOSE-2: the participants do not answer; the 72 h (here: AUTO_CLOSE_HOURS=1) pass at once.
      await db.query(
        `UPDATE messages SET created_at = created_at - interval '2 hours' WHERE author_type = 'staff' AND ticket_id IN (SELECT id FROM tickets WHERE tracking_id = ANY($1))`,
        [ids],
      );
      return ids;
    };

    const inbound = async () => {
      const imap = new ImapFlow({ host: dovecot!.host, port: dovecot!.port, secure: false, doSTARTTLS: false, auth: { user: MAILBOX.user, pass: MAILBOX.password }, logger: false });
      await imap.connect();
      try {
        for (let i = 0; i < INBOUND; i++) await imap.append('INBOX', await inboundMail(i));
      } finally {
        await imap.logout();
      }
    };

    const participantsDone = Promise.all(Array.from({ length: PARTICIPANTS }, (_, i) => participant(i)));
    const [webIds, closingIds] = await Promise.all([participantsDone, staff(participantsDone), inbound()]);
    figures.concurrentPhaseMs = Date.now() - started;

    // Everything settles: every e-mail read, every due request closed, every e-mail sent.
    await eventually(
      `${INBOUND} inbound e-mails processed`,
      async () => (await db.query(`SELECT count(*)::int AS n FROM inbound_messages WHERE status <> 'received'`)).rows[0].n >= INBOUND,
      120_000,
    );
    figures.inboundProcessedMs = Date.now() - started;
    await eventually(
      'the replied requests closed',
      async () => (await db.query(`SELECT count(*)::int AS n FROM tickets WHERE tracking_id = ANY($1) AND status = 'resolved'`, [closingIds])).rows[0].n === closingIds.length,
      60_000,
    );
    figures.autoClosedMs = Date.now() - started;
    await eventually('the outbox drained', async () => (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE status <> 'sent'`)).rows[0].n === 0, 120_000);
    figures.allSentMs = Date.now() - started;
    // Give a worker that would send something twice the time to do it.
    await new Promise((r) => setTimeout(r, 1500));

    // Requests: one per web participant, one per inbound e-mail, none more.
    const { rows: byChannel } = await db.query(`SELECT channel, count(*)::int AS n, count(DISTINCT lower(requester_email))::int AS requesters FROM tickets WHERE requester_email NOT LIKE 'captcha-%' GROUP BY channel ORDER BY channel`);
    expect(byChannel).toEqual([
      { channel: 'email', n: INBOUND, requesters: INBOUND },
      { channel: 'web', n: PARTICIPANTS, requesters: PARTICIPANTS },
    ]);
    expect(new Set(webIds).size).toBe(PARTICIPANTS);
    const { rows: inboundRows } = await db.query(`SELECT status, count(*)::int AS n, count(DISTINCT message_id)::int AS ids, count(DISTINCT ticket_id)::int AS tickets FROM inbound_messages GROUP BY status`);
    expect(inboundRows).toEqual([{ status: 'processed', n: INBOUND, ids: INBOUND, tickets: INBOUND }]);

    // Messages: the e-mail's one, the participant's request and reply, the staff reply; no copy of any.
    const { rows: duplicateMessages } = await db.query(
      `SELECT ticket_id, author_type, body, count(*)::int AS n FROM messages GROUP BY ticket_id, author_type, body HAVING count(*) > 1`,
    );
    expect(duplicateMessages).toEqual([]);
    const { rows: perWebTicket } = await db.query(
      `SELECT count(*)::int AS n FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.tracking_id = ANY($1) GROUP BY t.id HAVING count(*) <> 3`,
      [webIds],
    );
    expect(perWebTicket).toEqual([]);

    // E-mails: each outbox row delivered once, no Message-ID twice at the SMTP server.
    const messageIds = smtp.received.map((mail) => mail.parsed.messageId);
    const { rows: outbox } = await db.query(`SELECT count(*)::int AS n FROM outbox`);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(messageIds).toHaveLength(outbox[0].n);
    const { rows: templates } = await db.query(`SELECT template, count(*)::int AS n FROM outbox GROUP BY template ORDER BY template`);
    figures.emailsSent = messageIds.length;
    figures.emailsByTemplate = Object.fromEntries(templates.map((t: { template: string; n: number }) => [t.template, t.n]));

    // R-CLOSE-2 once: one close, one audit entry and one e-mail per request, though both instances ran the job.
    const { rows: closes } = await db.query(
      `SELECT t.tracking_id, (SELECT count(*)::int FROM audit_log l WHERE l.ticket_id = t.id AND l.action = 'ticket.closed') AS audits,
              (SELECT count(*)::int FROM outbox o WHERE o.ticket_id = t.id AND o.template = 'ticket_closed') AS emails
       FROM tickets t WHERE t.tracking_id = ANY($1)`,
      [closingIds],
    );
    expect(closes).toHaveLength(PARTICIPANTS);
    expect(closes.filter((c: { audits: number; emails: number }) => c.audits !== 1 || c.emails !== 1)).toEqual([]);

    // Each timed job once per tick: never two runs in one slot, never two at a time.
    const { rows: doubled } = await db.query(`SELECT job, slot, count(*)::int AS n FROM job_runs GROUP BY job, slot HAVING count(*) > 1`);
    expect(doubled).toEqual([]);
    const { rows: overlapping } = await db.query(
      `SELECT r1.job, r1.id, r2.id FROM job_runs r1 JOIN job_runs r2 ON r1.job = r2.job AND r1.id < r2.id
       WHERE tstzrange(r1.started_at, COALESCE(r1.finished_at, 'infinity')) && tstzrange(r2.started_at, COALESCE(r2.finished_at, 'infinity'))`,
    );
    expect(overlapping).toEqual([]);
    const { rows: runs } = await db.query(
      `SELECT job, count(*)::int AS runs, count(DISTINCT instance)::int AS instances,
              extract(epoch FROM max(slot) - min(slot))::int / ${TICK_SECONDS} + 1 AS ticks
       FROM job_runs WHERE job IN ('auto-close', 'expired-sessions', 'rate-limit-sweep') GROUP BY job ORDER BY job`,
    );
    figures.jobRuns = runs;
    expect(runs.map((r: { job: string }) => r.job)).toEqual(['auto-close', 'expired-sessions', 'rate-limit-sweep']);
    for (const run of runs) {
      expect(run.runs).toBeLessThanOrEqual(run.ticks);
      // A tick is missed only while a run of the tick before is still going; most ticks run.
      expect(run.runs).toBeGreaterThanOrEqual(Math.floor(run.ticks * 0.6));
    }

    figures.proxied = proxy!.served;
    figures.crossInstanceCaptchas = crossInstanceCaptchas.length;
    figures.totalMs = Date.now() - started;
    figures.apiRssMb = apis.map((api) => api.rssMb());
    // Round robin under concurrency interleaves: some captchas were answered on the instance that did not draw them.
    expect(crossInstanceCaptchas.length).toBeGreaterThan(0);
    expect(Math.min(...proxy!.served)).toBeGreaterThan(0);
    expect(staffRepliedAt.size).toBe(PARTICIPANTS);
  });

  it('when the instance that ran the ticks stops, the other runs them', async () => {
    // Whichever instance's timer fires first in a tick wins it, so one may have won them all: stop that one.
    const { rows: [last] } = await db.query(`SELECT instance FROM job_runs WHERE job = 'auto-close' ORDER BY slot DESC LIMIT 1`);
    const winner = apis.find((api) => last.instance.endsWith(`:${api.pid}`))!;
    const other = apis.find((api) => api !== winner)!;
    const stoppedAt = new Date();
    await winner.stop();
    await eventually(
      'the other instance running auto-close',
      async () => (await db.query(`SELECT count(*)::int AS n FROM job_runs WHERE job = 'auto-close' AND started_at > $1 AND instance LIKE $2`, [stoppedAt, `%:${other.pid}`])).rows[0].n >= 2,
      10_000,
    );
    // The survivor still serves.
    expect((await call(other.url, '/api/health')).status).toBe(200);
  });
});
