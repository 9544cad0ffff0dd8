import { Client } from 'pg';
import { MailInService } from '../mail-in/mail-in.service';
import { OutboxWorker } from '../notifications/outbox.worker';
import { JobRunner } from '../scheduling/job-runner.service';
import { manualParticipant as participant } from '../testing/fixtures';
import { createTestApp, TestApp } from '../testing/test-app';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (enough of the format for prom-client's output). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`Not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

function email(headers: string, body = 'Доброго дня, не працює вхід.'): Buffer {
  return Buffer.from(`${headers}\r\nTo: support@localhost\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`);
}

/** /metrics (issue 8): what is counted, how it is labelled, and who may read it. */
describe('metrics', () => {
  describe('what is counted', () => {
    let t: TestApp;
    const scrape = async () => {
      const response = await t.http.get('/metrics').expect(200);
      // Prometheus's text format, version 0.0.4.
      expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      return { text: response.text, samples: parse(response.text) };
    };

    beforeAll(async () => {
      t = await createTestApp({ SCHEDULER_ENABLED: 'false' });
    });
    afterAll(() => t.close());

    it('is served at the root, outside the api prefix, and starts every channel at 0', async () => {
      const { samples } = await scrape();
      expect(value(samples, 'pidtrymka_tickets_created_total', { channel: 'web' })).toBe(0);
      expect(value(samples, 'pidtrymka_tickets_created_total', { channel: 'email' })).toBe(0);
      expect(value(samples, 'pidtrymka_outbox_failed')).toBe(0);
      expect(value(samples, 'pidtrymka_mail_in_quarantined')).toBe(0);
      expect(value(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      await t.http.get('/api/metrics').expect(404);
    });

    it('counts requests created on the site and by e-mail, by channel', async () => {
      const created = await t.http.post('/api/tickets').send(participant).expect(201);
      const mailIn = t.app.get(MailInService);
      const message = email('From: Учасник <member@example.com>\r\nSubject: Доступ\r\nMessage-ID: <metrics-1@example.com>');
      const processed = await mailIn.receive(message, 'test');
      expect(processed.status).toBe('processed');
      // The same message again (same Message-ID, same content: issue 12.4) is a re-delivery: received once, decided once.
      await mailIn.receive(message, 'test');
      const quarantined = await mailIn.receive(email('Subject: без відправника\r\nMessage-ID: <metrics-2@example.com>'), 'test');
      expect(quarantined.status).toBe('quarantined');

      const { samples, text } = await scrape();
      expect(value(samples, 'pidtrymka_tickets_created_total', { channel: 'web' })).toBe(1);
      expect(value(samples, 'pidtrymka_tickets_created_total', { channel: 'email' })).toBe(1);
      expect(value(samples, 'pidtrymka_mail_in_received_total')).toBe(2);
      expect(value(samples, 'pidtrymka_mail_in_decided_total', { status: 'processed' })).toBe(1);
      expect(value(samples, 'pidtrymka_mail_in_decided_total', { status: 'quarantined' })).toBe(1);
      expect(value(samples, 'pidtrymka_mail_in_decided_total', { status: 'ignored' })).toBe(0);
      expect(value(samples, 'pidtrymka_mail_in_quarantined')).toBe(1);

      // The request page: its route template is the label, never the tracking ID or the e-mail.
      await t.http.get(`/api/tickets/${created.body.trackingId}`).query({ email: participant.email }).expect(200);
      const after = await scrape();
      expect(value(after.samples, 'pidtrymka_http_request_duration_seconds_count', { method: 'GET', route: '/api/tickets/:trackingId', status_class: '2xx' })).toBe(1);
      expect(value(after.samples, 'pidtrymka_http_request_duration_seconds_count', { method: 'POST', route: '/api/tickets', status_class: '2xx' })).toBe(1);
      expect(after.text).not.toContain(created.body.trackingId);
      expect(after.text).not.toContain(participant.email);
      expect(text).not.toContain('member@example.com');
    });

    it('keeps a latency histogram by method, route template and status class', async () => {
      await t.http.get('/api/categories').expect(200);
      await t.http.get('/api/tickets/AAA-BBB-CCCC').query({ email: 'nobody@example.com' }).expect(404);
      await t.http.get('/api/no/such/route/x1y2z3').expect(404);
      const { samples, text } = await scrape();
      const buckets = samples.filter((s) => s.name === 'pidtrymka_http_request_duration_seconds_bucket' && s.labels.route === '/api/categories');
      expect(buckets.map((s) => s.labels.le)).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
      expect(buckets.at(-1)!.value).toBeGreaterThanOrEqual(1);
      expect(value(samples, 'pidtrymka_http_request_duration_seconds_count', { route: '/api/tickets/:trackingId', status_class: '4xx' })).toBe(1);
      expect(value(samples, 'pidtrymka_http_request_duration_seconds_count', { route: 'unmatched', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain('x1y2z3');
      expect(text).not.toContain('AAA-BBB-CCCC');
    });

    it('reads the outbox depth and the age of the oldest due e-mail from the database at each scrape', async () => {
      await t.db.query(`UPDATE outbox SET next_attempt_at = now() - interval '90 seconds' WHERE status = 'pending'`);
      const pending: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE status IN ('pending', 'sending')`);
      expect(pending[0].n).toBeGreaterThan(0);
      const { samples } = await scrape();
      expect(value(samples, 'pidtrymka_outbox_depth')).toBe(pending[0].n);
      expect(value(samples, 'pidtrymka_outbox_oldest_due_age_seconds')).toBeGreaterThanOrEqual(90);
      expect(value(samples, 'pidtrymka_outbox_oldest_due_age_seconds')).toBeLessThan(200);
    });

    it('counts e-mails sent and send failures', async () => {
      await t.db.query(`INSERT INTO outbox (template, recipient, locale, payload) VALUES ('tracking_reminder', 'not an address', 'uk', '{"name":"x","tickets":[]}')`);
      const before: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`);
      await t.app.get(OutboxWorker).deliverDue();
      const { samples } = await scrape();
      expect(value(samples, 'pidtrymka_outbox_send_failures_total', { outcome: 'failed' })).toBe(1);
      expect(value(samples, 'pidtrymka_outbox_failed')).toBe(1);
      expect(value(samples, 'pidtrymka_outbox_sent_total')).toBe(before[0].n - 1);
      expect(value(samples, 'pidtrymka_outbox_depth')).toBe(0);
      expect(value(samples, 'pidtrymka_outbox_oldest_due_age_seconds')).toBe(0);
    });

    it('counts and times job runs by job and outcome', async () => {
      const runner = t.app.get(JobRunner);
      const hourly = 3_600_000;
      expect(await runner.runOncePerTick('metrics-test', hourly, async () => undefined)).toBe('ran');
      expect(await runner.runOncePerTick('metrics-test', hourly, async () => undefined)).toBe('done');
      expect(await runner.runOncePerTick('metrics-failing', hourly, async () => Promise.reject(new Error('boom')))).toBe('failed');
      const { samples } = await scrape();
      expect(value(samples, 'pidtrymka_job_runs_total', { job: 'metrics-test', outcome: 'ok' })).toBe(1);
      expect(value(samples, 'pidtrymka_job_runs_total', { job: 'metrics-test', outcome: 'skipped' })).toBe(1);
      expect(value(samples, 'pidtrymka_job_runs_total', { job: 'metrics-failing', outcome: 'error' })).toBe(1);
      expect(value(samples, 'pidtrymka_job_duration_seconds_count', { job: 'metrics-test', outcome: 'ok' })).toBe(1);
    });
  });

  describe('during a database outage', () => {
    it('still answers, with the database\'s gauges unknown (NaN) rather than stale, and the counters intact', async () => {
      const t = await createTestApp();
      const databaseName = new URL(t.databaseUrl).pathname.slice(1);
      const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        await t.http.post('/api/tickets').send(participant).expect(201);
        await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(databaseName)} ALLOW_CONNECTIONS false`);
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [databaseName]);
        const started = Date.now();
        const samples = parse((await t.http.get('/metrics').expect(200)).text);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(value(samples, 'pidtrymka_outbox_depth')).toBeNaN();
        expect(value(samples, 'pidtrymka_outbox_failed')).toBeNaN();
        expect(value(samples, 'pidtrymka_mail_in_quarantined')).toBeNaN();
        expect(value(samples, 'pidtrymka_tickets_created_total', { channel: 'web' })).toBe(1);
      } finally {
        await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(databaseName)} ALLOW_CONNECTIONS true`);
        await admin.end();
        await t.close();
      }
    });
  });

  describe('who may read them', () => {
    it('with METRICS_TOKEN, only a scrape bearing it', async () => {
      const t = await createTestApp({ METRICS_TOKEN: 'scrape-secret-1' });
      try {
        const missing = await t.http.get('/metrics').set('Accept-Language', 'en').expect(401);
        expect(missing.body.code).toBe('metrics_unauthorized');
        expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        await t.http.get('/metrics').set('Authorization', 'Bearer scrape-secret-2').expect(401);
        const ok = await t.http.get('/metrics').set('Authorization', 'Bearer scrape-secret-1').expect(200);
        expect(ok.text).toContain('pidtrymka_tickets_created_total');
      } finally {
        await t.close();
      }
    });

    it('without a token, only callers on loopback or a private network (behind a proxy: the client\'s address)', async () => {
      const t = await createTestApp();
      try {
        await t.http.get('/metrics').expect(200);
        await t.http.get('/metrics').set('X-Forwarded-For', '10.1.2.3').expect(200);
        const refused = await t.http.get('/metrics').set('X-Forwarded-For', '203.0.113.7').expect(403);
        expect(refused.body.message).toBe('Метрики доступні лише з локальної чи приватної мережі або з токеном.');
      } finally {
        await t.close();
      }
    });

    it('METRICS_ENABLED=false: there is no /metrics', async () => {
      const t = await createTestApp({ METRICS_ENABLED: 'false' });
      try {
        await t.http.get('/metrics').expect(404);
      } finally {
        await t.close();
      }
    });
  });
});
