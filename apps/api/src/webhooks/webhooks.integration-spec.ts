import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { Webhook } from 'standardwebhooks';
import { EventDispatcher } from '../events/event-dispatcher';
import { manualParticipant as participant } from '../testing/fixtures';
import { SecretsService } from '../secrets/secrets.service';
import { createSecondInstance, createTestApp, TestApp } from '../testing/test-app';
import { newWebhookSecret, WebhookSender } from './webhook-sender';

const ADMIN = { email: 'admin@oree.test', password: 'admin-password-1' };
const AGENT = { email: 'agent@oree.test', password: 'agent-password-1', name: 'Агент' };
const BACKOFF_MS = 300;
/** This spec's app, and the other instances some tests start beside it. */
const SETTINGS = {
  SCHEDULER_ENABLED: 'false',
  WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_TIMEOUT_MS: '1000',
  EVENT_BACKOFF_MS: `${BACKOFF_MS}`,
  EVENT_MAX_ATTEMPTS: '5',
};

jest.setTimeout(60_000);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1: records every POST and answers as the test says (a status, or no answer at all). */
class Receiver {
  readonly received: Received[] = [];
  answers: (number | 'hang' | 'redirect')[] = [];
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = this.answers.shift() ?? 200;
        if (answer === 'hang') return;
        if (answer === 'redirect') {
          res.writeHead(302, { location: `http://127.0.0.1:${this.port}/elsewhere` }).end();
          return;
        }
        res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : `down for maintenance ${'x'.repeat(2000)}`);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }
}

interface Session {
  http: TestAgent;
  csrf: string;
}

/**
 * Issue 16: outbound webhooks are subscribers of the domain-event dispatcher,
 * delivered as signed POSTs (Standard Webhooks) through the SSRF guard, with
 * the dispatcher's backoff, a delivery log, re-sends and test pings for admins.
 */
describe('outbound webhooks (issue 16)', () => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;
  const receiver = new Receiver();

  const signIn = async (credentials: { email: string; password: string }): Promise<Session> => {
    const http = request.agent(t.app.getHttpServer());
    const { body } = await http.post('/api/staff/auth/sign-in').send(credentials).expect(200);
    return { http, csrf: body.csrfToken };
  };
  const dispatcher = () => t.app.get(EventDispatcher);
  const submit = () => t.http.post('/api/tickets').send(participant).expect(201).then((r) => r.body as { trackingId: string });
  const create = (input: Record<string, unknown>) => admin.http.post('/api/staff/webhooks').set('X-CSRF-Token', admin.csrf).send(input);
  const deliveriesOf = (id: string): Promise<{ type: string; status: string; attempts: number; response_status: number | null; response_excerpt: string | null; last_error: string | null; due: boolean }[]> =>
    t.db.query(
      `SELECT e.type, d.status, d.attempts, d.response_status, d.response_excerpt, d.last_error, d.next_attempt_at <= now() AS due
       FROM event_deliveries d JOIN events e ON e.id = d.event_id WHERE d.subscriber = $1 ORDER BY d.event_id`,
      [`webhook:${id}`],
    );
  /** Rounds until nothing of the webhooks is waiting, backoffs waited out. */
  const drain = async () => {
    for (let round = 0; round < 100; round++) {
      if ((await dispatcher().deliverDue()) > 0) continue;
      const [{ waiting }] = await t.db.query(`SELECT count(*)::int AS waiting FROM event_deliveries d JOIN webhooks w ON d.subscriber = 'webhook:' || w.id WHERE w.enabled AND d.status IN ('pending', 'sending')`);
      if (waiting === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('webhook deliveries still waiting after 100 rounds');
  };
  const header = (got: Received, name: string) => String(got.headers[name]);
  const verified = (secret: string, got: Received) =>
    new Webhook(secret).verify(got.body, { 'webhook-id': header(got, 'webhook-id'), 'webhook-timestamp': header(got, 'webhook-timestamp'), 'webhook-signature': header(got, 'webhook-signature') }) as Record<string, unknown>;

  beforeAll(async () => {
    await receiver.start();
    t = await createTestApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...SETTINGS });
    admin = await signIn(ADMIN);
    await admin.http.post('/api/staff/accounts').set('X-CSRF-Token', admin.csrf).send({ ...AGENT, role: 'agent' }).expect(201);
    agent = await signIn({ email: AGENT.email, password: AGENT.password });
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });
  beforeEach(async () => {
    // Each test its own endpoints: the previous test's are disabled, their deliveries left as they were.
    await t.db.query(`UPDATE webhooks SET enabled = false`);
    receiver.received.length = 0;
    receiver.answers = [];
  });

  it('admins only: an agent gets 403 on every webhook endpoint, no session 401', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const calls: [method: 'get' | 'post' | 'patch' | 'delete', path: string][] = [
      ['get', '/api/staff/webhooks'],
      ['post', '/api/staff/webhooks'],
      ['patch', `/api/staff/webhooks/${id}`],
      ['delete', `/api/staff/webhooks/${id}`],
      ['post', `/api/staff/webhooks/${id}/rotate-secret`],
      ['get', `/api/staff/webhooks/${id}/deliveries`],
      ['post', `/api/staff/webhooks/${id}/deliveries/1/resend`],
      ['post', `/api/staff/webhooks/${id}/ping`],
    ];
    for (const [method, path] of calls) {
      const { body } = await agent.http[method](path).set('X-CSRF-Token', agent.csrf).set('Accept-Language', 'en').send({ url: receiver.url(), eventTypes: ['ticket.created'] }).expect(403);
      expect(body).toMatchObject({ code: 'staff_forbidden' });
      await t.http[method](path).send({}).expect(401);
    }
    expect(await t.db.query(`SELECT id FROM webhooks`)).toEqual([]);
    expect(receiver.received).toEqual([]);
  });

  it('refuses bad input with 4xx in the reader\'s language, never a 500', async () => {
    const refused = async (input: Record<string, unknown>, code: string, status = 400) => {
      const uk = await create(input).expect(status);
      expect(uk.body.code).toBe(code);
      const en = await admin.http.post('/api/staff/webhooks').set('X-CSRF-Token', admin.csrf).set('Accept-Language', 'en').send(input).expect(status);
      expect(en.body.code).toBe(code);
      expect(en.body.message).not.toBe(uk.body.message);
      return { uk: uk.body.message as string, en: en.body.message as string };
    };
    const types = ['ticket.created'];
    expect(await refused({ url: 'ftp://hooks.example.com/', eventTypes: types }, 'webhook_url_scheme')).toEqual({ uk: expect.stringContaining('https://'), en: expect.stringContaining('https://') });
    expect((await refused({ url: 'http://169.254.169.254/latest/meta-data/', eventTypes: types }, 'webhook_url_forbidden_host')).en).toMatch(/public addresses/);
    await refused({ url: 'http://[::ffff:169.254.169.254]/', eventTypes: types }, 'webhook_url_forbidden_host');
    await refused({ url: 'http://0.0.0.0:8080/', eventTypes: types }, 'webhook_url_forbidden_host');
    await refused({ url: 'https://user:secret@hooks.example.com/', eventTypes: types }, 'webhook_url_invalid');
    await refused({ url: 'hooks', eventTypes: types }, 'webhook_url_invalid');
    // The test app's DNS knows no name.
    await refused({ url: 'https://no-such-host.invalid/', eventTypes: types }, 'webhook_url_unresolvable');
    await refused({ url: receiver.url(), eventTypes: ['ticket.exploded'] }, 'validation_failed');
    await refused({ url: receiver.url(), eventTypes: [] }, 'validation_failed');
    await refused({ url: receiver.url(), eventTypes: types, secret: 'mine' }, 'validation_failed');
    const { body: created } = await create({ url: receiver.url(), eventTypes: types }).expect(201);
    const patch = (input: Record<string, unknown>) => admin.http.patch(`/api/staff/webhooks/${created.webhook.id}`).set('X-CSRF-Token', admin.csrf).set('Accept-Language', 'en').send(input);
    expect((await patch({ url: 'http://[ff02::1]/' }).expect(400)).body.code).toBe('webhook_url_forbidden_host');
    expect((await admin.http.patch('/api/staff/webhooks/not-a-uuid').set('X-CSRF-Token', admin.csrf).send({ enabled: false }).expect(404)).body.code).toBe('webhook_not_found');
    expect((await admin.http.post(`/api/staff/webhooks/${created.webhook.id}/deliveries/abc/resend`).set('X-CSRF-Token', admin.csrf).expect(404)).body.code).toBe('webhook_delivery_not_found');
    expect((await admin.http.post(`/api/staff/webhooks/${created.webhook.id}/deliveries/99999/resend`).set('X-CSRF-Token', admin.csrf).expect(404)).body.code).toBe('webhook_delivery_not_found');
  });

  it('delivers the events of the chosen types as signed POSTs, written in the statement that writes the event', async () => {
    const { body: created } = await create({ url: receiver.url('/hook?source=pidtrymka'), description: 'CRM', eventTypes: ['ticket.created', 'message.added'] }).expect(201);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created.webhook).toMatchObject({ url: receiver.url('/hook?source=pidtrymka'), description: 'CRM', eventTypes: ['ticket.created', 'message.added'], enabled: true, createdBy: expect.any(String) });
    const { body: listed } = await admin.http.get('/api/staff/webhooks').expect(200);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect((await t.db.query(`SELECT action FROM audit_log WHERE action = 'webhook.created' AND details->>'webhookId' = $1`, [created.webhook.id])).length).toBe(1);
    expect(JSON.stringify(await t.db.query(`SELECT details FROM audit_log WHERE action LIKE 'webhook.%'`))).not.toContain(created.secret);

    const { trackingId } = await submit();
    await t.http.post(`/api/tickets/${trackingId}/replies`).send({ email: participant.email, message: 'Доповнення' }).expect(201);
    // The opening statement wrote the webhook's row with the event (no delivery of a type it did not choose).
    expect((await deliveriesOf(created.webhook.id)).map((d) => d.type)).toEqual(['ticket.created', 'message.added']);

    await drain();
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook?source=pidtrymka', '/hook?source=pidtrymka']);
    const [opened, reply] = receiver.received.map((got) => verified(created.secret, got));
    const [ticketId] = await t.db.query(`SELECT id FROM tickets WHERE tracking_id = $1`, [trackingId]);
    expect(opened).toMatchObject({ type: 'ticket.created', version: 1, ticketId: ticketId.id, data: { trackingId, subject: participant.subject, channel: 'web' } });
    expect(Object.keys(opened).sort()).toEqual(['data', 'id', 'occurredAt', 'ticketId', 'type', 'version']);
    expect(receiver.received[0].headers['webhook-id']).toBe(opened.id);
    expect(receiver.received[0].headers['content-type']).toBe('application/json');
    // Ids and the event's own fields only: neither the participant's text nor their address.
    for (const got of receiver.received) {
      expect(got.body).not.toContain('Доповнення');
      expect(got.body).not.toContain(participant.email);
      expect(got.body).not.toContain('0999999999');
    }
    expect(reply).toMatchObject({ type: 'message.added', data: { kind: 'participant_reply', trackingId } });
    expect(() => verified('whsec_' + Buffer.alloc(24).toString('base64'), receiver.received[0])).toThrow();

    const { body: page } = await admin.http.get(`/api/staff/webhooks/${created.webhook.id}/deliveries`).expect(200);
    expect(page.total).toBe(2);
    expect(page.items.map((d: { eventType: string }) => d.eventType)).toEqual(['message.added', 'ticket.created']);
    expect(page.items[0]).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 200, responseExcerpt: 'ok', lastError: null, deliveredAt: expect.any(String) });
  });

  it('a failing receiver is retried with the dispatcher\'s backoff, its answer kept (bounded), then delivered', async () => {
    const { body: created } = await create({ url: receiver.url(), eventTypes: ['ticket.created'] }).expect(201);
    receiver.answers = [503, 'hang', 'redirect'];
    await submit();
    await dispatcher().deliverDue();
    let [row] = await deliveriesOf(created.webhook.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, response_status: 503, last_error: 'HTTP 503', due: false });
    expect(row.response_excerpt).toMatch(/^down for maintenance x+$/);
    expect(row.response_excerpt!.length).toBe(500);
    // Waiting out its backoff: nothing is sent before.
    await dispatcher().deliverDue();
    expect(receiver.received.length).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS + 50));
    await dispatcher().deliverDue();
    [row] = await deliveriesOf(created.webhook.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, response_status: null, last_error: expect.stringContaining('no answer within 1000 ms') });

    await new Promise((resolve) => setTimeout(resolve, 2 * BACKOFF_MS + 50));
    await dispatcher().deliverDue();
    [row] = await deliveriesOf(created.webhook.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 3, response_status: 302, last_error: expect.stringContaining('redirects are not followed') });
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook', '/hook', '/hook']);

    await drain();
    [row] = await deliveriesOf(created.webhook.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 4, response_status: 200, last_error: null });
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const got of receiver.received) expect(verified(created.secret, got)).toMatchObject({ type: 'ticket.created' });
  });

  it('re-sends one delivery, rotates the secret, pings, and holds deliveries of a disabled endpoint', async () => {
    const { body: created } = await create({ url: receiver.url(), eventTypes: ['ticket.created'] }).expect(201);
    const id = created.webhook.id as string;
    await submit();
    await drain();
    const { body: page } = await admin.http.get(`/api/staff/webhooks/${id}/deliveries`).expect(200);
    const eventId = page.items[0].eventId as string;

    const { body: rotated } = await admin.http.post(`/api/staff/webhooks/${id}/rotate-secret`).set('X-CSRF-Token', admin.csrf).expect(200);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);

    await admin.http.post(`/api/staff/webhooks/${id}/deliveries/${eventId}/resend`).set('X-CSRF-Token', admin.csrf).expect(204);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    await drain();
    expect(receiver.received.length).toBe(2);
    expect(receiver.received[1].headers['webhook-id']).toBe(eventId);
    expect(verified(rotated.secret, receiver.received[1])).toMatchObject({ id: eventId });
    expect(() => verified(created.secret, receiver.received[1])).toThrow();
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });

    const { body: ping } = await admin.http.post(`/api/staff/webhooks/${id}/ping`).set('X-CSRF-Token', admin.csrf).expect(200);
    expect(ping).toEqual({ delivered: true, responseStatus: 200, responseExcerpt: 'ok', error: null });
    expect(verified(rotated.secret, receiver.received[2])).toMatchObject({ type: 'webhook.ping', data: { webhookId: id } });
    receiver.answers = [500];
    expect((await admin.http.post(`/api/staff/webhooks/${id}/ping`).set('X-CSRF-Token', admin.csrf).expect(200)).body).toMatchObject({ delivered: false, responseStatus: 500, error: 'HTTP 500' });

    // Disabled: new events get no row for it; enabled again, it gets them.
    await admin.http.patch(`/api/staff/webhooks/${id}`).set('X-CSRF-Token', admin.csrf).send({ enabled: false }).expect(200);
    await submit();
    expect((await deliveriesOf(id)).length).toBe(1);
    const { body: enabled } = await admin.http.patch(`/api/staff/webhooks/${id}`).set('X-CSRF-Token', admin.csrf).send({ enabled: true, eventTypes: ['ticket.created', 'ticket.updated'] }).expect(200);
    expect(enabled).toMatchObject({ enabled: true, eventTypes: ['ticket.created', 'ticket.updated'] });
    await submit();
    expect((await deliveriesOf(id)).length).toBe(2);

    await admin.http.delete(`/api/staff/webhooks/${id}`).set('X-CSRF-Token', admin.csrf).expect(204);
    expect(await deliveriesOf(id)).toEqual([]);
    await admin.http.get(`/api/staff/webhooks/${id}/deliveries`).expect(404);
    expect((await t.db.query(`SELECT action FROM audit_log WHERE details->>'webhookId' = $1 ORDER BY id`, [id])).map((a: { action: string }) => a.action)).toEqual([
      'webhook.created',
      'webhook.secret_rotated',
      'webhook.resent',
      'webhook.updated',
      'webhook.updated',
      'webhook.deleted',
    ]);
  });

  it('resolves the host at delivery time and connects to the checked address: a name rebound to metadata is refused, nothing sent', async () => {
    const sender = t.app.get(WebhookSender);
    let answer = '127.0.0.1';
    sender.resolver = async () => [answer];
    try {
      const { body: created } = await create({ url: `http://hooks.test:${receiver.port}/named`, eventTypes: ['ticket.created'] }).expect(201);
      await submit();
      await drain();
      // The name resolved only through the guard's answer, so the socket went to the address it checked.
      expect(receiver.received.map((r) => [r.path, r.headers.host])).toEqual([['/named', `hooks.test:${receiver.port}`]]);

      answer = '169.254.169.254';
      await submit();
      await dispatcher().deliverDue();
      const rows = await deliveriesOf(created.webhook.id);
      expect(rows[1]).toMatchObject({ status: 'pending', attempts: 1, response_status: null, last_error: expect.stringContaining('metadata') });
      expect(receiver.received.length).toBe(1);
    } finally {
      sender.resolver = async (name) => {
        throw new Error(`no DNS in tests: ${name}`);
      };
    }
  });

  describe('issue 16: signing secrets sealed at rest (SecretsService)', () => {
    const stored = async (id: string): Promise<string> => (await t.db.query(`SELECT secret FROM webhooks WHERE id = $1`, [id]))[0].secret;
    const sealedWith = (keyId: string) => new RegExp(`^v1:${keyId}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$`);

    it('the column holds the secret sealed, never in clear; no answer shows it again; deliveries are signed with it', async () => {
      const { body: created } = await create({ url: receiver.url(), eventTypes: ['ticket.created'] }).expect(201);
      const id = created.webhook.id as string;
      const keyId = t.app.get(SecretsService).currentKeyId;
      const sealed = await stored(id);
      expect(sealed).toMatch(sealedWith(keyId));
      expect(sealed).not.toContain(created.secret);
      expect(sealed).not.toContain(created.secret.slice(6, 20));
      const { body: listed } = await admin.http.get('/api/staff/webhooks').expect(200);
      const { body: patched } = await admin.http.patch(`/api/staff/webhooks/${id}`).set('X-CSRF-Token', admin.csrf).send({ description: 'sealed' }).expect(200);
      for (const answer of [listed, patched]) {
        expect(JSON.stringify(answer)).not.toContain(created.secret.slice(6));
        expect(JSON.stringify(answer)).not.toContain(sealed.split(':')[4]);
      }

      await submit();
      await drain();
      expect(verified(created.secret, receiver.received[0])).toMatchObject({ type: 'ticket.created' });

      const { body: rotated } = await admin.http.post(`/api/staff/webhooks/${id}/rotate-secret`).set('X-CSRF-Token', admin.csrf).expect(200);
      expect(await stored(id)).toMatch(sealedWith(keyId));
      expect(await stored(id)).not.toBe(sealed);
      expect(await stored(id)).not.toContain(rotated.secret.slice(6));
      await admin.http.post(`/api/staff/webhooks/${id}/ping`).set('X-CSRF-Token', admin.csrf).expect(200);
      expect(verified(rotated.secret, receiver.received[1])).toMatchObject({ type: 'webhook.ping' });
    });

    it('a secret stored in clear by an earlier version is sealed on start, once, and deliveries still verify with it', async () => {
      const { body: created } = await create({ url: receiver.url(), eventTypes: ['ticket.created'] }).expect(201);
      const id = created.webhook.id as string;
      const clear = newWebhookSecret();
      await t.db.query(`UPDATE webhooks SET secret = $2 WHERE id = $1`, [id, clear]);
      const secrets = t.app.get(SecretsService);
      expect(await secrets.sealStoredSecrets()).toBe(1);
      const sealed = await stored(id);
      expect(sealed).toMatch(sealedWith(secrets.currentKeyId));
      expect(sealed).not.toContain(clear.slice(6));
      // Idempotent: a second start finds nothing to seal and leaves the value as it is.
      expect(await secrets.sealStoredSecrets()).toBe(0);
      expect(await stored(id)).toBe(sealed);

      await submit();
      await drain();
      expect(verified(clear, receiver.received[0])).toMatchObject({ type: 'ticket.created' });
    });

    it('an instance without the key reports the delivery and the ping failed, naming SECRETS_KEY; with the old key in SECRETS_KEY_PREVIOUS it seals them again with its own', async () => {
      const { body: created } = await create({ url: receiver.url(), eventTypes: ['ticket.created'] }).expect(201);
      const id = created.webhook.id as string;
      const sealed = await stored(id);
      const firstKey = (await readFile(join(t.dataDir, 'secrets-key'), 'utf8')).trim();
      const newKey = randomBytes(32).toString('base64');

      const stranger = await createSecondInstance(t, { ...SETTINGS, SECRETS_KEY: randomBytes(32).toString('base64') });
      try {
        // Its start-up sealing leaves what it cannot open as it is.
        expect(await stored(id)).toBe(sealed);
        const there = request.agent(stranger.app.getHttpServer());
        const { body: session } = await there.post('/api/staff/auth/sign-in').send(ADMIN).expect(200);
        const { body: ping } = await there.post(`/api/staff/webhooks/${id}/ping`).set('X-CSRF-Token', session.csrfToken).expect(200);
        expect(ping).toMatchObject({ delivered: false, responseStatus: null, error: expect.stringMatching(/cannot be opened: sealed with key .* neither SECRETS_KEY .* nor in SECRETS_KEY_PREVIOUS/) });
        await submit();
        await stranger.app.get(EventDispatcher).deliverDue();
        const [row] = await deliveriesOf(id);
        expect(row).toMatchObject({ status: 'pending', attempts: 1, response_status: null, last_error: expect.stringContaining('SECRETS_KEY_PREVIOUS') });
        expect(receiver.received).toEqual([]);
      } finally {
        await stranger.close();
      }

      const rotated = await createSecondInstance(t, { ...SETTINGS, SECRETS_KEY: newKey, SECRETS_KEY_PREVIOUS: firstKey });
      try {
        const newKeyId = rotated.app.get(SecretsService).currentKeyId;
        expect(newKeyId).not.toBe(t.app.get(SecretsService).currentKeyId);
        // Every webhook's secret, sealed again with the new key on its start.
        const rows: { secret: string }[] = await t.db.query(`SELECT secret FROM webhooks`);
        for (const { secret } of rows) expect(secret).toMatch(sealedWith(newKeyId));
        await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS + 50));
        await rotated.app.get(EventDispatcher).deliverDue();
        expect(receiver.received.length).toBe(1);
        expect(verified(created.secret, receiver.received[0])).toMatchObject({ type: 'ticket.created' });
      } finally {
        await rotated.close();
      }
    });
  });
});
