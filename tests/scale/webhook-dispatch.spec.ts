import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { inParallel, ScratchDatabase, scratchDatabase } from '../support/scratch-database';
import { eventually } from '../support/smtp-capture';
import { WebhookReceiver } from '../support/webhook-receiver';
import { ApiProcess } from './support/api-process';

const ADMIN = { email: 'admin@oree.test', password: 'scale-webhook-admin-1' };
const REQUESTS = 100;
const REPLIES_EACH = 3;
const EVENTS = REQUESTS * (1 + REPLIES_EACH);

jest.setTimeout(240_000);

/**
 * Which of `processes` holds the client end of the connection a receiver got
 * `request` on (Linux: the socket's inode in /proc/net/tcp, found among each
 * process's open files), so the test can tell which instance sent a webhook.
 */
function senderOf(request: IncomingMessage, processes: readonly ApiProcess[]): string | undefined {
  const hex = (port: number) => `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const socket = request.socket;
  const row = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[1]?.endsWith(hex(socket.remotePort!)) && fields[2]?.endsWith(hex(socket.localPort!)));
  if (!row) return undefined;
  const link = `socket:[${row[9]}]`;
  for (const api of processes) {
    for (const fd of readdirSync(`/proc/${api.pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${api.pid}/fd/${fd}`) === link) return api.name;
      } catch {
        // closed since the listing
      }
    }
  }
  return undefined;
}

/**
 * Issue 16 and ARCHITECTURE "Scale": two API instances on one PostgreSQL
 * dispatch one stream of domain events (requests and replies made on both)
 * to one outbound webhook. Both take part, no event comes twice outside the
 * at-least-once window (README, Outbound webhooks: here, with no crash, only
 * a delivery whose earlier attempt failed could), and each request's events
 * arrive in the order they were written, whichever instance sent each.
 */
describe('scale: two API instances dispatch one event stream to one webhook (issue 16)', () => {
  const receiver = new WebhookReceiver(() => Math.floor(Math.random() * 10));
  const apis: ApiProcess[] = [];
  let db: ScratchDatabase;

  beforeAll(async () => {
    await receiver.start();
    receiver.tag = (request) => senderOf(request, apis);
    db = await scratchDatabase('scale_webhook');
    const env = {
      DATABASE_URL: db.url,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'http://support.test',
      CMS_URL: 'http://127.0.0.1:9',
      CAPTCHA_PROVIDER: 'none',
      RATE_LIMIT_ENABLED: 'false',
      CONFIRMATION_EMAILS_PER_HOUR: '1000',
      // Each instance has a DATA_DIR of its own: the keys every instance must share are given.
      MAIL_SECRET: randomBytes(32).toString('hex'),
      SECRETS_KEY: randomBytes(32).toString('base64'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      MAIL_IN_ENABLED: 'false',
      OUTBOX_POLL_MS: '200',
      WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      EVENT_POLL_MS: '100',
      EVENT_BACKOFF_MS: '200',
    };
    apis.push(new ApiProcess('a', env), new ApiProcess('b', env));
    await Promise.all(apis.map((api) => api.start()));
  });

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await receiver.stop();
    await db?.drop();
  });

  it(`delivers ${EVENTS} events made on both instances once each, in order per request, both instances sending`, async () => {
    const [a] = apis;
    // Made on one instance, its secret opened to sign on both.
    await receiver.subscribe(a.url, ADMIN, 'scale suite');

    // Requests opened on either instance, each answered on both, while both dispatch.
    const started = Date.now();
    const madeOn = { a: 0, b: 0 };
    await inParallel(REQUESTS, 8, async (i) => {
      const email = `scale-webhook-${i}@client.test`;
      const on = (k: number) => apis[(i + k) % 2];
      const opened = await fetch(`${on(0).url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Учасник ${i}`, email, subject: `Запит ${i}`, message: `Текст запиту ${i}` }),
      });
      expect(opened.status).toBe(201);
      madeOn[on(0).name as 'a' | 'b']++;
      const { trackingId } = (await opened.json()) as { trackingId: string };
      for (let r = 1; r <= REPLIES_EACH; r++) {
        const reply = await fetch(`${on(r).url}/api/tickets/${trackingId}/replies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, message: `Доповнення ${r}` }) });
        expect(reply.status).toBe(201);
        madeOn[on(r).name as 'a' | 'b']++;
      }
    });
    const count = async (sql: string) => (await db.client.query(sql)).rows[0].n as number;
    await eventually('every delivery done', async () => (await count(`SELECT count(*)::int AS n FROM event_deliveries WHERE status <> 'delivered'`)) === 0, 120_000);
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const { rows: events } = await db.client.query(`SELECT e.id::text, e.ticket_id FROM events e ORDER BY e.id`);
    const { rows: retried } = await db.client.query(`SELECT event_id::text AS id FROM event_deliveries WHERE attempts > 1`);
    const copies = receiver.copies();
    const duplicated = [...copies].filter(([, n]) => n > 1).map(([id]) => id);
    // With no crash, a repeat is only possible for a delivery one of whose attempts failed (no 2xx recorded in time).
    const window = new Set(retried.map((row: { id: string }) => row.id));
    const unexplained = duplicated.filter((id) => !window.has(id));
    const sentBy: Record<string, number> = {};
    for (const arrival of receiver.arrivals) sentBy[arrival.tag ?? 'unknown'] = (sentBy[arrival.tag ?? 'unknown'] ?? 0) + 1;
    console.log(
      `SCALE REPORT ${JSON.stringify({ suite: 'webhook-dispatch', events: events.length, madeOn, delivered: copies.size, duplicates: receiver.arrivals.length - copies.size, retried: retried.length, sentBy, requestsOutOfOrder: receiver.outOfOrder().length, seconds: +seconds.toFixed(1) })}`,
    );

    expect(events).toHaveLength(EVENTS);
    expect(copies.size).toBe(EVENTS);
    expect(events.filter((event: { id: string }) => !copies.has(event.id))).toEqual([]);
    expect(receiver.arrivals.filter((arrival) => !arrival.verified)).toEqual([]);
    expect(unexplained).toEqual([]);
    // Both instances sent a share of the one stream.
    expect(sentBy.a).toBeGreaterThan(0);
    expect(sentBy.b).toBeGreaterThan(0);
    expect(sentBy.unknown).toBeUndefined();
    // In order per request, whichever instance sent each event.
    expect(receiver.outOfOrder()).toEqual([]);
    const firstArrivals = new Map<string, string[]>();
    for (const arrival of receiver.arrivals) {
      const seen = firstArrivals.get(arrival.ticketId!) ?? [];
      if (!seen.includes(arrival.webhookId)) firstArrivals.set(arrival.ticketId!, [...seen, arrival.webhookId]);
    }
    const written = new Map<string, string[]>();
    for (const event of events as { id: string; ticket_id: string }[]) written.set(event.ticket_id, [...(written.get(event.ticket_id) ?? []), event.id]);
    expect(Object.fromEntries(firstArrivals)).toEqual(Object.fromEntries(written));
  });
});
