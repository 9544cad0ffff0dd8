import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess } from '../support/api-process';
import { inParallel, ScratchDatabase, scratchDatabase } from '../support/scratch-database';
import { eventually } from '../support/smtp-capture';
import { WebhookReceiver } from '../support/webhook-receiver';
import { seededRandom } from '../support/seeded-random';

const ADMIN = { email: 'admin@oree.test', password: 'fault-webhook-admin-1' };
const REQUESTS = 200;
const REPLIES_EACH = 4;
/** ticket.created and a message.added per reply. */
const EVENTS = REQUESTS * (1 + REPLIES_EACH);
const KILLS = 3;
const LEASE_SECONDS = 3;

jest.setTimeout(300_000);

const seconds = (ms: number) => +(ms / 1000).toFixed(2);

interface KillRecord {
  atArrivals: number;
  /** Deliveries the dead process had leased (`sending`): they wait out EVENT_LEASE_SECONDS. */
  leased: string[];
  /** Events the receiver had got but the dead process had not marked delivered: the at-least-once window. */
  receivedUnmarked: string[];
  /** From the kill until the next process answered /api/health. */
  restartMs: number;
  /** From the kill until the receiver had a POST from the next process. */
  resumeMs: number;
  /** From the kill until every delivery it had leased was delivered by the next process (they wait out the lease, then their turn). */
  recoveryMs: number;
}

/**
 * Issue 16, the event dispatcher's crash: 1,000 domain events are due to an
 * outbound webhook (a receiver of this test on 127.0.0.1, which the admin may
 * register because WEBHOOK_ALLOW_PRIVATE_HOSTS and WEBHOOK_ALLOW_HTTP say so)
 * when the built API is killed with SIGKILL at 3 random moments of the
 * delivery and started again each time. Every event arrives, signed; an event
 * arrives twice only if a kill fell between the receiver getting it and the
 * dispatcher writing that down (README, Outbound webhooks: the at-least-once
 * window), counted by webhook-id; and each request's events arrive in order.
 */
describe('fault: the API killed while it delivers webhooks (issue 16)', () => {
  const seed = Number(process.env.FAULT_SEED) || Date.now() % 1_000_000;
  const next = seededRandom(seed);
  // 0–20 ms before each answer: deliveries overlap, so a kill finds some received and not yet marked.
  const receiver = new WebhookReceiver(() => Math.floor(next() * 20));
  let db: ScratchDatabase;
  let api: ApiProcess;
  let dataDir = '';

  const count = async (sql: string, params: unknown[] = []) => (await db.client.query(sql, params)).rows[0].n as number;
  const settings = (worker: boolean): Record<string, string> => ({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    MAIL_SECRET: 'fault-webhook-secret',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    MAIL_IN_ENABLED: 'false',
    SCHEDULER_ENABLED: 'false',
    // The dispatcher runs where the outbox worker does: off while the events are written, on to deliver them.
    OUTBOX_WORKER_ENABLED: String(worker),
    OUTBOX_POLL_MS: '200',
    WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_TIMEOUT_MS: '2000',
    EVENT_POLL_MS: '100',
    EVENT_BACKOFF_MS: '200',
    EVENT_LEASE_SECONDS: String(LEASE_SECONDS),
  });

  beforeAll(async () => {
    await receiver.start();
    db = await scratchDatabase('fault_webhook');
    dataDir = await mkdtemp(join(tmpdir(), 'pidtrymka-fault-webhook-'));
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
    await receiver.stop();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it(`delivers ${EVENTS} events through ${KILLS} SIGKILLs: none lost, repeats only in the at-least-once window, each request in order`, async () => {
    const suiteStarted = Date.now();

    // The events are written first, with no dispatcher running, so that all 1,000 are due when delivery starts.
    const writer = new ApiProcess(settings(false));
    await writer.start();
    try {
      await receiver.subscribe(writer.url, ADMIN, 'fault suite');

      await inParallel(REQUESTS, 8, async (i) => {
        const email = `webhook-${i}@client.test`;
        const opened = await fetch(`${writer.url}/api/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Учасник ${i}`, email, subject: `Запит ${i}`, message: `Текст запиту ${i}` }),
        });
        expect(opened.status).toBe(201);
        const { trackingId } = (await opened.json()) as { trackingId: string };
        for (let r = 0; r < REPLIES_EACH; r++) {
          const reply = await fetch(`${writer.url}/api/tickets/${trackingId}/replies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, message: `Доповнення ${r}` }) });
          expect(reply.status).toBe(201);
        }
      });
    } finally {
      await writer.stop();
    }
    const { rows: events } = await db.client.query(`SELECT e.id::text, e.ticket_id FROM events e ORDER BY e.id`);
    expect(events).toHaveLength(EVENTS);
    expect(await count(`SELECT count(*)::int AS n FROM event_deliveries WHERE subscriber LIKE 'webhook:%' AND status = 'pending'`)).toBe(EVENTS);

    // Three moments of the delivery, named by how many POSTs the receiver has had.
    const thresholds = new Set<number>();
    while (thresholds.size < KILLS) thresholds.add(50 + Math.floor(next() * (EVENTS * 0.85 - 50)));
    const killAt = [...thresholds].sort((a, b) => a - b);

    api = new ApiProcess(settings(true));
    const deliveryStarted = Date.now();
    await api.start();
    const kills: KillRecord[] = [];
    const recoveries: Promise<void>[] = [];
    for (const threshold of killAt) {
      // The kill lands while a round is on the wire: its answers are held from the threshold on, so a busy machine's late
      // kill finds deliveries unanswered, not done. A threshold the restarted process has passed already is the next POST.
      const at = Math.max(threshold, receiver.arrivals.length + 1);
      receiver.holdAnswersFrom(at);
      await receiver.reached(at);
      const killedAt = Date.now();
      await api.kill();
      // What the dead process had on the wire reaches the receiver (or does not) now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { rows: open } = await db.client.query(`SELECT event_id::text AS id, status FROM event_deliveries WHERE subscriber LIKE 'webhook:%' AND status <> 'delivered'`);
      const received = new Set(receiver.arrivals.map((a) => a.webhookId));
      const kill: KillRecord = {
        atArrivals: receiver.arrivals.length,
        leased: open.filter((row: { status: string }) => row.status === 'sending').map((row: { id: string }) => row.id),
        receivedUnmarked: open.map((row: { id: string }) => row.id).filter((id: string) => received.has(id)),
        restartMs: NaN,
        resumeMs: NaN,
        recoveryMs: NaN,
      };
      kills.push(kill);
      receiver.release();
      recoveries.push(
        eventually(
          `the deliveries the kill at ${threshold} left leased delivered`,
          async () => kill.leased.length === 0 || (await count(`SELECT count(*)::int AS n FROM event_deliveries WHERE event_id = ANY($1::bigint[]) AND status = 'delivered'`, [kill.leased])) === kill.leased.length,
          120_000,
        ).then(() => void (kill.recoveryMs = Date.now() - killedAt)),
      );
      const before = receiver.arrivals.length;
      await api.start();
      kill.restartMs = Date.now() - killedAt;
      await receiver.reached(before + 1);
      kill.resumeMs = Date.now() - killedAt;
    }

    await eventually('every delivery done', async () => (await count(`SELECT count(*)::int AS n FROM event_deliveries WHERE status <> 'delivered'`)) === 0, 180_000);
    await Promise.all(recoveries);
    const deliverySeconds = (Date.now() - deliveryStarted) / 1000;
    // Late copies, if any, would come now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const copies = receiver.copies();
    const windowHits = new Map<string, number>();
    for (const kill of kills) for (const id of kill.receivedUnmarked) windowHits.set(id, (windowHits.get(id) ?? 0) + 1);
    const duplicated = [...copies].filter(([, n]) => n > 1).map(([id]) => id);
    const unexplained = duplicated.filter((id) => copies.get(id)! > 1 + (windowHits.get(id) ?? 0));
    const lost = events.filter((event: { id: string }) => !copies.has(event.id)).map((event: { id: string }) => event.id);
    const outOfOrder = receiver.outOfOrder();
    const report = {
      suite: 'webhook-crash',
      seed,
      events: events.length,
      delivered: copies.size,
      duplicates: receiver.arrivals.length - copies.size,
      duplicatesOutsideTheWindow: unexplained.length,
      lost: lost.length,
      requestsOutOfOrder: outOfOrder.length,
      unsigned: receiver.arrivals.filter((a) => !a.verified).length,
      kills: kills.map((k) => ({
        atArrivals: k.atArrivals,
        leased: k.leased.length,
        receivedUnmarked: k.receivedUnmarked.length,
        restartSeconds: seconds(k.restartMs),
        resumeSeconds: seconds(k.resumeMs),
        recoverySeconds: seconds(k.recoveryMs),
      })),
      recoverySeconds: seconds(Math.max(...kills.map((k) => k.recoveryMs))),
      leaseSeconds: LEASE_SECONDS,
      deliverySeconds: +deliverySeconds.toFixed(1),
      durationSeconds: +((Date.now() - suiteStarted) / 1000).toFixed(1),
    };
    console.log(`FAULT REPORT ${JSON.stringify(report)}`);
    if (duplicated.length) console.log(`repeated webhook-ids (copies): ${duplicated.map((id) => `${id}×${copies.get(id)}`).join(', ')}`);

    expect(api.kills).toBe(KILLS);
    expect(kills.every((kill) => kill.leased.length > 0)).toBe(true);
    // Every event came, each signed with the endpoint's secret, and nothing that is not an event of ours.
    expect(lost).toEqual([]);
    expect(copies.size).toBe(EVENTS);
    expect(report.unsigned).toBe(0);
    // A repeat only where a kill fell between the receiver's getting an event and its `delivered` mark (no
    // protocol closes that window: the receiver has it, the sender died before it could write that down).
    expect(unexplained).toEqual([]);
    // In order per request: no event of a request came after a later one of the same request, repeats included…
    expect(outOfOrder).toEqual([]);
    // …and each request's events all came, in the order they were written.
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
